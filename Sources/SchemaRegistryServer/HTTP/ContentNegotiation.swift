/// The media types Confluent's resources produce and consume.
enum MediaType: String, Sendable {
    case schemaRegistryV1 = "application/vnd.schemaregistry.v1+json"
    case schemaRegistry = "application/vnd.schemaregistry+json"
    case json = "application/json"
    /// Prometheus's text exposition format, for `/metrics` only (never negotiated).
    case prometheusText = "text/plain; version=0.0.4; charset=utf-8"
}

/// Content negotiation as Confluent (JAX-RS) does it.
enum ContentNegotiation {
    /// The response type for an `Accept` header: the best supported type by client weight then
    /// server preference (v1 1.0, plain 0.9, JSON 0.5); no header or any wildcard gives v1;
    /// `nil` when nothing supported is acceptable (406).
    static func responseType(accept: String?) -> MediaType? {
        guard let accept, !accept.trimmingCharacters().isEmpty else { return .schemaRegistryV1 }
        var best: (MediaType, Double)? = nil
        for item in accept.split(separator: ",") {
            let parts = item.split(separator: ";").map { String($0).trimmingCharacters() }
            guard let range = parts.first?.lowercased() else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.lowercased().hasPrefix("q=") {
                q = Double(p.dropFirst(2)) ?? 1.0
            }
            guard q > 0 else { continue }
            let candidates: [MediaType]
            switch range {
            case "*/*", "*", "application/*": candidates = [.schemaRegistryV1]
            case MediaType.schemaRegistryV1.rawValue: candidates = [.schemaRegistryV1]
            case MediaType.schemaRegistry.rawValue: candidates = [.schemaRegistry]
            case MediaType.json.rawValue: candidates = [.json]
            default:
                candidates = range.hasPrefix("*/") ? [.schemaRegistryV1] : []
            }
            for c in candidates {
                let score = q * serverWeight(c)
                if best == nil || score > best!.1 { best = (c, score) }
            }
        }
        return best?.0
    }

    static func serverWeight(_ type: MediaType) -> Double {
        switch type {
        case .schemaRegistryV1: return 1.0
        case .schemaRegistry: return 0.9
        case .json: return 0.5
        case .prometheusText: return 0
        }
    }

    /// Whether a request body's `Content-Type` is one Confluent consumes (parameters such as
    /// `charset` ignored); a missing header counts as `application/octet-stream`, which is accepted.
    static func acceptsBody(contentType: String?) -> Bool {
        guard let contentType else { return true }
        let type = contentType.split(separator: ";").first.map { String($0).trimmingCharacters().lowercased() } ?? ""
        switch type {
        case "", MediaType.schemaRegistryV1.rawValue, MediaType.schemaRegistry.rawValue, MediaType.json.rawValue,
            "application/octet-stream":
            return true
        default:
            return false
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
