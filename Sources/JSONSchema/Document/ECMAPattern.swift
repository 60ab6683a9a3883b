/// A compiled `pattern` (or `patternProperties` key), matched the way ECMA-262 regular
/// expressions match: an unanchored search over Unicode scalars, `\d` and `\w` ASCII only.
///
/// Swift's `Regex` accepts the ECMA-262 syntax schemas use in practice and needs no Foundation.
/// The compiled value is immutable, so sharing it across threads is safe even where the standard
/// library does not say so.
struct ECMAPattern: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; `nil` when it is not a regular expression we can run.
    init?(_ source: String) {
        guard let compiled = try? Regex(Self.translate(source)) else { return nil }
        self.source = source
        self.regex = compiled.matchingSemantics(.unicodeScalar).asciiOnlyDigits().asciiOnlyWordCharacters()
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    /// Rewrites the ECMA-262 escapes Swift spells differently: `\uXXXX` becomes `\u{XXXX}`, and
    /// `\cX` a control character escape.
    private static func translate(_ source: String) -> String {
        guard source.contains("\\") else { return source }
        var out = ""
        var chars = Array(source)[...]
        while let c = chars.popFirst() {
            guard c == "\\", let next = chars.first else {
                out.append(c)
                continue
            }
            chars.removeFirst()
            if next == "u", chars.count >= 4, chars.prefix(4).allSatisfy(\.isHexDigit) {
                out += "\\u{" + String(chars.prefix(4)) + "}"
                chars.removeFirst(4)
            } else if next == "c", let letter = chars.first, letter.isASCII, letter.isLetter,
                let value = letter.asciiValue
            {
                out += "\\x{" + String(value % 32, radix: 16) + "}"
                chars.removeFirst()
            } else {
                out.append("\\")
                out.append(next)
            }
        }
        return out
    }
}
