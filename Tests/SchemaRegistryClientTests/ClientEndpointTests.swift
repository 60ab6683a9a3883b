import JSONModel
import SchemaRegistryClient
import SchemaRegistryCore
import Testing

@Suite("Client: every endpoint against our server")
struct ClientEndpointTests {
    static let v1 = #"{"type":"record","name":"Reading","namespace":"iot","fields":[{"name":"id","type":"string"}]}"#
    static let v2 = #"{"type":"record","name":"Reading","namespace":"iot","fields":[{"name":"id","type":"string"},{"name":"level","type":["null","int"],"default":null}]}"#
    static let breaking = #"{"type":"record","name":"Reading","namespace":"iot","fields":[{"name":"id","type":"long"}]}"#

    @Test("register, look up, read by id, GUID and version, evolve, list")
    func registerAndRead() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let id = try await client.register(subject: "readings-value", schema: SchemaDefinition(schema: Self.v1))
            #expect(id == 1)
            let full = try await client.registerSchema(subject: "readings-value", schema: SchemaDefinition(schema: Self.v2))
            #expect(full.id == 2 && full.version == 2 && full.guid != nil)

            let found = try await client.lookup(subject: "readings-value", schema: SchemaDefinition(schema: Self.v1))
            #expect(found.id == 1 && found.version == 1 && found.subject == "readings-value")
            let byId = try await client.schema(id: 2)
            #expect(byId.schema == Self.v2 && byId.schemaType == .avro)
            #expect(try await client.schema(guid: try #require(full.guid)).schema == Self.v2)
            #expect(try await client.rawSchema(id: 1) == Self.v1)
            #expect(try await client.schemaWithMaxId(id: 1).maxId == 2)
            #expect(try await client.version(subject: "readings-value", .number(1)).id == 1)
            #expect(try await client.latestVersion(subject: "readings-value").version == 2)
            #expect(try await client.rawSchema(subject: "readings-value", .latest) == Self.v2)
            #expect(try await client.versions(subject: "readings-value") == [1, 2])
            #expect(try await client.subjects() == ["readings-value"])
            #expect(try await client.subjects(forSchemaId: 2) == ["readings-value"])
            #expect(try await client.versions(forSchemaId: 2) == [SubjectVersion(subject: "readings-value", version: 2)])
            #expect(try await client.schemas().map(\.id) == [1, 2])
            #expect(try await client.schemas(latestOnly: true).map(\.version) == [2])
            let types = Set(try await client.schemaTypes())
            #expect(types.isSuperset(of: ["AVRO", "JSON"]))
            #expect(try await client.contexts() == ["."])
            #expect(try await client.serverVersion().version.isEmpty == false)
            #expect(try await client.clusterMetadata()["scope"] != nil)
            try await client.ping()
        }
    }

    @Test("a breaking change: compatibility test says why, registration is refused with 409")
    func refusedBreakingChange() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            _ = try await client.register(subject: "s", schema: SchemaDefinition(schema: Self.v1))
            let report = try await client.testCompatibility(subject: "s", schema: SchemaDefinition(schema: Self.breaking), verbose: true)
            #expect(!report.isCompatible && !report.messages.isEmpty)
            #expect(try await client.testCompatibility(subject: "s", schema: SchemaDefinition(schema: Self.v2), version: .latest).isCompatible)
            let error = await #expect(throws: SchemaRegistryClientError.self) {
                try await client.register(subject: "s", schema: SchemaDefinition(schema: Self.breaking))
            }
            #expect(error?.errorCode == 409 && error?.httpStatus == 409)
        }
    }

    @Test("errors carry Confluent's error_code and message")
    func typedErrors() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let missing = await #expect(throws: SchemaRegistryClientError.self) { try await client.versions(subject: "nope") }
            #expect(missing == .registry(status: 404, errorCode: 40401, message: "Subject 'nope' not found."))
            let invalid = await #expect(throws: SchemaRegistryClientError.self) {
                try await client.register(subject: "s", schema: SchemaDefinition(schema: "{not json"))
            }
            #expect(invalid?.errorCode == 42201)
            let unknownId = await #expect(throws: SchemaRegistryClientError.self) { try await client.schema(id: 99) }
            #expect(unknownId?.errorCode == 40403)
            await #expect(throws: SchemaRegistryClientError.invalidRequest("the subject is empty")) { try await client.versions(subject: "") }
        }
    }

    @Test("subjects with '/', ':' and spaces are escaped and come back unchanged")
    func escapedSubjects() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            for subject in ["google/type/money.proto", "a b", ":.tenant:orders-value", "ü-value"] {
                _ = try await client.register(subject: subject, schema: SchemaDefinition(schema: #""string""#))
                #expect(try await client.latestVersion(subject: subject).subject == subject)
            }
            #expect(try await client.contexts() == [".", ".tenant"])
            #expect(try await client.subjects(prefix: ":.tenant:") == [":.tenant:orders-value"])
        }
    }

    @Test("references: stored, read back, referencedby; deleting the referenced version is refused")
    func references() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            _ = try await client.register(subject: "money", schema: SchemaDefinition(schema: #"{"type":"record","name":"Money","fields":[{"name":"cents","type":"long"}]}"#))
            let order = SchemaDefinition(
                schema: #"{"type":"record","name":"Order","fields":[{"name":"total","type":"Money"}]}"#,
                references: [SchemaReference(name: "Money", subject: "money", version: 1)])
            let id = try await client.register(subject: "orders-value", schema: order)
            #expect(try await client.schema(id: id).references == order.references)
            #expect(try await client.referencedBy(subject: "money", .number(1)) == [id])
            let refused = await #expect(throws: SchemaRegistryClientError.self) { try await client.deleteVersion(subject: "money", .number(1)) }
            #expect(refused?.errorCode == 42206)
        }
    }

    @Test("deletes: soft then permanent, and the client forgets what it cached")
    func deletes() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            _ = try await client.register(subject: "s", schema: SchemaDefinition(schema: Self.v1))
            _ = try await client.register(subject: "s", schema: SchemaDefinition(schema: Self.v2))
            #expect(try await client.latestVersion(subject: "s").version == 2)
            #expect(try await client.deleteVersion(subject: "s", .latest) == 2)
            #expect(try await client.latestVersion(subject: "s").version == 1)
            #expect(try await client.versions(subject: "s", deleted: true) == [1, 2])
            #expect(try await client.version(subject: "s", .number(2), deleted: true).deleted)
            #expect(try await client.deleteVersion(subject: "s", .number(2), permanent: true) == 2)
            #expect(try await client.deleteSubject("s") == [1])
            #expect(try await client.subjects(deleted: true) == ["s"])
            #expect(try await client.deleteSubject("s", permanent: true) == [1])
            #expect(try await client.subjects(deleted: true) == [])
            // Re-registering after the permanent delete registers again instead of answering from the cache.
            #expect(try await client.registerSchema(subject: "s", schema: SchemaDefinition(schema: Self.v1)).version == 1)
        }
    }

    @Test("config and mode: global and per subject, set, read, delete")
    func configAndMode() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            #expect(try await client.config().compatibilityLevel == .backward)
            #expect(try await client.setCompatibility(.fullTransitive) == .fullTransitive)
            #expect(try await client.config().compatibilityLevel == .fullTransitive)
            let updated = try await client.updateConfig(RegistryConfigSettings(compatibilityLevel: CompatibilityLevel.none, normalize: true), subject: "s")
            #expect(updated.compatibilityLevel == CompatibilityLevel.none && updated.normalize == true)
            #expect(try await client.config(subject: "s").normalize == true)
            #expect(try await client.deleteConfig(subject: "s").compatibilityLevel == CompatibilityLevel.none)
            let noConfig = await #expect(throws: SchemaRegistryClientError.self) { try await client.config(subject: "s") }
            #expect(noConfig?.errorCode == 40408)
            #expect(try await client.config(subject: "s", defaultToGlobal: true).compatibilityLevel == .fullTransitive)
            #expect(try await client.deleteConfig().compatibilityLevel == .fullTransitive)

            #expect(try await client.mode() == .readWrite)
            #expect(try await client.setMode(.readOnly, subject: "s") == .readOnly)
            #expect(try await client.mode(subject: "s") == .readOnly)
            let readOnly = await #expect(throws: SchemaRegistryClientError.self) {
                try await client.register(subject: "s", schema: SchemaDefinition(schema: Self.v1))
            }
            #expect(readOnly?.errorCode == 42205)
            #expect(try await client.deleteMode(subject: "s") == .readOnly)
            #expect(try await client.setMode(.importing) == .importing)
            let imported = try await client.registerSchema(subject: "old", schema: SchemaDefinition(schema: Self.v1), id: 40, version: 7)
            #expect(imported.id == 40)
            #expect(try await client.version(subject: "old", .number(7)).id == 40)
        }
    }

    @Test("JSON Schema and data-contract metadata round-trip through the client")
    func jsonSchemaAndMetadata() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let schema = SchemaDefinition(
                schema: #"{"type":"object","properties":{"id":{"type":"string"}}}"#, schemaType: .json,
                metadata: ["properties": ["owner": "iot-team", "app.version": "2"]])
            let registered = try await client.registerSchema(subject: "j", schema: schema)
            let read = try await client.schema(id: try #require(registered.id))
            #expect(read.schemaType == .json)
            #expect(read.definition.metadata?.objectValue?["properties"]?.objectValue?["owner"] == "iot-team")
            #expect(try await client.latestVersion(subject: "j", withMetadata: [(key: "app.version", value: "2")]).id == registered.id)
        }
    }
}
