import HTTPTypes
import NIOHTTP1

/// The parts of a request head that decide its answer: method, target, the two media-type
/// headers and the credentials.
///
/// Requests reach `RegistryResponder.dispatch` from two transports that model heads
/// differently: Hummingbird hands over HTTPTypes' `HTTPRequest`, and `InlineResponseHandler`
/// sees NIO's `HTTPRequestHead` before any conversion (converting every read was a measurable
/// share of its cost). Both are reduced to this.
struct RequestHead: Sendable {
    var method: HTTPRequest.Method
    /// Path and query as sent (`/subjects/a%2Fb/versions?deleted=true`).
    var target: String
    var accept: String?
    var contentType: String?
    /// The credentials, when the request carries any.
    var authorization: String?
    /// The principal of the connection's verified client certificate, as
    /// `ClientCertificateHandler` put it there (trusted only on listeners that have one).
    var clientCertificatePrincipal: String?
    /// The seconds to wait that `ConnectionLimitHandler` put on a request over its connection's
    /// rate (trusted only on listeners that have one).
    var retryAfter: Int?

    /// `ClientCertificateHandler`'s header, for HTTPTypes.
    static let clientPrincipalField = HTTPField.Name(ClientCertificateHandler.headerName)!
    /// `ConnectionLimitHandler`'s header, for HTTPTypes.
    static let retryAfterField = HTTPField.Name(ConnectionLimitHandler.headerName)!

    /// The head of a request Hummingbird has converted.
    init(_ request: HTTPRequest) {
        method = request.method
        target = request.path ?? "/"
        accept = request.headerFields[.accept]
        contentType = request.headerFields[.contentType]
        authorization = request.headerFields[.authorization]
        clientCertificatePrincipal = request.headerFields[Self.clientPrincipalField]
        retryAfter = request.headerFields[Self.retryAfterField].flatMap { Int($0) }
    }

    /// The head of a request as NIO's HTTP/1.1 decoder produced it; `nil` for a method the
    /// registry has no route for (the caller forwards it, and Hummingbird answers).
    init?(_ head: HTTPRequestHead) {
        guard let method = HTTPRequest.Method(head.method.rawValue) else { return nil }
        self.method = method
        target = head.uri
        accept = Self.joined(head.headers, "accept")
        contentType = Self.joined(head.headers, "content-type")
        authorization = head.headers.first(name: "authorization")
        clientCertificatePrincipal = head.headers.first(name: ClientCertificateHandler.headerName)
        retryAfter = head.headers.first(name: ConnectionLimitHandler.headerName).flatMap { Int($0) }
    }

    /// A header's values joined as HTTPTypes joins them (`, `), or `nil` when absent.
    private static func joined(_ headers: HTTPHeaders, _ name: String) -> String? {
        let values = headers[name]
        switch values.count {
        case 0: return nil
        case 1: return values[0]
        default: return values.joined(separator: ", ")
        }
    }
}
