import Logging
import PostgresNIO
import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistryPostgres
import Testing

/// Start-up: a large database is read in chunks of arrays on three connections sharing one
/// snapshot; what they build must be what the rows say.
@Suite("PostgreSQL store: loading", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresLoadTests {
    @Test("60,000 versions read in chunks on three connections give the state the rows describe")
    func parallelLoad() async throws {
        let database = try await PostgresTestDatabase.create()
        // The store creates the tables; the rows are then written in bulk with SQL.
        await (try await PostgresRegistryStore.open(url: database.url)).close()
        try await PostgresTestDatabase.withClient(database.url) { client in
            try await client.query(
                """
                INSERT INTO schemas (context, id, schema_type, text, references_json, identity_hash)
                SELECT CASE WHEN g % 7 = 0 THEN '.ctx' ELSE '.' END, g, 'AVRO', t, '[]', decode(md5(t), 'hex')
                FROM (SELECT g, '{"type":"fixed","name":"F' || g || '","size":' || (g % 13) || '}' AS t FROM generate_series(1, 60000) AS g) AS s
                """)
            try await client.query(
                """
                INSERT INTO versions (context, subject, version, schema_id, deleted, ts)
                SELECT CASE WHEN g % 7 = 0 THEN '.ctx' ELSE '.' END, 's' || (g / 10), g % 10 + 1, g, g % 11 = 0, g
                FROM generate_series(1, 60000) AS g
                """)
            try await client.query("INSERT INTO modes (context, subject, mode) VALUES ('.', 's7', 'READONLY')")
        }
        var schemas: [StoredSchema] = []
        var versions: [StoredVersion] = []
        for i in 1...60_000 {
            let context = i % 7 == 0 ? ".ctx" : "."
            schemas.append(Write.schema("{\"type\":\"fixed\",\"name\":\"F\(i)\",\"size\":\(i % 13)}", id: i, context: context))
            versions.append(
                StoredVersion(
                    subject: QualifiedSubject(context: context, name: "s\(i / 10)"), version: i % 10 + 1, schemaId: i, deleted: i % 11 == 0,
                    timestamp: Int64(i)))
        }
        // Columns that are NULL or non-default for a few schemas only, so the arrays the chunks
        // come in hold NULL elements and every type of value; one subject name sorts differently
        // by bytes and by most collations.
        let writer = try await PostgresRegistryStore.open(url: database.url)
        let extras: [(subject: String, schema: StoredSchema)] = [
            ("with-metadata", StoredSchema(context: ".", id: 0, schemaType: .avro, text: "\"string\"", references: [], metadata: ["properties": ["owner": "team-a"]], ruleSet: nil)),
            ("With-Rules", StoredSchema(context: ".", id: 0, schemaType: .json, text: "{\"type\":\"object\"}", references: [], metadata: nil, ruleSet: ["domainRules": []])),
            ("with_reference", StoredSchema(context: ".", id: 0, schemaType: .avro, text: "\"F\"", references: [SchemaReference(name: "F", subject: "s1", version: 2)], metadata: nil, ruleSet: nil)),
        ]
        for (subject, schema) in extras {
            let outcome = try await writer.perform(
                .register(schema: schema, useGivenId: false, subject: QualifiedSubject(parsing: subject), version: nil, timestamp: 7, permanentlyRemove: []))
            guard case .registered(let id, let version) = outcome else { Issue.record("no registration for \(subject)"); return }
            var stored = schema
            stored.id = id
            schemas.append(stored)
            versions.append(StoredVersion(subject: QualifiedSubject(parsing: subject), version: version, schemaId: id, deleted: false, timestamp: 7))
        }
        await writer.close()
        let expected = RegistryStoreContents(schemas: schemas, versions: versions, modes: [QualifiedSubject(parsing: "s7"): .readOnly])
        let store = try await PostgresRegistryStore.open(url: database.url)
        let loaded = try await store.loadState()
        #expect(NormalizedContents(loaded.contents).versions == NormalizedContents(expected).versions)
        #expect(NormalizedContents(loaded.contents).schemas == NormalizedContents(expected).schemas)
        #expect(loaded.modes == expected.modes)
        #expect(loaded.versionCount == 60_003 && loaded.schemaCount == 60_003)
        // Usage was counted across the two parts: a schema goes with its only version.
        let subject = QualifiedSubject(parsing: "s3")
        var state = loaded
        for write in state.permanentRemoval([subject: state.versions(of: subject).map(\.version)]) { state.apply(write, outcome: .done) }
        #expect(state.schema(id: 31, context: ".") == nil)
        await store.close()
    }
}
