import SchemaRegistryCore

/// An error answered with Confluent's JSON error body `{"error_code":..,"message":..}`.
///
/// Registry errors carry their own codes; transport errors (404, 405, 406, 415, 400, 413, 422)
/// use the HTTP status as `error_code`, as Confluent's rest-utils does.
struct APIError: Error, Sendable {
    var status: Int
    var errorCode: Int
    var message: String

    init(status: Int, errorCode: Int? = nil, message: String) {
        self.status = status
        self.errorCode = errorCode ?? status
        self.message = message
    }

    init(_ error: RegistryError) {
        self.init(status: error.httpStatus, errorCode: error.errorCode, message: error.message)
    }

    static let notFound = APIError(status: 404, message: "HTTP 404 Not Found")
    static let methodNotAllowed = APIError(status: 405, message: "HTTP 405 Method Not Allowed")
    static let notAcceptable = APIError(status: 406, message: "HTTP 406 Not Acceptable")
    static let unsupportedMediaType = APIError(status: 415, message: "HTTP 415 Unsupported Media Type")
    static let payloadTooLarge = APIError(status: 413, message: "Request body is too large")
    static let bodyRequired = APIError(status: 422, message: "Request body is required")

    static func badRequest(_ message: String) -> APIError { APIError(status: 400, message: message) }
}
