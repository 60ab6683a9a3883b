import HummingbirdCore
import JSONModel

/// A request path split into percent-decoded segments, and its query parameters.
///
/// Routing works on decoded segments of the raw path, so a subject may contain `/` (sent as
/// `%2F`, as Protobuf import paths are) without being mistaken for a path separator, and a
/// trailing slash is ignored, as Confluent's clients rely on.
struct RequestPath: Sendable, Hashable {
    var segments: [String]
    var query: QueryParameters

    /// Splits a request target (`/subjects/a%2Fb/versions?deleted=true`) into decoded path
    /// segments and query parameters; `nil` when an escape is malformed.
    ///
    /// The path ends at the first `?`, the query at the first `#`, as Hummingbird's `URI` reads
    /// them; an absolute-form target (`http://host/path`) is read by `URI` itself. This runs for
    /// every request, so an origin-form target is split in one pass without intermediate arrays.
    init?(target: String) {
        let utf8 = target.utf8
        guard utf8.first == UInt8(ascii: "/") else {
            let uri = URI(target)
            guard let path = RequestPath(rawPath: uri.path, rawQuery: uri.query) else { return nil }
            self = path
            return
        }
        let queryStart = utf8.firstIndex(of: UInt8(ascii: "?"))
        let pathEnd = queryStart ?? utf8.endIndex
        var segments: [String] = []
        var segmentStart = utf8.index(after: utf8.startIndex)  // the leading "/" opens no segment
        var i = segmentStart
        while true {
            if i == pathEnd || utf8[i] == UInt8(ascii: "/") {
                guard let segment = Self.percentDecode(target[segmentStart..<i], plusIsSpace: false) else { return nil }
                segments.append(segment)
                if i == pathEnd { break }
                segmentStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if segments.last == "" { segments.removeLast() }
        self.segments = segments
        if let queryStart {
            let rest = target[utf8.index(after: queryStart)...]
            query = QueryParameters(raw: rest.utf8.firstIndex(of: UInt8(ascii: "#")).map { rest[..<$0] } ?? rest)
        } else {
            query = QueryParameters()
        }
    }

    /// Splits `rawPath` (no query) into decoded segments; `nil` when an escape is malformed.
    init?(rawPath: String, rawQuery: String?) {
        var parts = rawPath.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first == "" { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        var decoded: [String] = []
        for p in parts {
            guard let d = Self.percentDecode(p, plusIsSpace: false) else { return nil }
            decoded.append(d)
        }
        segments = decoded
        query = QueryParameters(raw: rawQuery.map { Substring($0) } ?? "")
    }

    /// Decodes `%XX` escapes (and `+` as a space in queries); `nil` for malformed escapes or
    /// bytes that are not UTF-8.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else { return String(text) }
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let b = bytes.next() {
            if b == UInt8(ascii: "%") {
                guard let h = bytes.next(), let l = bytes.next(), let hv = HexDigit.value(h), let lv = HexDigit.value(l) else { return nil }
                out.append(hv << 4 | lv)
            } else if plusIsSpace && b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// Query parameters with JAX-RS semantics: repeated keys keep every value, a boolean is true
/// only for `true` in any case (so Python's `normalize=False` is false, and `1` is false too).
struct QueryParameters: Sendable, Hashable {
    var values: [String: [String]] = [:]

    /// No parameters.
    init() {}

    /// Parses a raw query (`a=1&b=x%20y`, without the `?`).
    init(raw: Substring) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = RequestPath.percentDecode(kv[0], plusIsSpace: true) else { continue }
            let value = kv.count > 1 ? RequestPath.percentDecode(kv[1], plusIsSpace: true) ?? "" : ""
            values[key, default: []].append(value)
        }
    }

    /// The first value of `key`.
    subscript(key: String) -> String? { values[key]?.first }

    /// All values of `key`, in order.
    func all(_ key: String) -> [String] { values[key] ?? [] }

    /// JAX-RS boolean: true only for a case-insensitive `true`.
    func bool(_ key: String) -> Bool { self[key]?.lowercased() == "true" }

    /// An integer parameter; `nil` when present but not an integer (Confluent answers 404).
    func int(_ key: String, default value: Int) -> Int? {
        guard let text = self[key] else { return value }
        if text.isEmpty { return value }
        return Int(text)
    }
}
