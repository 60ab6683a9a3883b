/// `${NAME}` and `${NAME:-default}` in configuration values, as a shell expands them, so a file
/// can be committed without its secrets. `$${` stands for a literal `${`; a `$` not followed by
/// `{` is kept as it is (bcrypt hashes and passwords contain them).
public enum VariableExpansion {
    /// `text` with every reference replaced; `undefined` gets the name of a variable that is
    /// not set and has no default.
    public static func expand(
        _ text: String, environment: [String: String], undefined: (String) -> ConfigurationError
    ) throws(ConfigurationError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                // `$${`: a literal `${`.
                result += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{"), let close = after.firstIndex(of: "}") {
                let reference = after[after.index(after: after.startIndex)..<close]
                let name: Substring, fallback: Substring?
                if let separator = reference.range(of: ":-") {
                    name = reference[..<separator.lowerBound]
                    fallback = reference[separator.upperBound...]
                } else {
                    name = reference
                    fallback = nil
                }
                if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                    result += value
                } else if let fallback {
                    result += fallback
                } else {
                    throw undefined(String(name))
                }
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        result += rest
        return result
    }
}
