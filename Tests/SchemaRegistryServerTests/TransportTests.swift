import JSONModel
import Testing

@Suite("HTTP transport, as Confluent's clients rely on it")
struct TransportTests {
    @Test("GET / answers {} and health endpoints answer")
    func root() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.get, "/").text == "{}")
            #expect(try await client.call(.get, "/health/live").status == 200)
            #expect(try await client.call(.get, "/health/ready").status == 200)
        }
    }

    @Test("content negotiation: wildcard gives v1; application/json; weights; 406 for the unsupported")
    func negotiation() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.get, "/subjects", accept: "*/*").headers[.contentType] == "application/vnd.schemaregistry.v1+json")
            #expect(try await client.call(.get, "/subjects", accept: "application/json").headers[.contentType] == "application/json")
            let weighted = try await client.call(
                .get, "/subjects", accept: "application/vnd.schemaregistry.v2+json;q=0.1, application/vnd.schemaregistry+json;q=0.9")
            #expect(weighted.headers[.contentType] == "application/vnd.schemaregistry+json")
            let refused = try await client.call(.get, "/subjects", accept: "text/html")
            #expect(refused.status == 406)
            #expect(refused.text == #"{"error_code":406,"message":"HTTP 406 Not Acceptable"}"#)
        }
    }

    @Test("bodies: 415 for unsupported types, charset accepted, no Content-Type accepted, malformed JSON 400, missing body 422")
    func bodies() async throws {
        try await withServer { (client) async throws in
            let html = try await client.call(.post, "/subjects/s/versions", body: #"{"schema":"\"int\""}"#, contentType: "text/html")
            #expect(html.status == 415 && html.errorCode == 415)
            let charset = try await client.call(
                .post, "/subjects/s/versions", body: #"{"schema":"\"int\""}"#, contentType: "application/json; charset=utf-8")
            #expect(charset.status == 200)
            let none = try await client.call(.post, "/subjects/t/versions", body: #"{"schema":"\"int\""}"#, contentType: nil)
            #expect(none.status == 200)
            let malformed = try await client.call(.post, "/subjects/s/versions", body: "{bad")
            #expect(malformed.status == 400 && malformed.errorCode == 400)
            let missing = try await client.call(.post, "/subjects/s/versions")
            #expect(missing.status == 422 && missing.errorCode == 422)
            let unknownFields = try await client.call(.post, "/subjects/s/versions", body: #"{"schema":"\"int\"","bogus":1}"#)
            #expect(unknownFields.status == 200)
        }
    }

    @Test("a body over the limit is 413")
    func tooLarge() async throws {
        try await withServer { (client) async throws in
            let big = "{\"schema\":\"" + String(repeating: "x", count: 70 * 1024) + "\"}"
            #expect(try await client.call(.post, "/subjects/s/versions", body: big).status == 413)
        }
    }

    @Test("paths: unknown 404, wrong method 405, trailing slash tolerated, %2F inside a subject")
    func paths() async throws {
        try await withServer { (client) async throws in
            let unknown = try await client.call(.get, "/nothing/here")
            #expect(unknown.status == 404 && unknown.text == #"{"error_code":404,"message":"HTTP 404 Not Found"}"#)
            #expect(try await client.call(.get, "/schemas/ids/abc").status == 404)
            let wrong = try await client.call(.put, "/subjects")
            #expect(wrong.status == 405 && wrong.text == #"{"error_code":405,"message":"HTTP 405 Method Not Allowed"}"#)
            #expect(try await client.call(.get, "/config/").json == ["compatibilityLevel": "BACKWARD"])
            _ = try await client.register("google%2Fprotobuf%2Fx.proto", #""int""#)
            #expect(try await client.call(.get, "/subjects").json == ["google/protobuf/x.proto"])
            #expect(try await client.call(.get, "/subjects/google%2Fprotobuf%2Fx.proto/versions").json == [1])
        }
    }

    @Test("booleans are true only for 'true' in any case")
    func booleans() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""int""#)
            _ = try await client.call(.delete, "/subjects/s")
            #expect(try await client.call(.get, "/subjects?deleted=1").json == [])
            #expect(try await client.call(.get, "/subjects?deleted=False").json == [])
            #expect(try await client.call(.get, "/subjects?deleted=TRUE").json == ["s"])
        }
    }
}
