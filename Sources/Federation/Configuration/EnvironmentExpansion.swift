/// `${VAR}` and `${VAR:-default}` in configuration values, so secrets stay in the environment
/// (or a secret store that fills it) rather than in a file that is checked in.
///
/// A missing variable without a default is an error that names it: a registry silently
/// configured with an empty token fails much later and much less clearly.
public struct EnvironmentExpansion: Sendable {
    /// The variables to read from.
    public var environment: [String: String]

    /// Expands against `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The text with every reference replaced. `$$` is not special and a `$` not followed by
    /// `{` is kept as it is, so passwords holding `$` survive.
    ///
    /// - Throws: `.missingVariable` for `${VAR}` when `VAR` is unset; `.malformedReference`
    ///   for `${` without its `}` or with an empty or invalid name.
    public func expand(_ text: String) throws(FederationConfigurationError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            let body = rest[start.upperBound...]
            guard let close = body.firstIndex(of: "}") else {
                throw .malformedReference(String(rest[start.lowerBound...]))
            }
            let reference = body[..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = reference.range(of: ":-") {
                name = reference[..<separator.lowerBound]
                fallback = reference[separator.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard Self.isVariableName(name) else {
                throw .malformedReference("${\(reference)}")
            }
            if let value = environment[String(name)], !(fallback != nil && value.isEmpty) {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                throw .missingVariable(String(name))
            }
            rest = body[body.index(after: close)...]
        }
        result += rest
        return result
    }

    /// Letters, digits and `_`, not starting with a digit: what a shell accepts as a name.
    static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
