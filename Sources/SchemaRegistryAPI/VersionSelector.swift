/// Which version of a subject a call is about: a number, or `latest` (also written `-1`).
public enum VersionSelector: Sendable, Hashable, CustomStringConvertible {
    /// A version number (1 and up).
    case number(Int)
    /// The newest live version.
    case latest

    /// Reads Confluent's version id: trimmed, `latest` in any case, `-1`, or an integer in
    /// [1, 2^31-1]; `nil` for anything else (the server's 42202).
    public init?(text: String) {
        var trimmed = Substring(text)
        while let f = trimmed.first, f.isWhitespace { trimmed.removeFirst() }
        while let l = trimmed.last, l.isWhitespace { trimmed.removeLast() }
        if trimmed.lowercased() == "latest" {
            self = .latest
        } else if let n = Int32(trimmed), n == -1 || n >= 1 {
            self = n == -1 ? .latest : .number(Int(n))
        } else {
            return nil
        }
    }

    /// The path segment: the number, or `latest`.
    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .latest: return "latest"
        }
    }
}
