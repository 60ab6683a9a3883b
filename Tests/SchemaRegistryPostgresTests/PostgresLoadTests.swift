import Logging
import Synchronization
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

    @Test("packed id ranges load as the rows they hold; a pack whose rows change is dropped; packs that disagree with the rows are dropped and the rows read")
    func packs() async throws {
        let database = try await PostgresTestDatabase.create()
        await (try await PostgresRegistryStore.open(url: database.url)).close()
        // 20,000 schemas in the default context, every tenth with a version; ids 1-16,384
        // make two full packs, the rest is below no pack boundary the sequence has passed.
        try await PostgresTestDatabase.withClient(database.url) { client in
            try await client.query(
                """
                INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, identity_hash)
                SELECT '.', g, 'AVRO', t, '[]', CASE WHEN g % 1000 = 0 THEN '{"properties":{"n":"' || g || '"}}' END, decode(md5(t), 'hex')
                FROM (SELECT g, '{"type":"fixed","name":"P' || g || '","size":4}' AS t FROM generate_series(1, 20000) AS g) AS s
                """)
            try await client.query(
                """
                INSERT INTO versions (context, subject, version, schema_id, deleted, ts)
                SELECT '.', 'p' || g, 1, g, FALSE, g FROM generate_series(10, 20000, 10) AS g
                """)
            try await client.query("INSERT INTO sequences (context, next_id) VALUES ('.', 20001)")
        }
        func packedRanges() async throws -> [Int] {
            let firsts = Mutex<[Int]>([])
            try await PostgresTestDatabase.withClient(database.url) { client in
                for try await first in try await client.query("SELECT first_id FROM schema_packs ORDER BY first_id").decode(Int.self) {
                    firsts.withLock { $0.append(first) }
                }
            }
            return firsts.withLock { $0 }
        }
        func load() async throws -> RegistryState {
            let store = try await PostgresRegistryStore.open(url: database.url)
            let state = try await store.loadState()
            await store.close()
            return state
        }
        let store = try await PostgresRegistryStore.open(url: database.url)
        let fromRows = NormalizedContents(try await store.loadState().contents)
        _ = try await store.writeSchemaPacks()
        #expect(try await packedRanges() == [1, 8193])
        #expect(NormalizedContents(try await load().contents) == fromRows)

        // A version of a packed schema soft-deleted, or an old schema registered under
        // another subject, drops the pack of the schema's range.
        let p20 = QualifiedSubject(parsing: "p20")
        _ = try await store.perform(.markDeleted(subject: p20, versions: [1]))
        #expect(try await packedRanges() == [8193])
        #expect(try await load().versions(of: p20).first?.deleted == true)
        _ = try await store.writeSchemaPacks()
        #expect(try await load().versions(of: p20).first?.deleted == true)
        let old = try #require(fromRows.schemas.first { $0.id == 9000 })
        _ = try await store.perform(
            .register(schema: old, useGivenId: false, subject: QualifiedSubject(parsing: "again"), version: nil, timestamp: 2, permanentlyRemove: []))
        #expect(try await packedRanges() == [1])
        let again = try await load()
        #expect(again.versions(of: QualifiedSubject(parsing: "again")).map(\.schemaId) == [9000])
        #expect(again.versionCount == 2_001)
        _ = try await store.writeSchemaPacks()
        #expect(try await packedRanges() == [1, 8193])
        #expect(try await load().versionCount == 2_001)

        // Removing a schema drops the pack of its range; the next round packs it again.
        _ = try await store.perform(.removeSchemas(context: ".", ids: [5]))
        #expect(try await packedRanges() == [8193])
        var state = try await load()
        #expect(state.schema(id: 5, context: ".") == nil && state.schemaCount == 19_999)
        _ = try await store.writeSchemaPacks()
        #expect(try await packedRanges() == [1, 8193])

        // A schema stored under a given id inside a packed range drops the pack too.
        let imported = StoredSchema(context: ".", id: 5, schemaType: .avro, text: "\"bytes\"", references: [], metadata: nil, ruleSet: nil)
        _ = try await store.perform(
            .register(schema: imported, useGivenId: true, subject: QualifiedSubject(parsing: "imported"), version: 1, timestamp: 1, permanentlyRemove: []))
        #expect(try await packedRanges() == [8193])
        state = try await load()
        #expect(state.schema(id: 5, context: ".")?.text == "\"bytes\"" && state.schemaCount == 20_000)
        _ = try await store.writeSchemaPacks()

        // A row removed behind the triggers' back: the counts do not add up, so the load drops
        // every pack and reads the rows.
        try await PostgresTestDatabase.withClient(database.url) { client in
            try await client.query("ALTER TABLE schemas DISABLE TRIGGER USER")
            try await client.query("DELETE FROM schemas WHERE context = '.' AND id = 8200")
            try await client.query("ALTER TABLE schemas ENABLE TRIGGER USER")
        }
        #expect(try await packedRanges() == [1, 8193])
        state = try await load()
        #expect(try await packedRanges() == [])
        #expect(state.schema(id: 8200, context: ".") == nil && state.schema(id: 8201, context: ".") != nil && state.schemaCount == 19_999)
        #expect(state.versionCount == 2_002 && state.versions(of: QualifiedSubject(parsing: "p8210")).count == 1)
        await store.close()
    }

    @Test("ids near the top of the 32-bit range do not stop packing")
    func packingNearTheLargestId() async throws {
        let database = try await PostgresTestDatabase.create()
        let store = try await PostgresRegistryStore.open(url: database.url)
        _ = try await store.loadState()
        let schema = StoredSchema(context: ".", id: 2_147_483_000, schemaType: .avro, text: "\"int\"", references: [], metadata: nil, ruleSet: nil)
        _ = try await store.perform(
            .register(schema: schema, useGivenId: true, subject: QualifiedSubject(parsing: "top"), version: 1, timestamp: 1, permanentlyRemove: []))
        #expect(try await store.writeSchemaPacks() == 0)
        await store.close()
    }
}
