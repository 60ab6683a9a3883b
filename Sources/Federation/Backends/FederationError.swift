/// Why one registry could not answer. Reported beside the other registries' results as
/// `{"registry_id","code","message","retryable"}`, so `code` is a stable token scripts branch on.
public enum FederationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call took longer than the registry's `timeout`.
    case timeout(Duration)
    /// No connection (refused, reset, DNS).
    case unreachable(String)
    /// The registry refused the credentials (HTTP 401 or 403).
    case unauthorized(status: Int, message: String)
    /// The registry does not hold the subject, schema or registry asked for.
    case notFound(String)
    /// The registry answered with an error status.
    case upstream(status: Int, message: String)
    /// The registry answered with something that is not what its API returns.
    case invalidResponse(String)
    /// The backend cannot do this (setting a mode on Unity Catalog, a global mode on Glue).
    case unsupported(String)
    /// The schema sent cannot be parsed in its format.
    case invalidSchema(String)
    /// The request cannot be carried out as asked (an unknown format, an empty subject).
    case invalidRequest(String)

    /// The stable token of the error (`timeout`, `unreachable`, ...).
    public var code: String {
        switch self {
        case .timeout: return "timeout"
        case .unreachable: return "unreachable"
        case .unauthorized: return "unauthorized"
        case .notFound: return "not_found"
        case .upstream: return "upstream_error"
        case .invalidResponse: return "invalid_response"
        case .unsupported: return "unsupported"
        case .invalidSchema: return "invalid_schema"
        case .invalidRequest: return "invalid_request"
        }
    }

    /// Whether the same call may succeed later: timeouts, lost connections, throttling and
    /// the registry's own failures (5xx), not refusals of the request itself.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .unreachable: return true
        case .upstream(let status, _): return status >= 500 || status == 429
        case .unauthorized, .notFound, .invalidResponse, .unsupported, .invalidSchema, .invalidRequest: return false
        }
    }

    public var description: String {
        switch self {
        case .timeout(let limit): return "no answer within \(Self.seconds(limit)) s"
        case .unreachable(let reason): return "unreachable: \(reason)"
        case .unauthorized(let status, let message): return "HTTP \(status): credentials refused: \(message)"
        case .notFound(let what): return what
        case .upstream(let status, let message): return "HTTP \(status): \(message)"
        case .invalidResponse(let reason): return "unexpected answer: \(reason)"
        case .unsupported(let reason), .invalidSchema(let reason), .invalidRequest(let reason): return reason
        }
    }

    /// A duration as seconds with up to three decimals (`2.5`, `30`).
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }
}
