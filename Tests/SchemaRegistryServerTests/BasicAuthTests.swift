import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import SchemaRegistryCore
import SchemaRegistryServer
import Testing

/// HTTP Basic authentication as Confluent's clients use it (`basic.auth.user.info`): every
/// endpoint needs a user of the users file, health and metrics stay open unless configured.
@Suite("HTTP Basic authentication")
struct BasicAuthTests {
    static let users: UsersFile = {
        var users = UsersFile()
        users.set("alice", hash: Bcrypt.hash("wonderland", cost: 4))
        users.set("bob", hash: Bcrypt.hash("builder", cost: 4))
        return users
    }()

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    func withAuthServer(
        protectsHealth: Bool = false, protectsMetrics: Bool = false, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let metrics = RegistryMetrics()
        let registry = try await Registry(store: MemoryRegistryStore(), observer: metrics)
        let control = AccessControl(authenticator: Authenticator(users: Self.users), protectsHealth: protectsHealth, protectsMetrics: protectsMetrics)
        let responder = RegistryResponder(registry: RegistryBox(registry), metrics: metrics, accessControl: control)
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client) }
    }

    func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, authorization: String? = nil, body: String? = nil
    ) async throws -> (status: Int, headers: HTTPFields, text: String) {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.schemaregistry.v1+json"
        if let authorization { headers[.authorization] = authorization }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (Int(response.status.code), response.headers, String(buffer: response.body))
    }

    @Test("no credentials, a wrong password, an unknown user or another scheme: 401 with Confluent's body and a Basic challenge")
    func refused() async throws {
        try await withAuthServer { client in
            for authorization in [nil, Self.basic("alice", "looking-glass"), Self.basic("carol", "wonderland"), "Bearer abc", "Basic !!!"] {
                let reply = try await call(client, .get, "/subjects", authorization: authorization)
                #expect(reply.status == 401, "\(authorization ?? "none")")
                #expect(reply.text == #"{"error_code":401,"message":"Unauthorized"}"#)
                #expect(reply.headers[.wwwAuthenticate] == #"Basic realm="schema-registry""#)
            }
            // Before routing, as Confluent's filter: an unknown path says 401, not 404.
            let unknown = try await call(client, .get, "/no/such/path")
            #expect(unknown.status == 401)
        }
    }

    @Test("a user of the file reads and writes; the credential is verified once, then answered from memory")
    func accepted() async throws {
        try await withAuthServer { client in
            let alice = Self.basic("alice", "wonderland")
            let registered = try await call(client, .post, "/subjects/orders-value/versions", authorization: alice, body: #"{"schema":"\"string\""}"#)
            #expect(registered.status == 200 && registered.text.contains(#""id":1"#))
            for _ in 0..<3 {
                let listed = try await call(client, .get, "/subjects", authorization: alice)
                #expect(listed.text == #"["orders-value"]"#)
            }
            let byBob = try await call(client, .get, "/schemas/ids/1", authorization: Self.basic("bob", "builder"))
            let unknown = try await call(client, .get, "/no/such/path", authorization: alice)
            #expect(byBob.status == 200 && unknown.status == 404)
            // A remembered credential is the exact header: another password for alice is checked anew.
            let other = try await call(client, .get, "/subjects", authorization: Self.basic("alice", "wonderland2"))
            #expect(other.status == 401)
        }
    }

    @Test("the request log names the user of each authenticated request")
    func principalInRequestLog() async throws {
        let captured = RequestLogTests.CapturedEvents()
        let logger = Logger(label: "requests") { _ in RequestLogTests.CapturingHandler(captured: captured) }
        let registry = try await Registry(store: MemoryRegistryStore())
        let responder = RegistryResponder(
            registry: RegistryBox(registry), requestLog: RequestLog(logger: logger, level: .info),
            accessControl: AccessControl(authenticator: Authenticator(users: Self.users)))
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        let requests: @Sendable (any TestClientProtocol) async throws -> Void = { client in
            _ = try await call(client, .get, "/subjects", authorization: Self.basic("alice", "wonderland"))
            _ = try await call(client, .get, "/subjects", authorization: Self.basic("alice", "wonderland"))
            _ = try await call(client, .get, "/subjects")
        }
        try await app.test(.live) { client in try await requests(client) }
        let principals = captured.events.withLock { $0.map { $0.2["principal"].map { "\($0)" } } }
        #expect(principals == ["alice", "alice", nil])
    }

    @Test("health checks and metrics are open by default and protected when configured")
    func openPaths() async throws {
        try await withAuthServer { client in
            let live = try await call(client, .get, "/health/live"), ready = try await call(client, .get, "/health/ready")
            let metrics = try await call(client, .get, "/metrics")
            #expect(live.status == 200 && ready.status == 200 && metrics.status == 200)
        }
        try await withAuthServer(protectsHealth: true, protectsMetrics: true) { client in
            let ready = try await call(client, .get, "/health/ready"), scraped = try await call(client, .get, "/metrics")
            #expect(ready.status == 401 && scraped.status == 401)
            let alice = Self.basic("alice", "wonderland")
            let readyWithCredentials = try await call(client, .get, "/health/ready", authorization: alice)
            #expect(readyWithCredentials.status == 200)
            let metrics = try await call(client, .get, "/metrics", authorization: alice)
            #expect(metrics.status == 200 && metrics.text.contains(#"route="unauthenticated",method="GET",status="401""#))
        }
    }

    @Test("users files: htpasswd -B lines, comments; malformed lines are named")
    func usersFiles() throws {
        let hash = Bcrypt.hash("x", cost: 4)
        let file = try UsersFile(text: "# team\nalice:\(hash)\n\nbob:\(hash.replacingOccurrences(of: "$2b$", with: "$2y$"))\n", path: "users")
        #expect(file.names == ["alice", "bob"])
        #expect(throws: UsersFile.Invalid(description: "users:1: expected NAME:BCRYPT-HASH")) { try UsersFile(text: "alice\n", path: "users") }
        #expect(throws: UsersFile.Invalid(description: "users:1: the password of 'alice' is not a bcrypt hash ($2a$, $2b$ or $2y$)")) {
            try UsersFile(text: "alice:secret\n", path: "users")
        }
        #expect(throws: UsersFile.Invalid(description: "users:2: 'alice' is listed twice")) {
            try UsersFile(text: "alice:\(hash)\nalice:\(hash)\n", path: "users")
        }
    }
}
