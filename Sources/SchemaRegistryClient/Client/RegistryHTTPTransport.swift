import AsyncHTTPClient
import JSONModel
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends one API request to the first registry node that answers, retrying transient failures.
///
/// Fail-over and retries live here, below the endpoint methods, so that every call gets the
/// same behaviour: a node that refuses connections is skipped at once (the next node is tried
/// without waiting), while a node that answers 408, 429 or 5xx is asked again after a back-off.
/// The node that answered last is tried first next time, so a dead first URL costs one failed
/// connection per outage rather than one per request.
final class RegistryHTTPTransport: Sendable {
    /// The answer to a request: HTTP status and the whole body.
    struct Response: Sendable {
        var status: Int
        var body: ByteBuffer
    }

    let httpClient: HTTPClient
    let baseURLs: [String]
    let headers: HTTPHeaders
    let timeout: TimeAmount
    let retry: RetryPolicy
    let maximumResponseSize: Int
    /// Index into `baseURLs` of the node that answered last.
    private let preferred = Mutex(0)

    init(configuration: SchemaRegistryClientConfiguration, httpClient: HTTPClient) throws(SchemaRegistryClientError) {
        let urls = configuration.baseURLs.map { url in url.hasSuffix("/") ? String(url.dropLast()) : url }
        guard !urls.isEmpty else { throw .invalidRequest("no base URL given") }
        for url in urls where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalidRequest("base URL '\(url)' must start with http:// or https://")
        }
        self.httpClient = httpClient
        self.baseURLs = urls
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5")
        if let credentials = configuration.credentials {
            headers.add(name: "Authorization", value: credentials.authorizationHeader)
        }
        for header in configuration.additionalHeaders { headers.add(name: header.name, value: header.value) }
        self.headers = headers
        let (seconds, attoseconds) = configuration.requestTimeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.retry = configuration.retry
        self.maximumResponseSize = configuration.maximumResponseSize
    }

    /// Sends `method path?query` with an optional JSON body and returns the first answer that is
    /// not a transient failure. Non-2xx answers are returned, not thrown: the caller knows which
    /// statuses an endpoint treats as data (404 as "absent").
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(SchemaRegistryClientError) -> Response {
        var request = HTTPClientRequest(url: "")
        request.method = method
        request.headers = headers
        if let body {
            var bytes = [UInt8]()
            JSONWriter.write(body, to: &bytes)
            request.headers.add(name: "Content-Type", value: "application/vnd.schemaregistry.v1+json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        var reasons: [String] = []
        var attempt = 0
        while true {
            // One round: every node once, starting with the one that answered last.
            let start = preferred.withLock { $0 }
            for offset in 0..<baseURLs.count {
                let index = (start + offset) % baseURLs.count
                request.url = baseURLs[index] + path
                do {
                    let response = try await httpClient.execute(request, timeout: timeout)
                    let status = Int(response.status.code)
                    let bytes = try await response.body.collect(upTo: maximumResponseSize)
                    preferred.withLock { $0 = index }
                    if RetryPolicy.isRetriable(status: status), attempt < retry.maximumRetries {
                        reasons.append("\(baseURLs[index]) answered HTTP \(status)")
                        break  // retry this node after the back-off rather than fail over
                    }
                    return Response(status: status, body: bytes)
                } catch let error as HTTPClientError where error == .deadlineExceeded {
                    reasons.append("\(baseURLs[index]): no answer within the request timeout")
                } catch is CancellationError {
                    throw .unreachable(reasons: reasons + ["cancelled"])
                } catch {
                    reasons.append("\(baseURLs[index]): \(error)")
                }
            }
            attempt += 1
            guard attempt <= retry.maximumRetries else { throw .unreachable(reasons: reasons) }
            do {
                try await Task.sleep(for: retry.backoff(beforeRetry: attempt))
            } catch {
                throw .unreachable(reasons: reasons + ["cancelled"])
            }
        }
    }
}

/// Builds request paths: subjects are percent-encoded like Python's `quote(s, safe='')`, so
/// `/`, `:` and spaces in subject names survive every registry's router.
struct RequestPath {
    private(set) var text: String
    private var hasQuery = false

    init(_ segments: String...) {
        text = ""
        for segment in segments { text += "/" + segment }
    }

    /// Appends a segment that is user data (a subject, a context) and must be escaped.
    mutating func append(escaped segment: String) {
        text += "/" + Self.escape(segment)
    }

    /// Appends a literal segment.
    mutating func append(_ segment: String) {
        text += "/" + segment
    }

    /// Adds `name=value` to the query string; `nil` values are left out.
    mutating func query(_ name: String, _ value: String?) {
        guard let value else { return }
        text += (hasQuery ? "&" : "?") + name + "=" + Self.escape(value)
        hasQuery = true
    }

    /// Adds a boolean query parameter only when it is set, so defaults stay the server's.
    mutating func query(_ name: String, _ value: Bool?) {
        query(name, value.map { $0 ? "true" : "false" })
    }

    /// Adds an integer query parameter when given.
    mutating func query(_ name: String, _ value: Int?) {
        query(name, value.map(String.init))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
