import Foundation
import GRDB
import JSONModel
import RegistryStoreConformance
import SchemaRegistryCore
@testable import SchemaRegistrySQLite
import Testing

/// Layout v2 keeps each schema's identity hash in the file, so start-up reads it instead of
/// hashing every text again; it must always be the hash the registry itself computes.
@Suite("SQLite stored identity hashes")
struct SQLiteIdentityHashTests {
    static let references = [SchemaReference(name: "com.example.A", subject: "a", version: 1)]
    static let metadata: JSONValue = .object(["properties": .object(["owner": .string("team")])])

    /// The hash stored for schema `id` in the default context.
    static func storedHash(_ store: SQLiteRegistryStore, id: Int) async throws -> Data? {
        try await store.database.read { db in
            try Data.fetchOne(db, sql: "SELECT identity_hash FROM schemas WHERE context = '.' AND id = ?", arguments: [id])
        }
    }

    @Test("the writer stores each schema's identity hash with its content")
    func writerStoresHash() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        let write = Write.register("with-extras", under: "s", references: Self.references, metadata: Self.metadata)
        _ = try await store.registered(write)
        guard case .register(let schema, _, _, _, _, _) = write else { return }
        #expect(try await Self.storedHash(store, id: 1) == Data(schema.identityHash.bytes))
        #expect(try await store.loadState().schema(id: 1, context: ".")?.identityHash == schema.identityHash)
    }

    @Test("a file of layout v1 gets its hashes on open, computed as the registry computes them")
    func migrationFillsHashes() async throws {
        let h = try StoreHarness(.sqlite)
        await h.store.close()
        // A file as the build before layout v2 wrote it.
        try FileManager.default.removeItem(atPath: h.path)
        let queue = try DatabaseQueue(path: h.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "v1")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json)
                    VALUES ('.', 1, 'AVRO', 'plain', '[]', NULL, NULL), ('.', 2, 'AVRO', 'rich', ?, ?, NULL),
                           ('.ctx', 1, 'JSON', '{}', '[]', NULL, '{"domainRules":[]}')
                    """,
                arguments: [StoredValueCoding.referencesJSON(Self.references), StoredValueCoding.optionalJSON(Self.metadata)])
        }
        try queue.close()

        let store = try SQLiteRegistryStore(path: h.path)
        let expected = [
            StoredSchema(context: ".", id: 1, schemaType: .avro, text: "plain", references: [], metadata: nil, ruleSet: nil),
            StoredSchema(context: ".", id: 2, schemaType: .avro, text: "rich", references: Self.references, metadata: Self.metadata, ruleSet: nil),
            StoredSchema(context: ".ctx", id: 1, schemaType: .json, text: "{}", references: [], metadata: nil,
                         ruleSet: .object(["domainRules": .array([])])),
        ]
        let stored = try await store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT context, id, identity_hash FROM schemas").map {
                ("\($0[0] as String)/\($0[1] as Int)", $0[2] as Data?)
            }
        }
        #expect(Dictionary(uniqueKeysWithValues: stored) == Dictionary(uniqueKeysWithValues: expected.map {
            ("\($0.context)/\($0.id)", Data($0.identityHash.bytes) as Data?)
        }))
        let state = try await store.loadState()
        for schema in expected {
            #expect(state.schema(id: schema.id, context: schema.context) == schema)
        }
        #expect(try await store.database.read { try SQLiteMigrations.migrator.appliedIdentifiers($0) } == ["v1", "v2", "v3"])
        await store.close()
    }

    @Test("a row written without a hash (plain SQL import) loads with the hash of its content")
    func missingHashIsComputed() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        try await store.database.write { db in
            try db.execute(sql: "INSERT INTO schemas (context, id, schema_type, text, references_json) VALUES ('.', 7, 'AVRO', 'bulk', '[]')")
            try db.execute(sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES ('.', 's', 1, 7, 0, 0)")
        }
        let state = try await store.loadState()
        let expected = StoredSchema(context: ".", id: 7, schemaType: .avro, text: "bulk", references: [], metadata: nil, ruleSet: nil)
        #expect(state.schema(id: 7, context: ".")?.identityHash == expected.identityHash)
        #expect(state.schemaId(forHash: expected.identityHash, context: ".") == 7)
    }

    @Test("a stored hash that is not 16 bytes is a storeFailure on load")
    func malformedHash() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        _ = try await store.registered(Write.register("a", under: "s"))
        try await store.database.write { db in try db.execute(sql: "UPDATE schemas SET identity_hash = x'0102'") }
        let error = await #expect(throws: RegistryError.self) { try await store.loadState() }
        #expect(error?.errorCode == 50001)
        #expect(error?.message.contains("identity hash of schema 1") == true)
    }
}
