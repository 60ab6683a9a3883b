import Foundation

/// The users of HTTP Basic authentication: one `NAME:BCRYPT-HASH` line per user, as
/// `htpasswd -B` writes them (blank lines and `#` comments allowed), so an existing file works
/// and `schema-registry users add` keeps a file `htpasswd` can read.
public struct UsersFile: Sendable, Equatable {
    /// Each user's bcrypt hash, by name.
    public private(set) var hashes: [String: String] = [:]
    /// The names in file order, so a rewritten file keeps its order.
    public private(set) var names: [String] = []

    /// Why a users file was refused, naming the line.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// An empty file.
    public init() {}

    /// Parses a file's text; `path` names it in errors.
    public init(text: String, path: String) throws(Invalid) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw Invalid(description: "\(path):\(index + 1): expected NAME:BCRYPT-HASH")
            }
            let name = String(line[..<colon]), hash = String(line[line.index(after: colon)...])
            guard Self.isBcrypt(hash) else {
                throw Invalid(description: "\(path):\(index + 1): the password of '\(name)' is not a bcrypt hash ($2a$, $2b$ or $2y$)")
            }
            guard hashes[name] == nil else { throw Invalid(description: "\(path):\(index + 1): '\(name)' is listed twice") }
            set(name, hash: hash)
        }
    }

    /// Reads the file at `path`.
    public init(contentsOf path: String) throws(Invalid) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Invalid(description: "\(path): cannot read the users file: \((error as NSError).localizedDescription)")
        }
        try self.init(text: text, path: path)
    }

    /// Adds a user, or replaces its hash.
    public mutating func set(_ name: String, hash: String) {
        if hashes.updateValue(hash, forKey: name) == nil { names.append(name) }
    }

    /// The file's text.
    public var text: String { names.map { "\($0):\(hashes[$0] ?? "")\n" }.joined() }

    /// Whether `hash` looks like a modular-crypt bcrypt hash.
    static func isBcrypt(_ hash: String) -> Bool {
        hash.count == 60 && ["$2a$", "$2b$", "$2y$"].contains(where: { hash.hasPrefix($0) })
    }
}
