/// The `format`s the validator can assert when asked to: `date-time`, `date`, `time`, `email`,
/// `ipv4`, `ipv6` and `uuid`, the ones serializer users rely on.
///
/// The drafts make `format` an annotation by default, so these checks only run when the
/// validator opts in; they follow RFC 3339, RFC 5321 (simplified), RFC 2673 and RFC 4291.
enum FormatAssertion {
    /// Whether `text` is a valid `format`; `nil` for a format this does not know.
    static func check(_ text: String, format: String) -> Bool? {
        switch format {
        case "date": return isDate(Substring(text))
        case "time": return isTime(Substring(text))
        case "date-time":
            guard let t = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
            return isDate(text[..<t]) && isTime(text[text.index(after: t)...])
        case "email": return isEmail(text)
        case "ipv4": return isIPv4(Substring(text))
        case "ipv6": return isIPv6(text)
        case "uuid": return isUUID(text)
        default: return nil
        }
    }

    private static func digits(_ s: Substring, count: Int) -> Int? {
        guard s.count == count, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    private static func isDate(_ s: Substring) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = digits(parts[0], count: 4), let month = digits(parts[1], count: 2),
            let day = digits(parts[2], count: 2), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    private static func isTime(_ s: Substring) -> Bool {
        var body = s
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
        } else {
            guard body.count > 6 else { return false }
            let offset = body.suffix(6)
            guard offset.first == "+" || offset.first == "-" else { return false }
            let hm = offset.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard hm.count == 2, let h = digits(hm[0], count: 2), let m = digits(hm[1], count: 2), h < 24, m < 60 else {
                return false
            }
            body = body.dropLast(6)
        }
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            body = body[..<dot]
        }
        let hms = body.split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, let h = digits(hms[0], count: 2), let m = digits(hms[1], count: 2),
            let sec = digits(hms[2], count: 2)
        else { return false }
        return h < 24 && m < 60 && sec <= 60
    }

    private static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty else {
            return false
        }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") { return false }
        return !s.contains(where: { $0.isWhitespace })
    }

    private static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                if part.count > 1 && part.hasPrefix("0") { return false }
                return Int(part)! <= 255
            }
    }

    private static func isIPv6(_ s: String) -> Bool {
        var text = Substring(s)
        var groupsAvailable = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(text[text.index(after: lastColon)...]) else { return false }
            text = text[...lastColon]
            if !text.hasSuffix("::") { text = text.dropLast() }
            groupsAvailable = 6
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return nil }
            return pieces.count
        }
        guard let first = groups(halves[0]) else { return false }
        if halves.count == 1 { return first == groupsAvailable }
        guard let second = groups(halves[1]) else { return false }
        return first + second < groupsAvailable
    }

    private static func isUUID(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}

extension Substring {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var result: [String] = []
        var rest = self
        while let range = rest.firstRange(of: separator) {
            result.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        result.append(String(rest))
        return result
    }
}
