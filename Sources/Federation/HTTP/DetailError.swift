import Hummingbird
import JSONModel
import NIOCore

/// A request the API refuses, answered as `{"detail": ...}` (the error shape of the
/// FastAPI-based federation tools this API is compatible with). Missing and mistyped fields
/// answer 422 with a list of `{"loc","msg","type"}`, as those tools do.
enum DetailError: Error {
    case badRequest(String)
    case notFound(String)
    case unprocessable(String)
    case missingField(String, in: String)
    case wrongType(String, expected: String)
    /// One registry failed a single-registry call.
    case registry(RegistryErrorReport)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .unprocessable, .missingField, .wrongType: return .unprocessableContent
        case .registry(let report):
            switch report.error {
            case .notFound: return .notFound
            case .timeout: return .gatewayTimeout
            case .invalidRequest: return .badRequest
            case .invalidSchema: return .unprocessableContent
            default: return .badGateway
            }
        }
    }

    var body: JSONValue {
        switch self {
        case .badRequest(let message), .notFound(let message), .unprocessable(let message): return ["detail": .string(message)]
        case .missingField(let field, let place):
            return ["detail": [["loc": [.string(place), .string(field)], "msg": "Field required", "type": "missing"]]]
        case .wrongType(let field, let expected):
            return ["detail": [["loc": ["body", .string(field)], "msg": .string("Input should be a valid \(expected)"), "type": "type_error"]]]
        case .registry(let report):
            return ["detail": .string("\(report.registryID): \(report.error.description)"), "error": FederationJSON.error(report)]
        }
    }
}

/// Turns `DetailError`s and Hummingbird's own errors (an unknown path, a body too large) into
/// JSON answers, so no answer of the API is an empty or HTML body.
struct DetailErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DetailError {
            return FederationAPI.json(error.body, status: error.status)
        } catch let error as HTTPResponseError {
            let status = error.status
            let detail = status == .notFound ? "Not Found" : status.reasonPhrase
            return FederationAPI.json(["detail": .string(detail)], status: status)
        }
    }
}
