import JSONModel
import Testing

@Suite("Endpoints: format, referenceFormat and validateFields")
struct PresentationAndReservedFieldTests {
    static let address = #"{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}]}"#
    static let customer = #"{"type":"record","name":"Customer","fields":[{"name":"home","type":"geo.Address"}]}"#

    static func registration(_ schema: String, references: [(String, String, Int)] = [], metadata: JSONValue? = nil) -> String {
        var o: JSONObject = ["schema": .string(schema)]
        if !references.isEmpty {
            o["references"] = .array(
                references.map { .object(["name": .string($0.0), "subject": .string($0.1), "version": .integer(Int64($0.2))]) })
        }
        if let metadata { o["metadata"] = metadata }
        return JSONWriter.string(.object(o))
    }

    static func reserved(_ names: String) -> JSONValue { .object(["properties": .object(["confluent:reserved": .string(names)])]) }

    @Test("format=resolved writes referenced Avro types in full; the GUID and the stored text do not change")
    func resolvedFormat() async throws {
        try await withServer { client async throws in
            #expect(try await client.call(.post, "/subjects/address/versions", body: Self.registration(Self.address)).status == 200)
            let body = Self.registration(Self.customer, references: [("geo.Address", "address", 1)])
            let registered = try await client.call(.post, "/subjects/customer/versions", body: body)
            let id = try #require(registered.json?.objectValue?["id"]?.integerValue)

            let stored = try await client.call(.get, "/schemas/ids/\(id)")
            let resolved = try await client.call(.get, "/schemas/ids/\(id)?format=resolved")
            let inlined = #"{"type":"record","name":"Customer","fields":[{"name":"home","type":{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}]}}]}"#
            #expect(stored.json?.objectValue?["schema"]?.stringValue == Self.customer)
            #expect(resolved.json?.objectValue?["schema"]?.stringValue == inlined)
            #expect(resolved.json?.objectValue?["guid"] == stored.json?.objectValue?["guid"])
            #expect(resolved.json?.objectValue?["references"] == stored.json?.objectValue?["references"])

            #expect(try await client.call(.get, "/subjects/customer/versions/1?format=resolved").json?.objectValue?["schema"]?.stringValue == inlined)
            #expect(try await client.call(.get, "/subjects/customer/versions/latest/schema?format=resolved").text == inlined)
            #expect(try await client.call(.get, "/schemas/ids/\(id)/schema?format=resolved").text == inlined)
            let lookup = try await client.call(.post, "/subjects/customer?format=resolved", body: body)
            #expect(lookup.json?.objectValue?["schema"]?.stringValue == inlined)
            // The plain lookup is not answered from the formatted one's cache entry.
            #expect(try await client.call(.post, "/subjects/customer", body: body).json?.objectValue?["schema"]?.stringValue == Self.customer)
            // An unknown format is ignored, as Confluent does for forward compatibility.
            #expect(try await client.call(.get, "/schemas/ids/\(id)?format=serialized").json?.objectValue?["schema"]?.stringValue == Self.customer)
        }
    }

