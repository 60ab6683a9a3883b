import Hummingbird
import HummingbirdTesting
import NIOCore
import SchemaRegistryClient
import SchemaRegistryCore
import SchemaRegistryServer
import Synchronization
import Testing

/// Runs `body` with the base URL of a real registry server on a loopback socket, over a fresh
/// in-memory store.
func withRegistry(
    options: RegistryOptions = RegistryOptions(), _ body: @Sendable (_ url: String) async throws -> Void
) async throws {
    let registry = try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()], options: options)
    let responder = RegistryResponder(registry: RegistryBox(registry), maximumBodySize: 1 << 20)
    let app = Application(
        responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(try #require(client.port))")
    }
}

/// A client for `url` with short back-offs, so retry tests stay quick.
func makeClient(_ urls: [String], retries: Int = 3, timeout: Duration = .seconds(10), latestTTL: Duration? = .seconds(60),
                credentials: SchemaRegistryCredentials? = nil) throws -> SchemaRegistryClient {
    try SchemaRegistryClient(configuration: SchemaRegistryClientConfiguration(
        baseURLs: urls, credentials: credentials, requestTimeout: timeout,
        retry: RetryPolicy(maximumRetries: retries, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(20)),
        latestVersionTTL: latestTTL))
}

/// A loopback URL nothing listens on (the discard port, closed on these machines).
let closedPortURL = "http://127.0.0.1:9"

/// What a scripted peer saw: every request's method, path and Authorization header.
final class PeerLog: Sendable {
    private let entries = Mutex<[(path: String, authorization: String?)]>([])
    func record(_ path: String, _ authorization: String?) { entries.withLock { $0.append((path, authorization)) } }
    var paths: [String] { entries.withLock { $0.map(\.path) } }
    var authorizations: [String?] { entries.withLock { $0.map(\.authorization) } }
}

/// A registry stand-in whose answers a test scripts (failures before success, slow answers):
/// the misbehaviours of a real deployment (restarts, rate limits, a proxy) that our own server
/// never shows on purpose. `answer` gets the request count (1-based) and the path.
func withScriptedPeer(
    _ answer: @escaping @Sendable (_ count: Int, _ path: String) async throws -> (status: HTTPResponse.Status, body: String),
    _ body: @Sendable (_ url: String, _ log: PeerLog) async throws -> Void
) async throws {
    let log = PeerLog()
    let counter = Mutex(0)
    let router = Router()
    let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
        log.record(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""), request.headers[.authorization])
        let count = counter.withLock { $0 += 1; return $0 }
        let (status, text) = try await answer(count, request.uri.path)
        return Response(status: status, headers: [.contentType: "application/vnd.schemaregistry.v1+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
    router.get("**", use: handler)
    router.post("**", use: handler)
    router.get("/", use: handler)
    let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(try #require(client.port))", log)
    }
}
