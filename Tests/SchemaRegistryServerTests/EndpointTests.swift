import JSONModel
import Testing

@Suite("Endpoints: shapes, codes and messages")
struct EndpointTests {
    static let v1 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}"#
    static let v2 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"long","default":0}]}"#
    static let breaking = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"c","type":"long"}]}"#

    @Test("register, read back, evolve, be refused a breaking change")
    func lifecycle() async throws {
        try await withServer { (client) async throws in
            let first = try await client.register("orders-value", Self.v1)
            #expect(first.json?.objectValue?["id"] == 1 && first.json?.objectValue?["version"] == 1)
            let v = try await client.call(.get, "/subjects/orders-value/versions/latest")
            #expect(v.json?.objectValue?["schema"] == .string(Self.v1))
            #expect(v.json?.objectValue?["subject"] == "orders-value")
            #expect(try await client.call(.get, "/subjects/orders-value/versions/1/schema").text == Self.v1)
            #expect(try await client.register("orders-value", Self.v2).json?.objectValue?["id"] == 2)
            let refused = try await client.register("orders-value", Self.breaking)
            #expect(refused.status == 409 && refused.errorCode == 409)
            #expect(refused.message?.hasPrefix(#"Schema being registered is incompatible with an earlier schema for subject "orders-value", details: ["#) == true)
            #expect(try await client.call(.get, "/schemas/ids/1").json == ["schemaType": "AVRO", "schema": .string(Self.v1), "guid": try #require(first.json?.objectValue?["guid"])])
            #expect(try await client.call(.get, "/schemas/ids/1/versions").json == [["subject": "orders-value", "version": 1]])
            #expect(try await client.call(.get, "/schemas/ids/7").message == "Schema 7 not found")
        }
    }

    @Test("version errors: 42202 message, 40401, 40402")
    func versionErrors() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""int""#)
            let zero = try await client.call(.get, "/subjects/s/versions/0")
            #expect(zero.status == 422 && zero.errorCode == 42202)
            #expect(zero.message == #"The specified version '0' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest""#)
            #expect(try await client.call(.get, "/subjects/nope/versions/1").message == "Subject 'nope' not found.")
            #expect(try await client.call(.get, "/subjects/s/versions/200").message == "Version 200 not found.")
            #expect(try await client.call(.get, "/subjects/s/versions/-1").status == 200)
        }
    }

    @Test("deletes answer a bare int or a list")
    func deletes() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", Self.v1)
            _ = try await client.register("s", Self.v2)
            #expect(try await client.call(.delete, "/subjects/s/versions/2").text == "2")
            #expect(try await client.call(.get, "/subjects/s/versions?deleted=true").json == [1, 2])
            #expect(try await client.call(.delete, "/subjects/s").text == "[1]")
            #expect(try await client.call(.delete, "/subjects/s?permanent=true").text == "[1,2]")
        }
    }

    @Test("compatibility endpoint with and without verbose; config and mode shapes")
    func compatibilityConfigMode() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", Self.v1)
            let body = JSONWriter.string(["schema": .string(Self.breaking)])
            #expect(try await client.call(.post, "/compatibility/subjects/s/versions/latest", body: body).json == ["is_compatible": false])
            let verbose = try await client.call(.post, "/compatibility/subjects/s/versions?verbose=true", body: body)
            #expect(verbose.json?.objectValue?["messages"]?.arrayValue?.count == 4)
            #expect(try await client.call(.post, "/compatibility/subjects/nope/versions/latest", body: body).json == ["is_compatible": true])
            #expect(try await client.call(.put, "/config", body: #"{"compatibility":"forward"}"#).json == ["compatibility": "FORWARD"])
            #expect(try await client.call(.get, "/config").json == ["compatibilityLevel": "FORWARD"])
            let bad = try await client.call(.put, "/config", body: #"{"compatibility":"bogus"}"#)
            #expect(bad.errorCode == 42203)
            #expect(try await client.call(.get, "/config/s").errorCode == 40408)
            #expect(try await client.call(.get, "/mode").json == ["mode": "READWRITE"])
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"READONLY"}"#).json == ["mode": "READONLY"])
            #expect(try await client.register("s", Self.v2).message == "Subject s in context  is in read-only mode")
        }
    }

    @Test("contexts: the /contexts/{ctx}/ prefix equals the qualified subject")
    func contexts() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.register(":.ctx1:a", #""long""#).json?.objectValue?["id"] == 1)
            #expect(try await client.call(.get, "/contexts").json == [".", ".ctx1"])
            #expect(try await client.call(.get, "/contexts/.ctx1/subjects/a/versions").json == [1])
            #expect(try await client.call(.get, "/subjects").json == [":.ctx1:a"])
            #expect(try await client.call(.get, "/schemas/types").json == ["AVRO", "JSON", "PROTOBUF"])
            // Confluent's normalizeContext: one leading and trailing colon go, another is 400.
            #expect(try await client.call(.get, "/contexts/:.ctx1:/subjects/a/versions").json == [1])
            let colon = try await client.call(.get, "/contexts/a:b/subjects/s/versions")
            #expect(colon.status == 400 && colon.text == #"{"error_code":400,"message":"Context name 'a:b' cannot contain a colon"}"#)
        }
    }
}
