/// Every name a file can refer to: its own messages and enums, its imports', and the
/// packages that contain them, each by its full name (no leading dot).
///
/// Lookup follows protoc's scoping: a relative name is tried in the innermost scope first,
/// then each enclosing one, out to the root; a dotted name resolves its first part that way
/// and the rest inside what the first part found.
struct ProtoSymbolTable {
    enum Kind: Sendable, Equatable {
        case message
        case `enum`
        case package
    }

    private(set) var symbols: [String: Kind] = [:]

    /// The scalar type names, which are never looked up.
    static let scalarNames = Set(ProtoDescriptorBuilder.scalarTypes.keys)

    /// The names of `file` and of every file it can see (`ProtoWellKnownFiles.visibleFiles`).
    init(file: ProtoFile, dependencies: [ProtoFile]) {
        add(file)
        for visible in ProtoWellKnownFiles.visibleFiles(for: file, dependencies: dependencies) { add(visible) }
    }

    init() {}

    /// Adds everything `file` declares.
    mutating func add(_ file: ProtoFile) {
        var prefix = ""
        if let package = file.package {
            for part in package.split(separator: ".") {
                prefix += (prefix.isEmpty ? "" : ".") + part
                if symbols[prefix] == nil { symbols[prefix] = .package }
            }
        }
        for declaration in file.declarations {
            switch declaration {
            case .message(let m): add(m, in: prefix)
            case .enum(let e): symbols[Self.join(prefix, e.name)] = .enum
            case .service, .extend: break
            }
        }
    }

    private mutating func add(_ message: ProtoMessage, in scope: String) {
        let name = Self.join(scope, message.name)
        symbols[name] = .message
        for nested in message.nestedMessages { add(nested, in: name) }
        for e in message.nestedEnums { symbols[Self.join(name, e.name)] = .enum }
    }

    static func join(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    /// Resolves `name` as written in `scope` (a message's or the package's full name) to a
    /// full name and its kind.
    func resolve(_ name: String, in scope: String) -> (fullName: String, kind: Kind)? {
        if name.hasPrefix(".") {
            let full = String(name.dropFirst())
            return symbols[full].map { (full, $0) }
        }
        // Walked without splitting strings: this runs for every field of every comparison.
        let dot = name.firstIndex(of: ".")
        let first = dot.map { String(name[..<$0]) } ?? name
        let rest = dot.map { String(name[name.index(after: $0)...]) }
        var scope = Substring(scope)
        while true {
            let candidate = scope.isEmpty ? first : scope + "." + first
            if let kind = symbols[candidate] {
                if let rest {
                    if kind != .enum {
                        let full = candidate + "." + rest
                        // protoc does not look further out once the first part is found.
                        return symbols[full].map { (full, $0) }
                    }
                } else if kind != .package {
                    // A type is wanted: a package of that name does not hide a type further out.
                    return (candidate, kind)
                }
            }
            guard !scope.isEmpty else { return nil }
            scope = scope.lastIndex(of: ".").map { scope[..<$0] } ?? ""
        }
    }
}
