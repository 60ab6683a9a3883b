/// A location inside a value, kept as components and rendered only when an error needs it.
///
/// Conversions push and pop components as they descend instead of concatenating strings, so a
/// successful conversion pays nothing for paths; union branch trials that fail render theirs.
struct AvroCodablePath: Sendable {
    /// One step down: a field or map key, or an array position.
    enum Component: Sendable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    init() {}

    /// The path of a Codable coding path; indices come from the bridge's own unkeyed containers.
    init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let key = key as? AvroCodingKey, let index = key.intValue { return .index(index) }
            return .key(key.stringValue)
        }
    }

    mutating func push(_ component: Component) {
        components.append(component)
    }

    mutating func pop() {
        components.removeLast()
    }

    /// `$`, then `.name` for identifier-like keys (every Avro field name is one), `["…"]` for
    /// other keys and `[n]` for positions.
    var rendered: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let i):
                text += "[\(i)]"
            case .key(let key) where Self.isIdentifier(key):
                text += "." + key
            case .key(let key):
                text += "[\"" + key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\"]"
            }
        }
        return text
    }

    /// Whether `key` matches `[A-Za-z_][A-Za-z0-9_]*`, Avro's name grammar.
    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || isDigit($0) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
