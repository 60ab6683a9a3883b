import JSONModel
import Testing

@Suite("Endpoints: recursive mode deletes")
struct ModeScopeEndpointTests {
    @Test("DELETE /mode/{ctx}?recursive=true clears the context's subjects and answers {\"mode\": old}")
    func recursiveModeDelete() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.put, "/mode/:.ctx1:a", body: #"{"mode":"READONLY"}"#)
            _ = try await client.call(.put, "/contexts/.ctx1/mode/b", body: #"{"mode":"IMPORT"}"#)
            _ = try await client.call(.put, "/mode/c", body: #"{"mode":"READONLY"}"#)
            // Without recursive: the context has no mode of its own, so 40401 as before.
            let plain = try await client.call(.delete, "/mode/:.ctx1:")
            #expect(plain.status == 404 && plain.errorCode == 40401)
            let recursive = try await client.call(.delete, "/mode/:.ctx1:?recursive=true")
            #expect(recursive.status == 200 && recursive.json == ["mode": "READWRITE"])
            #expect(try await client.call(.get, "/mode/:.ctx1:a").errorCode == 40409)
            #expect(try await client.call(.get, "/mode/:.ctx1:b").errorCode == 40409)
            #expect(try await client.call(.get, "/mode/c").json == ["mode": "READONLY"])
            _ = try await client.call(.put, "/mode", body: #"{"mode":"READONLY"}"#)
            #expect(try await client.call(.delete, "/mode?recursive=true").json == ["mode": "READONLY"])
            #expect(try await client.call(.get, "/mode/c").errorCode == 40409)
            #expect(try await client.call(.get, "/mode").json == ["mode": "READWRITE"])
        }
    }
}
