import SchemaRegistryClient
import Synchronization
import Testing

@Suite("Client: fail-over, retries, credentials, timeouts, caches")
struct ClientTransportTests {
    static let schemaAnswer = #"{"schemaType":"AVRO","schema":"\"string\""}"#

    @Test("a node that refuses connections is skipped for the next base URL")
    func failOver() async throws {
        try await withRegistry { url in
            let client = try makeClient([closedPortURL, url], retries: 0)
            #expect(try await client.register(subject: "s", schema: SchemaDefinition(schema: #""int""#)) == 1)
            #expect(try await client.subjects() == ["s"])
        }
    }

    @Test("no node reachable: 'unreachable' with one reason per attempt")
    func unreachable() async throws {
        let client = try makeClient([closedPortURL, "http://127.0.0.1:7"], retries: 1)
        let error = await #expect(throws: SchemaRegistryClientError.self) { try await client.subjects() }
        guard case .unreachable(let reasons) = error else { Issue.record("expected unreachable, got \(String(describing: error))"); return }
        #expect(reasons.count == 4)  // two nodes, two rounds
    }

    @Test("503 and 429 are retried with back-off until the registry answers")
    func retriesTransientFailures() async throws {
        try await withScriptedPeer({ count, _ in
            switch count {
            case 1: return (.serviceUnavailable, "")
            case 2: return (.tooManyRequests, #"{"error_code":429,"message":"slow down"}"#)
            default: return (.ok, #"["s"]"#)
            }
        }) { url, log in
            let client = try makeClient([url], retries: 3)
            #expect(try await client.subjects() == ["s"])
            #expect(log.paths.count == 3)
        }
    }

    @Test("retries give up after the policy's limit and report the last answer")
    func retriesGiveUp() async throws {
        try await withScriptedPeer({ _, _ in (.internalServerError, #"{"error_code":50001,"message":"Error in the backend data store"}"#) }) { url, log in
            let client = try makeClient([url], retries: 2)
            let error = await #expect(throws: SchemaRegistryClientError.self) { try await client.subjects() }
            #expect(error == .registry(status: 500, errorCode: 50001, message: "Error in the backend data store"))
            #expect(log.paths.count == 3)
        }
    }

    @Test("a 404 is an answer, not a failure: no retry")
    func noRetryOnClientErrors() async throws {
        try await withScriptedPeer({ _, _ in (.notFound, #"{"error_code":40401,"message":"Subject 's' not found."}"#) }) { url, log in
            let client = try makeClient([url], retries: 3)
            let error = await #expect(throws: SchemaRegistryClientError.self) { try await client.versions(subject: "s") }
            #expect(error?.errorCode == 40401)
            #expect(log.paths == ["/subjects/s/versions"])
        }
    }

    @Test("an error page without Confluent's JSON keeps the HTTP status as its code")
    func nonJSONError() async throws {
        try await withScriptedPeer({ _, _ in (.forbidden, "<html>forbidden</html>") }) { url, _ in
            let client = try makeClient([url])
            let error = await #expect(throws: SchemaRegistryClientError.self) { try await client.subjects() }
            #expect(error == .registry(status: 403, errorCode: 403, message: "<html>forbidden</html>"))
        }
    }

    @Test("basic and bearer credentials travel in the Authorization header")
    func credentials() async throws {
        try await withScriptedPeer({ _, _ in (.ok, "[]") }) { url, log in
            _ = try await makeClient([url], credentials: .basic(username: "svc", password: "s3cret:x")).subjects()
            _ = try await makeClient([url], credentials: .bearer(token: "tok.en")).subjects()
            #expect(log.authorizations == ["Basic c3ZjOnMzY3JldDp4", "Bearer tok.en"])
        }
    }

    @Test("a node slower than the request timeout counts as failed")
    func timeout() async throws {
        try await withScriptedPeer({ _, _ in
            try await Task.sleep(for: .seconds(1))
            return (.ok, "[]")
        }) { url, _ in
            let client = try makeClient([url], retries: 0, timeout: .milliseconds(200))
            let error = await #expect(throws: SchemaRegistryClientError.self) { try await client.subjects() }
            guard case .unreachable(let reasons) = error else { Issue.record("expected unreachable, got \(String(describing: error))"); return }
            #expect(reasons.first?.contains("timeout") == true)
        }
    }

    @Test("schemas by id are fetched once, also under 50 concurrent callers")
    func idCache() async throws {
        try await withScriptedPeer({ _, _ in (.ok, Self.schemaAnswer) }) { url, log in
            let client = try makeClient([url])
            _ = try await client.schema(id: 5)
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 { group.addTask { try await client.schema(id: 5).schema } }
                for try await text in group { #expect(text == #""string""#) }
            }
            #expect(log.paths == ["/schemas/ids/5"])
        }
    }

    @Test("the latest version is trusted for the TTL only")
    func latestTTL() async throws {
        try await withScriptedPeer({ count, _ in
            (.ok, #"{"subject":"s","version":\#(count),"id":\#(count),"schema":"\"string\""}"#)
        }) { url, log in
            let client = try makeClient([url], latestTTL: .milliseconds(300))
            #expect(try await client.latestVersion(subject: "s").version == 1)
            #expect(try await client.latestVersion(subject: "s").version == 1)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await client.latestVersion(subject: "s").version == 2)
            #expect(log.paths.count == 2)
        }
    }

    @Test("registrations are cached per subject and schema")
    func registrationCache() async throws {
        try await withScriptedPeer({ _, _ in (.ok, #"{"id":9}"#) }) { url, log in
            let client = try makeClient([url])
            for _ in 0..<3 { #expect(try await client.register(subject: "s", schema: SchemaDefinition(schema: #""string""#)) == 9) }
            _ = try await client.register(subject: "t", schema: SchemaDefinition(schema: #""string""#))
            #expect(log.paths == ["/subjects/s/versions?normalize=false", "/subjects/t/versions?normalize=false"])
        }
    }

    @Test("a bad base URL is refused when the client is made")
    func badBaseURL() {
        #expect(throws: SchemaRegistryClientError.invalidRequest("base URL 'localhost:8081' must start with http:// or https://")) {
            _ = try SchemaRegistryClient(url: "localhost:8081")
        }
        #expect(throws: SchemaRegistryClientError.invalidRequest("no base URL given")) {
            _ = try SchemaRegistryClient(configuration: SchemaRegistryClientConfiguration(baseURLs: []))
        }
    }
}
