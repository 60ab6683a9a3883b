import JSONModel

/// RFC 6901 JSON Pointers, as used for schema paths, instance paths and `$ref` fragments.
///
/// Pointers are kept escaped (`~0`, `~1`) so that they can be concatenated and compared as text.
enum JSONPointer {
    /// `pointer` extended by one reference token.
    static func appending(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }

    /// `pointer` extended by an array index.
    static func appending(_ pointer: String, _ index: Int) -> String {
        pointer + "/" + String(index)
    }

    /// A reference token with `~` and `/` escaped.
    static func escape(_ token: String) -> String {
        // A byte scan: `String.contains(String)` resolves to Foundation's substring search, which
        // on Linux goes through CFString and was most of the time of validating a message.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingTildesAndSlashes()
    }

    /// The unescaped reference tokens of `pointer`; `nil` if it does not start with `/`.
    static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            String(token).unescapingPointerToken()
        }
    }

    /// The value `pointer` designates inside `root`, or `nil` if there is none.
    static func value(in root: JSONValue, at pointer: String) -> JSONValue? {
        guard let tokens = tokens(pointer) else { return nil }
        var current = root
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = arrayIndex(token), index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if token.count > 1 && token.hasPrefix("0") { return nil }
        return Int(token)
    }

    /// Decodes `%XX` escapes (a URI fragment is percent-encoded); `nil` for a malformed escape
    /// or bytes that are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(HexDigit.value), let low = iterator.next().flatMap(HexDigit.value) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// How a pointer is shown in messages: `/` for the whole document.
    static func display(_ pointer: String) -> String {
        pointer.isEmpty ? "/" : pointer
    }
}

extension String {
    fileprivate func replacingTildesAndSlashes() -> String {
        var out = ""
        for c in self {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }

    fileprivate func unescapingPointerToken() -> String {
        guard contains("~") else { return self }
        var out = ""
        var pendingTilde = false
        for c in self {
            if pendingTilde {
                switch c {
                case "0": out.append("~")
                case "1": out.append("/")
                default: out.append("~"); out.append(c)
                }
                pendingTilde = false
            } else if c == "~" {
                pendingTilde = true
            } else {
                out.append(c)
            }
        }
        if pendingTilde { out.append("~") }
        return out
    }
}