    @Test("referenceFormat=qualified qualifies the references of a schema in a named context")
    func qualifiedReferences() async throws {
        try await withServer { client async throws in
            #expect(try await client.call(.post, "/subjects/:.tenant:address/versions", body: Self.registration(Self.address)).status == 200)
            let body = Self.registration(Self.customer, references: [("geo.Address", "address", 1)])
            #expect(try await client.call(.post, "/subjects/:.tenant:customer/versions", body: body).status == 200)

            func referenceSubject(_ reply: Reply) -> String? {
                reply.json?.objectValue?["references"]?.arrayValue?.first?.objectValue?["subject"]?.stringValue
            }
            #expect(referenceSubject(try await client.call(.get, "/subjects/:.tenant:customer/versions/1")) == "address")
            #expect(
                referenceSubject(try await client.call(.get, "/subjects/:.tenant:customer/versions/1?referenceFormat=qualified"))
                    == ":.tenant:address")
            #expect(
                referenceSubject(try await client.call(.get, "/schemas/ids/2?subject=:.tenant:customer&referenceFormat=qualified"))
                    == ":.tenant:address")
            // Without a subject in a named context there is nothing to qualify with.
            #expect(referenceSubject(try await client.call(.get, "/schemas/ids/2?referenceFormat=qualified")) == nil)
        }
    }

    @Test("findTags lists the records and fields whose confluent:tags match, only when asked")
    func findTags() async throws {
        try await withServer { client async throws in
            let tagged = #"{"type":"record","name":"Person","namespace":"crm","confluent:tags":["PUBLIC"],"fields":[{"name":"email","type":"string","confluent:tags":["PII","CONTACT"]},{"name":"home","type":{"type":"record","name":"Home","fields":[{"name":"street","type":"string","confluent:tags":["PII"]}]}},{"name":"age","type":"int"}]}"#
            #expect(try await client.call(.post, "/subjects/people/versions", body: Self.registration(tagged)).status == 200)
            func entities(_ reply: Reply) -> [String] {
                (reply.json?.objectValue?["schemaTags"]?.arrayValue ?? []).compactMap { item in
                    guard let o = item.objectValue, let entity = o["schemaEntity"]?.objectValue,
                        let path = entity["entityPath"]?.stringValue, let type = entity["entityType"]?.stringValue
                    else { return nil }
                    return "\(type) \(path) \((o["tags"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ","))"
                }
            }
            #expect(try await client.call(.get, "/schemas/ids/1").json?.objectValue?["schemaTags"] == nil)
            #expect(entities(try await client.call(.get, "/schemas/ids/1?findTags=PII")) == ["sr_field crm.Person.email PII,CONTACT", "sr_field crm.Home.street PII"])
            #expect(
                entities(try await client.call(.get, "/subjects/people/versions/1?findTags=*")) == [
                    "sr_record crm.Person PUBLIC", "sr_field crm.Person.email PII,CONTACT", "sr_field crm.Home.street PII",
                ])
            #expect(entities(try await client.call(.get, "/subjects/people/versions/1?findTags=CONTACT&findTags=PUBLIC")).count == 2)
            #expect(entities(try await client.call(.get, "/subjects/people/versions/1?findTags=NONE")) == [])
            #expect(try await client.call(.get, "/subjects/people/versions/1").json?.objectValue?["schemaTags"] == nil)

            // JSON Schema: paths in Confluent's everit model.
            let jsonTagged = #"{"type":"object","confluent:tags":["PUBLIC"],"properties":{"email":{"type":"string","confluent:tags":["PII"]},"tags":{"type":["array","null"],"items":{"type":"string"}}}}"#
            let body = JSONWriter.string(["schema": .string(jsonTagged), "schemaType": "JSON"])
            let registered = try await client.call(.post, "/subjects/people-json/versions", body: body)
            #expect(registered.status == 200, "\(registered.text)")
            #expect(
                entities(try await client.call(.get, "/subjects/people-json/versions/latest?findTags=*")) == [
                    "sr_record object PUBLIC", "sr_field object.email PII",
                ])
            #expect(entities(try await client.call(.get, "/subjects/people-json/versions/latest?findTags=PII")) == ["sr_field object.email PII"])
        }
    }

    @Test("schemaTagsToAdd and schemaTagsToRemove rewrite the tags before registering; propagateSchemaTags keeps the latest's")
    func schemaTagEdits() async throws {
        try await withServer { client async throws in
            let person = #"{"type":"record","name":"Person","namespace":"crm","fields":[{"name":"email","type":"string"},{"name":"age","type":"int"}]}"#
            func body(_ schema: String, _ extra: String) -> String {
                String(JSONWriter.string(["schema": .string(schema)]).dropLast()) + extra + "}"
            }
            let addEmail = #","schemaTagsToAdd":[{"schemaEntity":{"entityPath":"crm.Person.email","entityType":"sr_field"},"tags":["PII","CONTACT"]},{"schemaEntity":{"entityPath":"crm.Person","entityType":"sr_record"},"tags":["PUBLIC"]}]"#
            #expect(try await client.call(.post, "/subjects/people/versions", body: body(person, "")).json?.objectValue?["id"] == 1)

            // The same text with tags added is new content: version 2, tags in the stored schema.
            let tagged = try await client.call(.post, "/subjects/people/versions", body: body(person, addEmail))
            #expect(tagged.status == 200)
            #expect(tagged.json?.objectValue?["id"] == 2)
            let v2 = try await client.call(.get, "/subjects/people/versions/2/schema")
            #expect(v2.text.contains(#"{"name":"email","type":"string","confluent:tags":["PII","CONTACT"]}"#))
            #expect(v2.text.hasSuffix(#""confluent:tags":["PUBLIC"]}"#))
            let found = try await client.call(.get, "/subjects/people/versions/latest?findTags=PII")
            #expect(found.json?.objectValue?["schemaTags"]?.arrayValue?.count == 1)

            // A lookup with the same edits finds version 2; the plain text finds version 1.
            #expect(try await client.call(.post, "/subjects/people", body: body(person, addEmail)).json?.objectValue?["version"] == 2)
            #expect(try await client.call(.post, "/subjects/people", body: body(person, "")).json?.objectValue?["version"] == 1)

            // Tag edits without a version register as the latest + 1, recorded as confluent:version.
            let v2Object = try await client.call(.get, "/subjects/people/versions/2").json?.objectValue
            #expect(v2Object?["metadata"] == ["properties": ["confluent:version": "2"]])

            // Removing every tag gives the first text back, but as a new latest version whose
            // metadata says version 3, so a new id, as in Confluent.
            let removeAll = #","schemaTagsToRemove":[{"schemaEntity":{"entityPath":"crm.Person.email","entityType":"sr_field"},"tags":["PII","CONTACT"]},{"schemaEntity":{"entityPath":"crm.Person","entityType":"sr_record"},"tags":["PUBLIC"]}]"#
            let removed = try await client.call(.post, "/subjects/people/versions", body: body(v2.text, removeAll))
            #expect(removed.json?.objectValue?["id"] == 3)
            #expect(removed.json?.objectValue?["metadata"] == ["properties": ["confluent:version": "3"]])
            #expect(try await client.call(.get, "/subjects/people/versions").json == [1, 2, 3])

            // A path that names nothing is an invalid schema, with Confluent's text.
            let bad = try await client.call(
                .post, "/subjects/people/versions",
                body: body(person, #","schemaTagsToAdd":[{"schemaEntity":{"entityPath":"crm.Nobody","entityType":"sr_record"},"tags":["X"]}]"#))
            #expect(bad.status == 422)
            #expect(bad.json?.objectValue?["error_code"] == 42201)
            #expect(bad.message == "java.lang.IllegalArgumentException: No matching path 'crm.Nobody' found in the schema")

            // propagateSchemaTags: the next version keeps the latest version's tags.
            #expect(try await client.call(.post, "/subjects/people/versions", body: body(person, addEmail)).status == 200)
            let evolved = #"{"type":"record","name":"Person","namespace":"crm","fields":[{"name":"email","type":"string"},{"name":"age","type":"int"},{"name":"city","type":"string","default":""}]}"#
            let propagated = try await client.call(.post, "/subjects/people/versions", body: body(evolved, #","propagateSchemaTags":true"#))
            #expect(propagated.status == 200)
            let latest = try await client.call(.get, "/subjects/people/versions/latest/schema")
            #expect(latest.text.contains(#""confluent:tags":["PII","CONTACT"]"#) && latest.text.contains("city"))

            // JSON Schema: the entity paths findTags reports.
            let contact = #"{"type":"object","properties":{"email":{"type":"string"}}}"#
            let jsonEdit = #","schemaType":"JSON","schemaTagsToAdd":[{"schemaEntity":{"entityPath":"object.email","entityType":"sr_field"},"tags":["PII"]},{"schemaEntity":{"entityPath":"object","entityType":"sr_record"},"tags":["PUBLIC"]}]"#
            #expect(try await client.call(.post, "/subjects/contacts/versions", body: body(contact, jsonEdit)).status == 200)
            let stored = try await client.call(.get, "/subjects/contacts/versions/1/schema").text
            #expect(stored == #"{"type":"object","properties":{"email":{"type":"string","confluent:tags":["PII"]}},"confluent:tags":["PUBLIC"]}"#)
        }
    }

    @Test("validateFields: a reserved field may not be a top-level field, nor leave the reserved list")
    func reservedFields() async throws {
        try await withServer { client async throws in
            let v1 = #"{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}"#
            let withCost = #"{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"cost","type":"double","default":0}]}"#
            #expect(try await client.call(.put, "/config/orders", body: #"{"compatibility":"NONE","validateFields":true}"#).status == 200)

            // Even a first version, at level NONE, may not declare a reserved field.
            let conflict = try await client.call(
                .post, "/subjects/orders/versions", body: Self.registration(withCost, metadata: Self.reserved("cost, status")))
            #expect(conflict.status == 409)
            #expect(conflict.message?.contains("The new schema has field that conflicts with the reserved field cost.") == true)

            #expect(try await client.call(.post, "/subjects/orders/versions", body: Self.registration(v1, metadata: Self.reserved("cost,status"))).status == 200)

            // Dropping `status` from the reserved list is refused; the verbose check lists why.
            let narrowed = Self.registration(v1 + " ", metadata: Self.reserved("cost"))
            let check = try await client.call(.post, "/compatibility/subjects/orders/versions/latest?verbose=true", body: narrowed)
            #expect(
                check.json?.objectValue?["messages"]?.arrayValue == [
                    .string("The new schema has reserved field status removed from its metadata which is present in the old schema's metadata."),
                    .string("{validateFields: 'true', compatibility: 'NONE'}"),
                ])
            #expect(try await client.call(.post, "/subjects/orders/versions", body: narrowed).status == 409)

            // Without validateFields the same registration is accepted.
            #expect(try await client.call(.put, "/config/orders", body: #"{"validateFields":false}"#).status == 200)
            #expect(try await client.call(.post, "/subjects/orders/versions", body: narrowed).status == 200)
        }
    }
}
