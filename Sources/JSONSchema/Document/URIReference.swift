/// A URI reference split into its RFC 3986 parts, enough to resolve `$id` and `$ref` values.
///
/// Foundation's `URL` rejects many relative references schemas use (`#foo`, `item.json`) and
/// percent-encodes on the way, so identifiers would stop matching; this keeps the text as written.
struct URIReference: Hashable, Sendable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Splits `text` without validating it.
    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if let colon = rest.firstIndex(of: ":"), Self.isScheme(rest[..<colon]) {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    private static func isScheme(_ s: Substring) -> Bool {
        guard let first = s.first, first.isASCII, first.isLetter else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// The reference as text again.
    var text: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// The reference without its fragment: the identifier of a schema resource.
    var withoutFragment: String {
        var copy = self
        copy.fragment = nil
        return copy.text
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2). An empty base leaves relative
    /// references relative, so documents without `$id` still resolve among themselves.
    static func resolve(_ reference: String, against base: String) -> String {
        let r = URIReference(reference)
        if base.isEmpty || r.scheme != nil {
            var t = r
            t.path = removeDotSegments(r.path)
            return t.text
        }
        let b = URIReference(base)
        var t = URIReference("")
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.scheme = b.scheme
        t.fragment = r.fragment
        return t.text
    }

    private static func merge(base: URIReference, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    private static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        let absolute = path.hasPrefix("/")
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if absolute { segments.removeFirst() }
        var out: [Substring] = []
        for (i, segment) in segments.enumerated() {
            let isLast = i == segments.count - 1
            if segment == "." {
                if isLast { out.append("") }
            } else if segment == ".." {
                if !out.isEmpty { out.removeLast() }
                if isLast { out.append("") }
            } else {
                out.append(segment)
            }
        }
        return (absolute ? "/" : "") + out.joined(separator: "/")
    }
}
