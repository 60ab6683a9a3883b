import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import NIOCore
import SchemaRegistryCore
import SchemaRegistryServer
import Testing

/// Request rates per connection and per principal (429 with `Retry-After`), and the time a
/// client has to send a request.
@Suite("Request limits")
struct RequestLimitsTests {
    static let users: UsersFile = {
        var users = UsersFile()
        for name in ["alice", "bob"] { users.set(name, hash: Bcrypt.hash("pw", cost: 4)) }
        return users
    }()

    func withServer(
        _ limits: RequestLimits, users: UsersFile? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let registry = try await Registry(store: MemoryRegistryStore())
        let control = users.map { AccessControl(authenticator: Authenticator(users: $0)) }
        let responder = RegistryResponder(registry: RegistryBox(registry), accessControl: control, limits: limits)
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client) }
    }

    func get(_ client: any TestClientProtocol, _ path: String, user: String? = nil, headers extra: HTTPFields = [:]) async throws
        -> (status: Int, retryAfter: String?, text: String)
    {
        var headers = extra
        if let user { headers[.authorization] = "Basic " + Data("\(user):pw".utf8).base64EncodedString() }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return (Int(response.status.code), response.headers[.retryAfter], String(buffer: response.body))
    }

    @Test("a connection over its rate gets 429 with Retry-After and Confluent's error body; health checks are never limited")
    func connectionRate() async throws {
        // One request per 10 s: the bucket holds one, and refills long after this test.
        try await withServer(RequestLimits(connectionRequestsPerSecond: 0.1)) { client in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await get(client, "/subjects").status) }
            #expect(statuses == [200, 429, 429])
            let refused = try await get(client, "/schemas/types")
            #expect(refused.status == 429)
            #expect(refused.retryAfter.flatMap { Int($0) }.map { (1...10).contains($0) } == true, "\(refused.retryAfter ?? "none")")
            #expect(refused.text == #"{"error_code":429,"message":"Too Many Requests"}"#)
            let health = try await get(client, "/health/ready")
            #expect(health.status == 200)
        }
    }

    @Test("a client cannot spend another's wait or skip its own through the internal header")
    func internalHeader() async throws {
        let forged: HTTPFields = [HTTPField.Name("x-schema-registry-retry-after")!: "7"]
        try await withServer(RequestLimits(connectionRequestsPerSecond: 5)) { client in
            let reply = try await get(client, "/subjects", headers: forged)
            #expect(reply.status == 200)
        }
        try await withServer(RequestLimits()) { client in
            let reply = try await get(client, "/subjects", headers: forged)
            #expect(reply.status == 200)
        }
    }

    @Test("each principal has its own rate, over all its connections")
    func principalRate() async throws {
        try await withServer(RequestLimits(principalRequestsPerSecond: 0.1), users: Self.users) { client in
            let first = try await get(client, "/subjects", user: "alice")
            let second = try await get(client, "/subjects", user: "alice")
            let other = try await get(client, "/subjects", user: "bob")
            #expect(first.status == 200 && second.status == 429 && second.retryAfter != nil && other.status == 200)
        }
    }

    @Test("a client that does not finish its request in time is disconnected; one that does is served")
    func requestTimeout() async throws {
        // Both clients use connections of their own, opened here: the test client's connection
        // is opened before the test starts and may sit idle past the deadline on a busy machine.
        try await withServer(RequestLimits(requestTimeout: .seconds(2))) { client in
            let port = try #require(client.port)
            let served = try await InlineResponseTests.exchange(
                port: port, "GET /subjects HTTP/1.1\r\nHost: registry\r\nConnection: close\r\n\r\n")
            #expect(served.map(\.status) == [200])
            // Closed without an answer, well before the exchange's own 10 s read timeout.
            let clock = ContinuousClock()
            let started = clock.now
            let stalled = try await InlineResponseTests.exchange(port: port, "GET /subjects HTTP/1.1\r\nHost: registry\r\n")
            #expect(stalled.isEmpty && clock.now - started < .seconds(8))
        }
    }
}
