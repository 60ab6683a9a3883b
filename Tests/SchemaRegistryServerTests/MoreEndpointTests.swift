import JSONModel
import Testing

@Suite("Endpoints: ids, guids, references, metadata, IMPORT, context scopes")
struct MoreEndpointTests {
    @Test("schemas by guid and the guid's ids; fetchMaxId; subject echo on ids")
    func guids() async throws {
        try await withServer { (client) async throws in
            let registered = try await client.register("s", #""string""#)
            let guid = try #require(registered.json?.objectValue?["guid"]?.stringValue)
            #expect(try await client.call(.get, "/schemas/guids/\(guid)").json?.objectValue?["schema"] == #""string""#)
            #expect(try await client.call(.get, "/schemas/guids/\(guid)/ids").json == [["context": ".", "id": 1]])
            #expect(try await client.call(.get, "/schemas/guids/00000000-0000-0000-0000-000000000000").errorCode == 40403)
            #expect(try await client.call(.get, "/schemas/ids/1?fetchMaxId=true").json?.objectValue?["maxId"] == 1)
            let withSubject = try await client.call(.get, "/schemas/ids/1?subject=s").json?.objectValue
            #expect(withSubject?["subject"] == "s" && withSubject?["version"] == 1)
            #expect(try await client.call(.get, "/schemas/ids/1/schema").text == #""string""#)
        }
    }

    @Test("references: registered, listed by referencedby, guarding deletion with 42206")
    func references() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("address", #"{"type":"record","name":"Address","fields":[{"name":"city","type":"string"}]}"#)
            let body: JSONValue = [
                "schema": #"{"type":"record","name":"User","fields":[{"name":"home","type":"Address"}]}"#,
                "references": [["name": "Address", "subject": "address", "version": 1]],
            ]
            let user = try await client.call(.post, "/subjects/user/versions", body: JSONWriter.string(body))
            #expect(user.status == 200)
            #expect(try await client.call(.get, "/subjects/user/versions/1").json?.objectValue?["references"]
                == [["name": "Address", "subject": "address", "version": 1]])
            #expect(try await client.call(.get, "/subjects/address/versions/1/referencedby").json == [2])
            let refused = try await client.call(.delete, "/subjects/address/versions/1")
            #expect(refused.status == 422 && refused.errorCode == 42206)
        }
    }

    @Test("metadata is stored, returned and searchable; a bad rule set is 42210")
    func metadata() async throws {
        try await withServer { (client) async throws in
            let body: JSONValue = ["schema": #""int""#, "metadata": ["properties": ["owner": "team-a"]]]
            #expect(try await client.call(.post, "/subjects/s/versions", body: JSONWriter.string(body)).status == 200)
            let found = try await client.call(.get, "/subjects/s/metadata?key=owner&value=team-a")
            #expect(found.json?.objectValue?["metadata"] == ["properties": ["owner": "team-a"]])
            #expect(try await client.call(.get, "/subjects/s/metadata?key=owner&value=other").errorCode == 40403)
            let rules: JSONValue = ["schema": #""long""#, "ruleSet": ["domainRules": [["name": "r1", "type": "CEL", "mode": "UPGRADE"]]]]
            let bad = try await client.call(.post, "/subjects/t/versions", body: JSONWriter.string(rules))
            #expect(bad.errorCode == 42210 && bad.message == "Domain rules can only be WRITE, READ, WRITEREAD")
        }
    }

    @Test("IMPORT mode keeps explicit ids and versions; READWRITE afterwards continues past them")
    func importMode() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"IMPORT"}"#).json == ["mode": "IMPORT"])
            let imported = try await client.call(.post, "/subjects/s/versions", body: #"{"schema":"\"int\"","id":42,"version":7}"#)
            #expect(imported.json?.objectValue?["id"] == 42 && imported.json?.objectValue?["version"] == 7)
            #expect(try await client.call(.get, "/subjects/s/versions").json == [7])
            _ = try await client.call(.put, "/mode", body: #"{"mode":"READWRITE"}"#)
            #expect(try await client.register("t", #""long""#).json?.objectValue?["id"] == 43)
            let explicit = try await client.call(.post, "/subjects/u/versions", body: #"{"schema":"\"bytes\"","id":99}"#)
            #expect(explicit.errorCode == 42205 && explicit.message == "Subject u in context  is not in import mode")
        }
    }

    @Test("invalid subjects are 42208; deletedAsNegative marks soft-deleted versions")
    func subjects() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.register("__GLOBAL", #""int""#).errorCode == 42208)
            #expect(try await client.register("a%01b", #""int""#).errorCode == 42208)
            _ = try await client.register("s", #"{"type":"record","name":"R","fields":[]}"#)
            _ = try await client.register("s", #"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":0}]}"#)
            _ = try await client.call(.delete, "/subjects/s/versions/1")
            #expect(try await client.call(.get, "/subjects/s/versions?deletedAsNegative=true").json == [-1, 2])
        }
    }

    @Test("config and mode of a context, through the /contexts prefix and the qualified scope")
    func contextScopes() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.put, "/contexts/.ctx1/config", body: #"{"compatibility":"NONE"}"#).status == 200)
            #expect(try await client.call(.get, "/config/:.ctx1:").json == ["compatibilityLevel": "NONE"])
            _ = try await client.register(":.ctx1:a", #""int""#)
            #expect(try await client.register(":.ctx1:a", #""string""#).status == 200)
            #expect(try await client.register("a", #""int""#).status == 200)
            #expect(try await client.register("a", #""string""#).status == 409)
        }
    }
}
