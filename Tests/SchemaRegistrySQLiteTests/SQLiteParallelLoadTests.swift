import Foundation
import GRDB
import JSONModel
import RegistryStoreConformance
@testable import SchemaRegistryCore
@testable import SchemaRegistrySQLite
import Testing

/// A large file is loaded by two connections at once (`SQLiteLoader`); what they build must
/// be exactly what one connection reading everything builds.
@Suite("SQLite parallel start-up load")
struct SQLiteParallelLoadTests {
    /// Fills the store with bulk SQL: schemas in two contexts (some with references or
    /// metadata, one content under two ids far apart in the table), versions, settings.
    static func fill(_ store: SQLiteRegistryStore) async throws {
        let refs = [SchemaReference(name: "A", subject: "s0", version: 1)]
        let meta: JSONValue = .object(["properties": .object(["owner": .string("team")])])
        try await store.database.write { db in
            let insertSchema = try db.makeStatement(sql: """
                INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash)
                VALUES (?, ?, 'AVRO', ?, ?, ?, NULL, ?)
                """)
            let insertVersion = try db.makeStatement(
                sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES (?, ?, ?, ?, ?, ?)")
            for i in 1...400 {
                let context = i % 5 == 0 ? ".ctx" : "."
                // Schemas 3 and 398 have equal content: the later row must stay the one found by hash.
                let text = i == 398 ? "schema-3" : "schema-\(i)"
                let references = i % 7 == 0 ? refs : []
                // `.none`, not `nil`: JSONValue is a nil literal itself (JSON null).
                let metadata: JSONValue? = i % 11 == 0 ? meta : .none
                let hash = StoredSchema.identityHash(text: text, references: references, metadata: metadata, ruleSet: nil)
                try insertSchema.execute(arguments: [
                    context, i, text, StoredValueCoding.referencesJSON(references), StoredValueCoding.optionalJSON(metadata),
                    SQLiteCoding.hashBlob(hash),
                ])
                try insertVersion.execute(arguments: [context, "s\(i % 40)", i / 40 + 1, i, i % 13 == 0, Int64(i)])
            }
            try db.execute(sql: "INSERT INTO sequences (context, next_id) VALUES ('.', 500), ('.ctx', 401)")
            try db.execute(sql: "INSERT INTO modes (context, subject, mode) VALUES ('.ctx', '', 'READONLY')")
            try db.execute(sql: "INSERT INTO configs (context, subject, json) VALUES ('.', 's1', ?)",
                           arguments: [StoredValueCoding.configJSON(RegistryConfig(compatibilityLevel: .full))])
        }
    }

    static func load(_ store: SQLiteRegistryStore, parallelThreshold: Int, path: String? = nil) async throws -> RegistryState {
        let path = path ?? store.path
        return try await store.database.writeWithoutTransaction { db in
            try SQLiteLoader.loadState(db, path: path, parallelThreshold: parallelThreshold)
        }
    }

    @Test("two connections build the same state as one, equal content included")
    func sameStateAsOnePass() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        try await Self.fill(store)
        let parallel = try await Self.load(store, parallelThreshold: 1)
        let single = try await Self.load(store, parallelThreshold: .max)
        #expect(NormalizedContents(parallel.contents) == NormalizedContents(single.contents))
        #expect(parallel.schemaCount == 400 && parallel.versionCount == 400)
        for schema in single.contents.schemas {
            #expect(parallel.schemaId(forHash: schema.identityHash, context: schema.context)
                == single.schemaId(forHash: schema.identityHash, context: schema.context))
        }
        #expect(parallel.schemaId(forHash: StoredSchema.identityHash(text: "schema-3", references: [], metadata: nil, ruleSet: nil),
                                  context: ".") == 398)
        let referenced = QualifiedSubject(parsing: "s0")
        #expect(parallel.referrers(of: referenced, version: 1) == single.referrers(of: referenced, version: 1))
        #expect(!parallel.referrers(of: referenced, version: 1).isEmpty)
        // The usage counts were merged too: the last version of a schema takes it along.
        var state = parallel
        let s5 = QualifiedSubject(parsing: ":.ctx:s5")
        #expect(state.schema(id: 45, context: ".ctx") != nil)
        for write in state.permanentRemoval([s5: state.versions(of: s5).map(\.version)]) { state.apply(write, outcome: .done) }
        #expect(state.schema(id: 5, context: ".ctx") == nil)
        #expect(state.schema(id: 45, context: ".ctx") == nil)
        #expect(state.schema(id: 46, context: ".") != nil)
    }

    @Test("while another connection holds the write lock, the file is read on one connection without waiting")
    func writeLockHeldElsewhere() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        try await Self.fill(store)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: h.path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        let start = ContinuousClock.now
        let state = try await Self.load(store, parallelThreshold: 1)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(state.schemaCount == 400)
        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        try other.close()
    }

    @Test("when the second connection cannot open the file, the first reads everything")
    func secondConnectionFails() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        try await Self.fill(store)
        let missing = h.directory.appendingPathComponent("no-such-dir/registry.db").path
        let state = try await Self.load(store, parallelThreshold: 1, path: missing)
        let single = try await Self.load(store, parallelThreshold: .max)
        #expect(NormalizedContents(state.contents) == NormalizedContents(single.contents))
    }
}
