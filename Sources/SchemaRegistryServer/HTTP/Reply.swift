import HTTPTypes
import JSONModel
import NIOCore
import SchemaRegistryAPI
import SchemaRegistryCore

/// A finished answer: status, media type and body bytes.
///
/// Both transports write it: Hummingbird's responder as a `Response`, and
/// `InlineResponseHandler` as HTTP parts on the event loop, so an answer's bytes do not
/// depend on which of them served the request.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var mediaType: MediaType
    /// `nil` for 204 No Content.
    var body: ByteBuffer?
    /// The `WWW-Authenticate` header of a 401.
    var challenge: String? = nil
    /// The `Retry-After` header of a 429, in seconds.
    var retryAfter: Int? = nil

    /// 429 for a request over its connection's or its principal's rate, with the seconds to
    /// wait; Confluent's clients retry it after a back-off.
    static func tooManyRequests(_ mediaType: MediaType, retryAfter: Int) -> Reply {
        var reply = Reply(APIError(status: 429, errorCode: 429, message: "Too Many Requests"), mediaType: mediaType)
        reply.retryAfter = retryAfter
        return reply
    }

    /// 401 with Confluent's body and the schemes' challenges, for a request without valid credentials.
    static func unauthorized(_ mediaType: MediaType, challenge: String) -> Reply {
        var reply = Reply(APIError(status: 401, errorCode: 401, message: "Unauthorized"), mediaType: mediaType)
        reply.challenge = challenge.isEmpty ? nil : challenge
        return reply
    }

    /// The 200 answer of a handler.
    init(_ response: APIResponse, mediaType: MediaType) {
        self.mediaType = mediaType
        switch response {
        case .json(let value):
            status = .ok
            body = ByteBuffer(json: value)
        case .body(let buffer):
            status = .ok
            body = buffer
        case .raw(let text):
            status = .ok
            body = ByteBuffer(string: text)
        case .noContent:
            status = .noContent
            body = nil
        case .multiStatus(let value):
            status = HTTPResponse.Status(code: 207, reasonPhrase: "Multi-Status")
            body = ByteBuffer(json: value)
        }
    }

    /// Confluent's error body `{"error_code":..,"message":..}` for any error a handler throws;
    /// anything that is neither an `APIError` nor a `RegistryError` is a 500 (a defect).
    init(_ error: any Error, mediaType: MediaType) {
        let api: APIError
        switch error {
        case let e as APIError: api = e
        case let e as RegistryError: api = APIError(e)
        default: api = APIError(status: 500, errorCode: 500, message: "Internal Server Error")
        }
        self.mediaType = mediaType
        status = HTTPResponse.Status(code: api.status)
        body = ByteBuffer(json: ErrorEntity(errorCode: api.errorCode, message: api.message).json)
    }
}

/// What the responder decided for a request (`RegistryResponder.dispatch`).
enum Dispatch: Sendable {
    /// The answer is known: an error, a health check, or a `read` route already run.
    case reply(Reply)
    /// A POST or PUT whose route can only be chosen once its body has been read.
    case needsBody(MediaType)
    /// A `task` route: run `handler` with the request off the event loop.
    case task(@Sendable (APIRequest) async throws -> APIResponse, APIRequest, MediaType)
    /// Credentials seen for the first time: verify them off the event loop, then dispatch again.
    case authenticate(MediaType)
}
