import HTTPTypes
import JSONModel
import NIOCore

/// A request as the route handlers see it: method, decoded path captures, query, body.
struct APIRequest: Sendable {
    var method: HTTPRequest.Method
    /// Values captured by `{name}` segments of the route pattern, in order.
    var captures: [String]
    var query: QueryParameters
    /// The raw body bytes; empty when there was none.
    var body: ByteBuffer
    /// Rendered entity bodies shared by all requests.
    var rendered: RenderedResponses

    /// The body as JSON: 422 when absent (Confluent's `@NotNull`), 400 when malformed.
    func json() throws(APIError) -> JSONValue {
        guard body.readableBytes > 0 else { throw APIError.bodyRequired }
        let bytes = body.readableBytesView
        do {
            return try JSONParser().parse(bytes)
        } catch {
            throw APIError.badRequest("Unrecognized token or malformed JSON: \(error.description)")
        }
    }

    /// The body as a JSON object (400 otherwise).
    func jsonObject() throws(APIError) -> JSONObject {
        guard case .object(let o) = try json() else { throw APIError.badRequest("Expected a JSON object") }
        return o
    }

    /// A capture by position.
    subscript(_ index: Int) -> String { captures[index] }
}

/// What a handler answers.
enum APIResponse: Sendable {
    /// A JSON entity.
    case json(JSONValue)
    /// Text written as the body verbatim (the `/schema` sub-resources).
    case raw(String)
    /// JSON already rendered.
    case body(ByteBuffer)
    /// 204 No Content.
    case noContent
}

/// One route: a method and a path pattern whose `{…}` segments capture.
struct Route: Sendable {
    typealias Handler = @Sendable (APIRequest) async throws -> APIResponse

    var method: HTTPRequest.Method
    var pattern: [String]
    var handler: Handler

    /// The captures when `segments` match the pattern.
    func match(_ segments: [String]) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var captures: [String] = []
        for (p, s) in zip(pattern, segments) {
            if p.hasPrefix("{") {
                captures.append(s)
            } else if p != s {
                return nil
            }
        }
        return captures
    }
}
