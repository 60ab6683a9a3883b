import AsyncHTTPClient
import JSONModel
import NIOCore
import NIOHTTP1
import SchemaRegistryClient

/// The HTTP exchange the Glue and Unity Catalog backends share: one request with the
/// registry's deadline, the whole answer read (up to a bound), failures as `FederationError`.
struct BackendHTTP: Sendable {
    /// The shared connection pool (the client library's).
    var client: HTTPClient = SchemaRegistryClient.defaultHTTPClient
    /// The registry's `timeout`.
    var timeout: Duration
    /// The largest answer read; a bigger one is an error, not an unbounded allocation.
    var maximumResponseSize = 64 << 20

    /// A status and the body's bytes.
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]

        /// The body as JSON, or `.invalidResponse`.
        func json() throws(FederationError) -> JSONValue {
            do {
                return try JSONParser().parse(body)
            } catch {
                throw .invalidResponse("HTTP \(status) with a body that is not JSON (\(error))")
            }
        }
    }

    /// Sends one request and reads the whole answer within `timeout`; any status is returned
    /// (the caller reads the registry's errors).
    func send(_ method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]? = nil) async throws(FederationError) -> Response {
        // async-http-client's deadline covers the response head only; the race covers the body.
        try await withDeadline(timeout) { () throws(FederationError) in try await exchange(method, url: url, headers: headers, body: body) }
    }

    func exchange(_ method: HTTPMethod, url: String, headers: [(String, String)], body: [UInt8]?) async throws(FederationError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, timeout: deadline)
            let bytes = try await response.body.collect(upTo: maximumResponseSize)
            return Response(status: Int(response.status.code), body: Array(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timeout(timeout)
        } catch is CancellationError {
            throw .timeout(timeout)
        } catch {
            throw .unreachable("\(error)")
        }
    }
}

extension Duration {
    /// Milliseconds as a floating-point number.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
