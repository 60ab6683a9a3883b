import JSONModel
import Testing

@Suite("Endpoints: switching into IMPORT")
struct ImportPurgeEndpointTests {
    @Test("PUT /mode IMPORT hard-deletes soft-deleted versions; a referenced one is 422/42206")
    func importPurge() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("ref", #"{"type":"record","name":"Ref","fields":[]}"#)
            let main = #"{"schema":"{\"type\":\"record\",\"name\":\"Main\",\"fields\":[{\"name\":\"r\",\"type\":\"Ref\"}]}","references":[{"name":"Ref","subject":"ref","version":1}]}"#
            #expect(try await client.call(.post, "/subjects/main/versions", body: main).status == 200)
            _ = try await client.call(.delete, "/subjects/main")
            _ = try await client.call(.delete, "/subjects/ref")
            let refused = try await client.call(.put, "/mode/ref", body: #"{"mode":"IMPORT"}"#)
            #expect(refused.status == 422 && refused.errorCode == 42206)
            #expect(try await client.call(.get, "/mode/ref").errorCode == 40409)
            #expect(try await client.call(.get, "/subjects/ref/versions?deleted=true").json == [1])
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"IMPORT"}"#).json == ["mode": "IMPORT"])
            #expect(try await client.call(.get, "/subjects/ref/versions?deleted=true").errorCode == 40401)
            #expect(try await client.call(.get, "/subjects?deleted=true").json == [])
            #expect(try await client.call(.get, "/schemas/ids/1").errorCode == 40403)
        }
    }
}
