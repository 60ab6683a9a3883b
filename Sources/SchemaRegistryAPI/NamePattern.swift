/// A subject or context name pattern (access rules, `export --subjects`): `*` matches any run
/// of characters (the empty one too), `?` exactly one, anything else itself. `orders-*` is a
/// prefix, `*-value` a suffix, `*` all.
///
/// Globs rather than regular expressions because rules are written by operators in YAML and
/// on command lines, where a regular expression's escaping is a trap, and Kafka's own ACLs
/// think in literals and prefixes, which globs express.
public struct NamePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let description: String
    private let characters: [Character]

    /// A pattern from its text.
    public init(_ text: String) {
        description = text
        characters = Array(text)
    }

    /// Whether the pattern matches everything.
    public var matchesEverything: Bool { characters.allSatisfy { $0 == "*" } && !characters.isEmpty }

    /// Whether `name` matches.
    public func matches(_ name: String) -> Bool {
        if matchesEverything { return true }
        let text = Array(name)
        // The classic linear wildcard match: on a mismatch, return to the last `*` and let it
        // swallow one more character.
        var p = 0, t = 0
        var star: Int? = nil, resume = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || (characters[p] != "*" && characters[p] == text[t]) {
                p += 1
                t += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
