import HTTPTypes
import JSONModel
import NIOCore
import SchemaRegistryCore

/// A request as the route handlers see it: method, decoded path captures, query, body.
struct APIRequest: Sendable {
    var method: HTTPRequest.Method
    /// Values captured by `{name}` segments of the route pattern, in order.
    var captures: [String]
    var query: QueryParameters
    /// The raw body bytes; empty when there was none.
    var body: ByteBuffer
    /// Rendered bodies shared by all requests.
    var caches: ResponseCaches
    /// The subjects the caller may see, when access rules restrict it; listings show only these.
    var visible: SubjectVisibility? = nil

    /// The body as JSON: 422 when absent (Confluent's `@NotNull`), 400 when malformed.
    ///
    /// UTF-16 and UTF-32 bodies, and a byte-order mark, are read as Jackson reads them
    /// (`JSONTextEncoding`); plain UTF-8, what every client sends, goes to the parser as it is.
    func json() throws(APIError) -> JSONValue {
        guard body.readableBytes > 0 else { throw APIError.bodyRequired }
        let bytes = body.readableBytesView
        if case (.utf8, 0) = JSONTextEncoding.detect(bytes) { return try Self.parse(bytes) }
        guard let utf8 = JSONTextEncoding.utf8Bytes(bytes) else {
            throw APIError.badRequest("Invalid UTF-16 or UTF-32 in the request body")
        }
        return try Self.parse(utf8)
    }

    private static func parse(_ bytes: some Collection<UInt8>) throws(APIError) -> JSONValue {
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
    /// 207 Multi-Status: a batch whose items carry their own results or errors.
    case multiStatus(JSONValue)
}

/// One route: a method and a path pattern whose `{…}` segments capture.
struct Route: Sendable {
    /// How a route's answer is produced, which decides where it runs.
    enum Handler: Sendable {
        /// Cheap reads of in-memory state, answered on the connection's event loop without a
        /// task hop (see `InlineResponseHandler`).
        case read(@Sendable (APIRequest) throws -> APIResponse)
        /// Writes, which wait for the store, and CPU-heavy work such as compatibility checks,
        /// which must not hold an event loop: run in a task by Hummingbird.
        case task(@Sendable (APIRequest) async throws -> APIResponse)
    }

    var method: HTTPRequest.Method
    var pattern: [String]
    var handler: Handler
    /// The pattern as a path (`/subjects/{subject}/versions`), the metrics' route label.
    var label: String { "/" + pattern.joined(separator: "/") }

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

/// Collects the routes of the API while the responder is built; every handler is given the
/// loaded registry (or the request fails with 503 while it loads).
final class RouteTable {
    private(set) var routes: [Route] = []
    private let box: RegistryBox

    init(_ box: RegistryBox) { self.box = box }

    /// Adds a route answered on the event loop: it must only read memory, briefly.
    func read(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (APIRequest, Registry) throws -> APIResponse) {
        let box = self.box
        routes.append(Route(method: method, pattern: Self.pattern(path), handler: .read { request in try handler(request, try box.require()) }))
    }

    /// Adds a route answered in a task: writes and anything that may take long.
    func task(
        _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (APIRequest, Registry) async throws -> APIResponse
    ) {
        let box = self.box
        routes.append(
            Route(method: method, pattern: Self.pattern(path), handler: .task { request in try await handler(request, try box.require()) }))
    }

    private static func pattern(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }
}
