import HTTPTypes
import Hummingbird
import JSONModel
import NIOCore
import SchemaRegistryCore
import Synchronization

/// The HTTP front of the registry: Confluent's REST API v1 plus health endpoints.
///
/// Routing is done here rather than with Hummingbird's router because Confluent's paths need
/// percent-decoding per segment (subjects with `/`), context prefixes rewritten into
/// subjects, 405 for known paths with other methods, and its exact error bodies everywhere.
public struct RegistryResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let registryBox: RegistryBox
    let maximumBodySize: Int
    let routes: [Route]
    let rendered = RenderedResponses()

    /// Creates the responder.
    ///
    /// - Parameters:
    ///   - registry: holds the registry once loaded; until then the API answers 503 and
    ///     `/health/ready` says not ready.
    ///   - maximumBodySize: larger request bodies are answered with 413.
    public init(registry: RegistryBox, maximumBodySize: Int = 16 * 1024 * 1024) {
        self.registryBox = registry
        self.maximumBodySize = maximumBodySize
        self.routes = Self.buildRoutes(registry)
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let accept = request.headers[.accept]
        let mediaType = ContentNegotiation.responseType(accept: accept)
        do {
            guard let mediaType else { throw APIError.notAcceptable }
            let rawPath = request.uri.path
            guard let path = RequestPath(rawPath: rawPath, rawQuery: request.uri.query) else { throw APIError.notFound }
            if let health = healthResponse(path.segments, mediaType: mediaType) { return health }
            var body = ByteBuffer()
            if request.method == .post || request.method == .put {
                guard ContentNegotiation.acceptsBody(contentType: request.headers[.contentType]) else {
                    throw APIError.unsupportedMediaType
                }
                var request = request
                do {
                    body = try await request.collectBody(upTo: maximumBodySize)
                } catch {
                    throw APIError.payloadTooLarge
                }
            }
            let (contextSegments, contextQuery) = ContextPrefix.rewrite(path.segments, query: path.query)
            let (segments, query) = AliasFilter.rewrite(contextSegments, query: contextQuery, registry: registryBox.registry)
            var pathMatched = false
            for route in routes {
                guard let captures = route.match(segments) else { continue }
                pathMatched = true
                guard route.method == request.method else { continue }
                let apiRequest = APIRequest(method: request.method, captures: captures, query: query, body: body, rendered: rendered)
                let response = try await route.handler(apiRequest)
                return Self.response(response, mediaType: mediaType)
            }
            throw pathMatched ? APIError.methodNotAllowed : APIError.notFound
        } catch let error as APIError {
            return Self.errorResponse(error, mediaType: mediaType ?? .schemaRegistryV1)
        } catch let error as RegistryError {
            return Self.errorResponse(APIError(error), mediaType: mediaType ?? .schemaRegistryV1)
        } catch {
            return Self.errorResponse(APIError(status: 500, errorCode: 500, message: "Internal Server Error"), mediaType: mediaType ?? .schemaRegistryV1)
        }
    }

    func healthResponse(_ segments: [String], mediaType: MediaType) -> Response? {
        guard segments.count == 2, segments[0] == "health" else { return nil }
        switch segments[1] {
        case "live":
            return Self.response(.json(["status": .string("UP")]), mediaType: mediaType)
        case "ready":
            if registryBox.registry != nil { return Self.response(.json(["status": .string("UP")]), mediaType: mediaType) }
            return Self.errorResponse(APIError(status: 503, message: "The registry is loading its state"), mediaType: mediaType)
        default:
            return nil
        }
    }

    static func headers(_ mediaType: MediaType) -> HTTPFields {
        switch mediaType {
        case .schemaRegistryV1: return v1Headers
        case .schemaRegistry: return plainHeaders
        case .json: return jsonHeaders
        }
    }

    private static let v1Headers = makeHeaders(.schemaRegistryV1)
    private static let plainHeaders = makeHeaders(.schemaRegistry)
    private static let jsonHeaders = makeHeaders(.json)

    private static func makeHeaders(_ mediaType: MediaType) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = mediaType.rawValue
        headers[.cacheControl] = "no-cache, no-store, must-revalidate"
        headers[HTTPField.Name("X-XSS-Protection")!] = "1; mode=block"
        return headers
    }

    static func response(_ response: APIResponse, mediaType: MediaType) -> Response {
        switch response {
        case .json(let value):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(256)
            JSONWriter.write(value, to: &bytes)
            return Response(status: .ok, headers: headers(mediaType), body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .body(let buffer):
            return Response(status: .ok, headers: headers(mediaType), body: ResponseBody(byteBuffer: buffer))
        case .raw(let text):
            return Response(status: .ok, headers: headers(mediaType), body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .noContent:
            return Response(status: .noContent, headers: headers(mediaType))
        }
    }

    static func errorResponse(_ error: APIError, mediaType: MediaType) -> Response {
        let body: JSONValue = .object(["error_code": .integer(Int64(error.errorCode)), "message": .string(error.message)])
        var bytes: [UInt8] = []
        JSONWriter.write(body, to: &bytes)
        return Response(
            status: HTTPResponse.Status(code: error.status), headers: headers(mediaType),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Where the responder finds the registry; empty until the state is loaded.
public final class RegistryBox: Sendable {
    private let value = Mutex<Registry?>(nil)

    /// Creates an empty box, or one holding `registry`.
    public init(_ registry: Registry? = nil) { value.withLock { $0 = registry } }

    /// The registry, once loaded.
    public var registry: Registry? { value.withLock { $0 } }

    /// Makes the registry available (the server becomes ready).
    public func set(_ registry: Registry) { value.withLock { $0 = registry } }

    /// The registry, or 503 while loading.
    func require() throws(APIError) -> Registry {
        guard let registry else { throw APIError(status: 503, message: "The registry is loading its state") }
        return registry
    }
}

/// Confluent's `ContextFilter`: `/contexts/{ctx}/...` addresses the same API inside a context.
enum ContextPrefix {
    /// Rewrites `contexts/.ctx/subjects/foo/...` to `subjects/:.ctx:foo/...`, the context's own
    /// `config` and `mode` to the context scope, and qualifies `subject`/`subjectPrefix`.
    static func rewrite(_ segments: [String], query: QueryParameters) -> ([String], QueryParameters) {
        guard segments.count >= 3, segments[0] == "contexts" else { return (segments, query) }
        let context = segments[1].hasPrefix(".") ? segments[1] : "." + segments[1]
        var rest = Array(segments.dropFirst(2))
        func qualify(_ s: String) -> String { s.hasPrefix(":.") || s.hasPrefix(":*:") ? s : ":" + context + ":" + s }
        if let i = rest.firstIndex(of: "subjects"), i + 1 < rest.count {
            rest[i + 1] = qualify(rest[i + 1])
        } else if rest.first == "config" || rest.first == "mode" {
            if rest.count >= 2 { rest[1] = qualify(rest[1]) } else { rest.append(":" + context + ":") }
        }
        var query = query
        for key in ["subject", "subjectPrefix"] {
            if let values = query.values[key] { query.values[key] = values.map(qualify) }
        }
        if query.values["subjectPrefix"] == nil, rest.first == "subjects" || rest.first == "schemas" {
            query.values["subjectPrefix"] = [":" + context + ":"]
        }
        return (rest, query)
    }
}
