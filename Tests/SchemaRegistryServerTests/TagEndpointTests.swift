import JSONModel
import HummingbirdTesting
import Testing

@Suite("Endpoints: POST /subjects/{subject}/versions/{version}/tags")
struct TagEndpointTests {
    static let record = #"{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}]}"#

    static func register(_ client: any TestClientProtocol, _ subject: String, _ schema: String, extra: String = "") async throws -> Reply {
        let body = String(JSONWriter.string(["schema": .string(schema)]).dropLast()) + extra + "}"
        return try await client.call(.post, "/subjects/\(subject)/versions", body: body)
    }

    @Test("tags added to and removed from a version make new versions that record their number")
    func addAndRemove() async throws {
        try await withServer { client async throws in
            #expect(try await Self.register(client, "test", Self.record).json?.objectValue?["id"] == 1)

            let add = #"{"newVersion":2,"tagsToAdd":[{"schemaEntity":{"entityPath":"myrecord","entityType":"sr_record"},"tags":["TAG1","TAG2"]}]}"#
            let added = try await client.call(.post, "/subjects/test/versions/latest/tags", body: add)
            #expect(added.status == 200, "\(added.text)")
            #expect(added.json?.objectValue?["id"] == 2)
            #expect(added.json?.objectValue?["version"] == 2)
            let v2 = try await client.call(.get, "/subjects/test/versions/latest").json?.objectValue
            #expect(v2?["schema"] == .string(#"{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}],"confluent:tags":["TAG1","TAG2"]}"#))
            #expect(v2?["version"] == 2)
            #expect(v2?["metadata"] == ["properties": ["confluent:version": "2"]])

            let remove = #"{"newVersion":3,"tagsToRemove":[{"schemaEntity":{"entityPath":"myrecord","entityType":"sr_record"},"tags":["TAG2"]}]}"#
            let removed = try await client.call(.post, "/subjects/test/versions/latest/tags", body: remove)
            #expect(removed.json?.objectValue?["id"] == 3)
            let v3 = try await client.call(.get, "/subjects/test/versions/3?findTags=TAG1").json?.objectValue
            #expect(v3?["schema"] == .string(#"{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}],"confluent:tags":["TAG1"]}"#))
            #expect(v3?["metadata"] == ["properties": ["confluent:version": "3"]])
            #expect(v3?["schemaTags"] == [["schemaEntity": ["entityPath": "myrecord", "entityType": "sr_record"], "tags": ["TAG1"]]])

            // Without newVersion the next version is taken, and recorded all the same.
            let field = #"{"tagsToAdd":[{"schemaEntity":{"entityPath":"myrecord.f1","entityType":"sr_field"},"tags":["PII"]}]}"#
            let fourth = try await client.call(.post, "/subjects/test/versions/1/tags", body: field)
            #expect(fourth.json?.objectValue?["version"] == 4)
            #expect(fourth.json?.objectValue?["metadata"] == ["properties": ["confluent:version": "4"]])
            #expect(try await client.call(.get, "/subjects/test/versions/4/schema").text
                == #"{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string","confluent:tags":["PII"]}]}"#)
        }
    }

    @Test("metadata replaces the version's, and rules merge into or drop out of the previous version's")
    func metadataAndRules() async throws {
        try await withServer { client async throws in
            let rules = #","ruleSet":{"domainRules":[{"name":"a","kind":"CONDITION","type":"CEL","mode":"WRITE","expr":"true"},{"name":"b","kind":"CONDITION","type":"CEL","mode":"WRITE","expr":"true"}]}"#
            #expect(try await Self.register(client, "orders", Self.record, extra: rules).status == 200)

            let merge = #"{"metadata":{"properties":{"owner":"team-a"}},"rulesToMerge":{"domainRules":[{"name":"c","kind":"CONDITION","type":"CEL","mode":"READ","expr":"true"}]},"rulesToRemove":["a"]}"#
            let merged = try await client.call(.post, "/subjects/orders/versions/1/tags", body: merge)
            #expect(merged.status == 200, "\(merged.text)")
            let v2 = try await client.call(.get, "/subjects/orders/versions/2").json?.objectValue
            #expect(v2?["metadata"] == ["properties": ["confluent:version": "2", "owner": "team-a"]])
            let names = v2?["ruleSet"]?.objectValue?["domainRules"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue }
            #expect(names == ["b", "c"])
            #expect(v2?["schema"] == .string(Self.record))
        }
    }

    @Test("errors: unknown subject or version, bad version, rule conflicts, a path naming nothing, a breaking change")
    func errors() async throws {
        try await withServer { client async throws in
            let add = #"{"tagsToAdd":[{"schemaEntity":{"entityPath":"myrecord","entityType":"sr_record"},"tags":["T"]}]}"#
            let noSubject = try await client.call(.post, "/subjects/nobody/versions/1/tags", body: add)
            #expect(noSubject.status == 404 && noSubject.json?.objectValue?["error_code"] == 40401)
            _ = try await Self.register(client, "test", Self.record)
            let noVersion = try await client.call(.post, "/subjects/test/versions/9/tags", body: add)
            #expect(noVersion.status == 404 && noVersion.json?.objectValue?["error_code"] == 40402)
            let badVersion = try await client.call(.post, "/subjects/test/versions/zero/tags", body: add)
            #expect(badVersion.status == 422 && badVersion.json?.objectValue?["error_code"] == 42202)

            let both = try await client.call(
                .post, "/subjects/test/versions/1/tags", body: #"{"ruleSet":{"domainRules":[]},"rulesToRemove":["x"]}"#)
            #expect(both.status == 422 && both.json?.objectValue?["error_code"] == 42210)
            #expect(both.message == "ruleSet should be omitted if specifying rulesToMerge or rulesToRemove")

            let nowhere = try await client.call(
                .post, "/subjects/test/versions/1/tags",
                body: #"{"tagsToAdd":[{"schemaEntity":{"entityPath":"myrecord.f9","entityType":"sr_field"},"tags":["T"]}]}"#)
            #expect(nowhere.status == 422 && nowhere.json?.objectValue?["error_code"] == 42201)
            #expect(nowhere.message == "java.lang.IllegalArgumentException: No matching path 'myrecord.f9' found in the schema")

            // A tag request on an old version is checked against the latest like any registration.
            let evolved = #"{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"},{"name":"f2","type":"int"}]}"#
            #expect(try await client.call(.put, "/config/test", body: #"{"compatibility":"FORWARD"}"#).status == 200)
            #expect(try await Self.register(client, "test", evolved).status == 200)
            let refused = try await client.call(.post, "/subjects/test/versions/1/tags", body: add)
            #expect(refused.status == 409, "\(refused.text)")
            #expect(refused.message?.hasPrefix(#"Schema being registered is incompatible with an earlier schema for subject "test""#) == true)
            #expect(try await client.call(.get, "/subjects/test/versions").json == [1, 2])
        }
    }
}
