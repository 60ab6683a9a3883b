import SchemaRegistryAPI

/// Why a call to a schema registry failed.
///
/// The cases separate what a caller can act on: the registry answered with Confluent's error
/// JSON (`registry`, whose `errorCode` is the same number every Confluent client reports), no
/// base URL could be reached at all (`unreachable`, worth alerting on), the answer was not what
/// the API promises (`invalidResponse`, usually a proxy or a non-registry behind the URL), or
/// the request could not even be formed (`invalidRequest`).
public enum SchemaRegistryClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The registry refused the request: HTTP `status` with Confluent's `error_code` and `message`.
    case registry(status: Int, errorCode: Int, message: String)
    /// Every base URL failed at the transport level (or kept failing after the retries);
    /// `reasons` holds the last failure seen for each attempt, oldest first.
    case unreachable(reasons: [String])
    /// The registry answered, but not with what the endpoint returns.
    case invalidResponse(status: Int, reason: String)
    /// The arguments cannot form a request (an empty subject, a bad base URL).
    case invalidRequest(String)

    /// Confluent's `error_code`, when the registry sent one; lets callers branch on 40401 and
    /// friends without matching the whole case.
    public var errorCode: Int? {
        if case .registry(_, let code, _) = self { return code }
        return nil
    }

    /// The entry of Confluent's code table for `errorCode`, when it is one (409, what
    /// registries sent for an incompatible schema before 40901, reads as `incompatibleSchema`).
    public var code: ErrorCode? {
        guard let errorCode else { return nil }
        return errorCode == 409 ? .incompatibleSchema : ErrorCode(rawValue: errorCode)
    }

    /// The HTTP status, when the registry answered.
    public var httpStatus: Int? {
        switch self {
        case .registry(let status, _, _), .invalidResponse(let status, _): return status
        case .unreachable, .invalidRequest: return nil
        }
    }

    public var description: String {
        switch self {
        case .registry(let status, let code, let message):
            return "schema registry error \(code) (HTTP \(status)): \(message)"
        case .unreachable(let reasons):
            return "schema registry unreachable: " + reasons.joined(separator: "; ")
        case .invalidResponse(let status, let reason):
            return "unexpected schema registry response (HTTP \(status)): \(reason)"
        case .invalidRequest(let reason):
            return "invalid schema registry request: \(reason)"
        }
    }
}
