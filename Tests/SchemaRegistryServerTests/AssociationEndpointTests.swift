import JSONModel
import SchemaRegistryCore
import Testing

/// Confluent's Associations API: a topic's key and value subjects, and who owns them.
@Suite("Associations API")
struct AssociationEndpointTests {
    static let topicCreate = #"{"resourceName":"orders","resourceNamespace":"lkc-1","resourceId":"u-1","associations":[{"associationType":"value","schema":{"schema":"\"string\""}}]}"#

    @Test("a topic created with its schema gets a strong, frozen association to its own subject, found by id, name, and subject")
    func createStrong() async throws {
        try await withServer { (client) async throws in
            let created = try await client.call(.post, "/associations", body: Self.topicCreate)
            #expect(created.status == 200)
            let entry = try #require(created.json?.objectValue?["associations"]?.arrayValue?.first?.objectValue)
            #expect(entry["subject"] == ":.lkc-1:orders-value" && entry["lifecycle"] == "STRONG" && entry["frozen"] == nil)
            #expect(entry["schema"]?.objectValue?["version"] == 1 && entry["schema"]?.objectValue?["id"] == 1)
            #expect(try await client.call(.get, "/subjects/:.lkc-1:orders-value/versions").json == [1])

            for path in [
                "/associations/resources/u-1", "/associations/resources/lkc-1/orders", "/associations/resources/-/orders?associationType=value",
                "/associations/subjects/:.lkc-1:orders-value",
            ] {
                let list = try await client.call(.get, path)
                let item = try #require(list.json?.arrayValue?.first?.objectValue, "\(path)")
                #expect(list.json?.arrayValue?.count == 1)
                #expect(item["resourceId"] == "u-1" && item["resourceType"] == "topic" && item["associationType"] == "value")
                #expect(item["guid"]?.stringValue?.count == 36 && item["createTs"]?.integerValue != nil && item["updateTs"] != nil)
            }
            #expect(try await client.call(.get, "/associations/resources/u-1?associationType=key").json == [])
            #expect(try await client.call(.get, "/associations/subjects/nothing").json == [])
            #expect(try await client.call(.get, "/associations/resources/u-1?lifecycle=strong").status == 404)

            // The same create again changes nothing and lists nothing; other content is 40903.
            let again = try await client.call(.post, "/associations", body: Self.topicCreate)
            #expect(again.status == 200 && again.json?.objectValue?["associations"] == nil)
            let other = try await client.call(.post, "/associations", body: Self.topicCreate.replacingOccurrences(of: #"\"string\""#, with: #"\"long\""#))
            #expect(other.status == 409 && other.errorCode == 40903
                && other.message == "An association of type 'value' already exists for resource 'orders'")
        }
    }

    @Test("a strong association holds its subject: no delete, no reference, frozen until a cascading delete takes both")
    func strongHoldsSubject() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.post, "/associations", body: Self.topicCreate)
            let deleteSubject = try await client.call(.delete, "/subjects/:.lkc-1:orders-value")
            #expect(deleteSubject.status == 409 && deleteSubject.errorCode == 40904)
            let lastVersion = try await client.call(.delete, "/subjects/:.lkc-1:orders-value/versions/1")
            #expect(lastVersion.status == 409 && lastVersion.errorCode == 40907)
            let referencing = JSONWriter.string([
                "schema": #"{"type":"record","name":"R","fields":[{"name":"x","type":"string"}]}"#,
                "references": [["name": "x", "subject": ":.lkc-1:orders-value", "version": 1]],
            ])
            let reference = try await client.call(.post, "/subjects/ref/versions", body: referencing)
            #expect(reference.status == 422 && reference.errorCode == 42205
                && reference.message == "Subject ':.lkc-1:orders-value' has a strong association and cannot be referenced")

            let frozen = try await client.call(.delete, "/associations/resources/u-1")
            #expect(frozen.status == 409 && frozen.errorCode == 40908
                && frozen.message == "The association of type  'value' is frozen for subject ':.lkc-1:orders-value'")
            #expect(try await client.call(.delete, "/associations/resources/u-1?cascadeLifecycle=true&dryRun=true").status == 204)
            #expect(try await client.call(.get, "/associations/resources/u-1").json?.arrayValue?.count == 1)
            #expect(try await client.call(.delete, "/associations/resources/u-1?cascadeLifecycle=true").status == 204)
            #expect(try await client.call(.get, "/associations/resources/u-1").json == [])
            #expect(try await client.call(.get, "/subjects/:.lkc-1:orders-value/versions?deleted=true").errorCode == 40401)
            let gone = try await client.call(.delete, "/associations/resources/u-1")
            #expect(gone.status == 404 && gone.errorCode == 40410 && gone.message == "Association for 'u-1' not found.")
        }
    }

    @Test("weak associations share an existing subject; its lifecycle and subject rules are Confluent's")
    func weakShared() async throws {
        try await withServer { (client) async throws in
            let weak = #"{"resourceName":"t1","resourceNamespace":"lkc-1","resourceId":"u-1","associations":[{"subject":"shared"}]}"#
            let noVersion = try await client.call(.post, "/associations", body: weak)
            #expect(noVersion.status == 409 && noVersion.errorCode == 40907
                && noVersion.message == "No active (non-deleted) version exists for subject 'shared'")
            _ = try await client.register("shared", #""int""#)
            let created = try await client.call(.post, "/associations", body: weak)
            #expect(created.json?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["lifecycle"] == "WEAK")
            let second = weak.replacingOccurrences(of: "u-1", with: "u-2").replacingOccurrences(of: "t1", with: "t2")
            #expect(try await client.call(.post, "/associations", body: second).status == 200)
            #expect(try await client.call(.get, "/associations/subjects/shared").json?.arrayValue?.count == 2)
            // A weak association is not frozen: deleting it leaves the subject.
            #expect(try await client.call(.delete, "/associations/resources/u-2?cascadeLifecycle=true").status == 204)
            #expect(try await client.call(.get, "/subjects/shared/versions").json == [1])

            let weakWithSchema = try await client.call(
                .post, "/associations",
                body: #"{"resourceName":"t3","resourceNamespace":"n","resourceId":"u-3","associations":[{"subject":"s","lifecycle":"WEAK","schema":{"schema":"\"int\""}}]}"#)
            #expect(weakWithSchema.status == 422 && weakWithSchema.errorCode == 42212
                && weakWithSchema.message == "The association specified an invalid value for property: 'lifecycle', detail: cannot be WEAK when schema is provided")
            let mixed = try await client.call(
                .post, "/associations",
                body: #"{"resourceName":"t1","resourceNamespace":"lkc-1","resourceId":"u-1","associations":[{"associationType":"key","schema":{"schema":"\"int\""}}]}"#)
            #expect(mixed.errorCode == 42212
                && mixed.message == "The association specified an invalid value for property: 'lifecycle', detail: all associations for a resource must have the same lifecycle, but got value=WEAK, key=STRONG")
        }
    }

    @Test("requests are checked in Confluent's order with its texts")
    func validation() async throws {
        try await withServer { (client) async throws in
            let cases: [(String, String)] = [
                (#"{"resourceNamespace":"n","resourceId":"u","associations":[{"subject":"s"}]}"#, "'resourceName', detail: cannot be null or empty"),
                (#"{"resourceName":"a.b","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"s"}]}"#, "'resourceName', detail: illegal character '.'"),
                (#"{"resourceName":"a","resourceNamespace":"n","associations":[{"subject":"s"}]}"#, "'resourceId', detail: cannot be null or empty"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","resourceType":"table","associations":[{"subject":"s"}]}"#, "'resourceType', detail: must be 'topic'"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[]}"#, "'associations', detail: cannot be null or empty"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"s","associationType":"both"}]}"#, "'associationType', detail: must be either 'key' or 'value'"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"s","lifecycle":"STRONG","frozen":false}]}"#, "'frozen', detail: association with lifecycle of STRONG cannot be frozen=false"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[{"subject":":.n:a-value","lifecycle":"WEAK"}]}"#, "'subject', detail: WEAK associations cannot use subject ':.n:a-value'"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"s"},{"subject":"t"}]}"#, "'associationType', detail: may only appear once per request, but 'value' appears more than once"),
                (#"{"resourceName":"a","resourceNamespace":"n","resourceId":"u","associations":[{"lifecycle":"STRONG"}]}"#, "'schema', detail: schema must be provided when creating a frozen association"),
            ]
            for (body, detail) in cases {
                let reply = try await client.call(.post, "/associations", body: body)
                #expect(reply.status == 422 && reply.errorCode == 42212, "\(body)")
                #expect(reply.message == "The association specified an invalid value for property: " + detail, "\(body)")
            }
            #expect(try await client.call(.post, "/associations", body: #"{"associations":[{"lifecycle":"strong"}]}"#).status == 400)
            let mismatch = try await client.call(.put, "/associations/resources/u-9", body: #"{"resourceName":"a","resourceNamespace":"n","resourceId":"u-1","associations":[{"subject":"s"}]}"#)
            #expect(mismatch.errorCode == 42212
                && mismatch.message == "The association specified an invalid value for property: 'resourceId', detail: Resource ID in the path parameter does not match the resource ID in the request body")
            // A dry run checks without writing, and needs no resource id.
            let dry = try await client.call(.post, "/associations?dryRun=true", body: #"{"resourceName":"a","resourceNamespace":"n","associations":[{"schema":{"schema":"\"int\""}}]}"#)
            #expect(dry.status == 200 && dry.json == ["resourceName": "a", "resourceNamespace": "n", "resourceType": "topic"])
            #expect(try await client.call(.get, "/subjects/:.n:a-value/versions").errorCode == 40401)
        }
    }

    @Test("an upsert evolves a strong association's subject with a compatible schema, and cannot add a strong one")
    func upsert() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.post, "/associations", body: Self.topicCreate)
            let v2 = #"{"resourceName":"orders","resourceNamespace":"lkc-1","associations":[{"associationType":"value","schema":{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}"}}]}"#
            let incompatible = try await client.call(.put, "/associations/resources/u-1", body: v2)
            #expect(incompatible.status == 409 && incompatible.message?.hasPrefix("Schema being registered is incompatible") == true)
            _ = try await client.call(.put, "/config/:.lkc-1:orders-value", body: #"{"compatibility":"NONE"}"#)
            let evolved = try await client.call(.put, "/associations/resources/u-1", body: v2)
            #expect(evolved.status == 200)
            #expect(try await client.call(.get, "/subjects/:.lkc-1:orders-value/versions").json == [1, 2])
            let strongNew = try await client.call(
                .put, "/associations/resources/u-1",
                body: #"{"resourceName":"orders","resourceNamespace":"lkc-1","associations":[{"associationType":"key","lifecycle":"STRONG"}]}"#)
            #expect(strongNew.errorCode == 42212
                && strongNew.message == "The association specified an invalid value for property: 'lifecycle', detail: cannot be STRONG when creating an association; STRONG associations must be created with the topic")
            // A weak association of another type is added by an upsert, once the subject exists;
            // the resource's lifecycles must agree, so here it is refused.
            _ = try await client.register("shared-key", #""int""#)
            let weakKey = try await client.call(
                .put, "/associations/resources/u-1",
                body: #"{"resourceName":"orders","resourceNamespace":"lkc-1","associations":[{"associationType":"key","subject":"shared-key"}]}"#)
            #expect(weakKey.errorCode == 42212 && weakKey.message?.contains("all associations for a resource must have the same lifecycle") == true)
        }
    }

    @Test("an upsert of a new resource adds a weak association; equivalent upserts are skipped")
    func upsertWeak() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("shared", #""int""#)
            let body = #"{"resourceName":"t","resourceNamespace":"n","associations":[{"subject":"shared"}]}"#
            let first = try await client.call(.put, "/associations/resources/u-7", body: body)
            #expect(first.json?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["lifecycle"] == "WEAK")
            #expect(first.json?.objectValue?["resourceId"] == "u-7")
            let second = try await client.call(.put, "/associations/resources/u-7", body: body)
            #expect(second.status == 200 && second.json?.objectValue?["associations"] == nil)
        }
    }

    @Test("batches: 207 with a result or an error per request, in order")
    func batches() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("shared", #""int""#)
            let mutate = #"{"requests":[{"resourceName":"t2","resourceNamespace":"lkc-1","resourceId":"u-2","associations":[{"opType":"CREATE","subject":"shared","lifecycle":"WEAK"},{"opType":"DELETE","associationType":"key"}]},{"resourceName":"t3","resourceNamespace":"lkc-1","resourceId":"u-3","associations":[{"opType":"CREATE","subject":"missing"}]},{"error":{"error_code":40000,"message":"passed"}}]}"#
            let mutated = try await client.call(.post, "/associations:batchMutate", body: mutate)
            #expect(mutated.status == 207)
            let results = try #require(mutated.json?.objectValue?["results"]?.arrayValue)
            #expect(results.count == 3)
            #expect(results[0].objectValue?["result"]?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["subject"] == "shared")
            #expect(results[1] == ["error": ["error_code": 40907, "message": "No active (non-deleted) version exists for subject 'missing'"]])
            #expect(results[2] == ["error": ["error_code": 40000, "message": "passed"]])

            let get = #"{"requests":[{"resourceId":"u-2"},{"resourceName":"t2","resourceNamespace":"-","associationTypes":["value"]},{}]}"#
            let got = try await client.call(.post, "/associations:batchGet?includeSchemas=true", body: get)
            #expect(got.status == 207)
            let found = try #require(got.json?.objectValue?["results"]?.arrayValue)
            #expect(found[0].objectValue?["result"]?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["schema"]?.objectValue?["schema"] == #""int""#)
            #expect(found[1].objectValue?["result"]?.objectValue?["resourceId"] == "u-2")
            #expect(found[2].objectValue?["error"]?.objectValue?["error_code"] == 500)
            // Adjacent upserts run as one; a frozen association in a delete op is 40908 in its entry;
            // a dry run writes nothing.
            _ = try await client.call(.post, "/associations", body: Self.topicCreate)
            let frozenDelete = #"{"requests":[{"resourceName":"orders","resourceNamespace":"lkc-1","resourceId":"u-1","associations":[{"opType":"DELETE"}]}]}"#
            let frozen = try await client.call(.post, "/associations:batchMutate", body: frozenDelete)
            #expect(frozen.json?.objectValue?["results"]?.arrayValue?.first?.objectValue?["error"]?.objectValue?["error_code"] == 40908)
            _ = try await client.register("k", #""string""#)
            let upserts = #"{"requests":[{"resourceName":"t9","resourceNamespace":"lkc-1","resourceId":"u-9","associations":[{"opType":"UPSERT","subject":"shared"},{"opType":"UPSERT","associationType":"key","subject":"k"}]}]}"#
            let dry = try await client.call(.post, "/associations:batchMutate?dryRun=true", body: upserts)
            #expect(dry.json?.objectValue?["results"]?.arrayValue?.first?.objectValue?["result"]?.objectValue?["associations"] == nil)
            #expect(try await client.call(.get, "/associations/resources/u-9").json == [])
            let done = try await client.call(.post, "/associations:batchMutate", body: upserts)
            let written = done.json?.objectValue?["results"]?.arrayValue?.first?.objectValue?["result"]?.objectValue?["associations"]?.arrayValue
            #expect(written?.compactMap { $0.objectValue?["associationType"]?.stringValue }.sorted() == ["key", "value"])
            let duplicate = #"{"requests":[{"resourceName":"t","resourceNamespace":"n","resourceId":"u","associations":[{"opType":"UPSERT","subject":"shared"},{"opType":"DELETE","associationType":"value"}]}]}"#
            let repeated = try await client.call(.post, "/associations:batchMutate", body: duplicate)
            #expect(repeated.json?.objectValue?["results"]?.arrayValue?.first?.objectValue?["error"]?.objectValue?["error_code"] == 42212)

            let empty = try await client.call(.post, "/associations:batchGet", body: #"{"requests":[]}"#)
            #expect(empty.status == 422 && empty.errorCode == 42212)
        }
    }

    @Test("/contexts/{ctx}/associations puts request subjects in that context")
    func contextPrefix() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register(":.team:shared", #""int""#)
            let body = #"{"resourceName":"t","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"shared"}]}"#
            let created = try await client.call(.post, "/contexts/.team/associations", body: body)
            #expect(created.json?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["subject"] == ":.team:shared")
        }
    }

    @Test("GET /schemas filters by association and shows them; NONE lists subjects without any")
    func schemaListingFilters() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.post, "/associations", body: Self.topicCreate)
            _ = try await client.register("plain", #""int""#)
            let strong = try await client.call(.get, "/schemas?subjectPrefix=:*:&lifecycle=STRONG")
            let items = try #require(strong.json?.arrayValue)
            #expect(items.count == 1 && items[0].objectValue?["subject"] == ":.lkc-1:orders-value")
            #expect(items[0].objectValue?["associations"]?.arrayValue?.first?.objectValue?["resourceId"] == "u-1")
            let none = try await client.call(.get, "/schemas?subjectPrefix=:*:&lifecycle=NONE")
            #expect(none.json?.arrayValue?.map { $0.objectValue?["subject"] } == ["plain"])
            #expect(try await client.call(.get, "/schemas?subjectPrefix=:*:&associationType=key").json == [])
            #expect(try await client.call(.get, "/schemas?lifecycle=sometimes").status == 404)
            // Without association parameters nothing changes.
            #expect(try await client.call(.get, "/schemas?subjectPrefix=:*:").json?.arrayValue?.allSatisfy { $0.objectValue?["associations"] == nil } == true)
        }
    }

    @Test("a request subject with an alias stands for the alias's target")
    func aliasedSubject() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("target", #""int""#)
            _ = try await client.call(.put, "/config/nick", body: #"{"alias":"target"}"#)
            let body = #"{"resourceName":"t","resourceNamespace":"n","resourceId":"u","associations":[{"subject":"nick"}]}"#
            let created = try await client.call(.post, "/associations", body: body)
            #expect(created.json?.objectValue?["associations"]?.arrayValue?.first?.objectValue?["subject"] == "target")
        }
    }
}
