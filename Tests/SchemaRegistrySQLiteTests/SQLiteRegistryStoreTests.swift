import Foundation
import GRDB
import RegistryStoreConformance
import SchemaRegistryCore
@testable import SchemaRegistrySQLite
import Testing

/// What only the SQLite store has: a file, durability settings, a change log, error mapping.
@Suite("SQLiteRegistryStore")
struct SQLiteRegistryStoreTests {
    @Test("data survives closing and reopening the file, in a directory created on open")
    func survivesReopen() async throws {
        let h = try StoreHarness(.sqlite)
        #expect(FileManager.default.fileExists(atPath: h.path))
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.perform(.setMode(scope: Write.subject("s"), mode: .readOnly))
        await h.store.close()
        let reopened = try SQLiteRegistryStore(path: h.path)
        let contents = try await reopened.normalized()
        #expect(contents.versions.map(\.version) == [1])
        #expect(contents.schemas.map(\.text) == ["a"])
        #expect(contents.modes == [Write.subject("s"): .readOnly])
        #expect(try await reopened.registered(Write.register("b", under: "s")) == (2, 2))
        await reopened.close()
    }

    @Test("the file is in WAL mode with synchronous=FULL, at the current layout")
    func durabilitySettings() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        let (journal, synchronous, migrations) = try await store.database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
             try SQLiteMigrations.migrator.appliedIdentifiers(db))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)
        #expect(migrations == ["v1", "v2", "v3"])
    }

    @Test("every write appends ordered change-log entries that hold keys, never schema text")
    func changeLog() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        let s = Write.subject(":.ctx:s")
        _ = try await store.registered(Write.register("secret-schema-text", under: ":.ctx:s"))
        _ = try await store.registered(Write.register("second", under: ":.ctx:s"))
        _ = try await store.perform(.markDeleted(subject: s, versions: [1, 2, 9]))
        _ = try await store.permanentlyDelete(s, versions: [1])
        _ = try await store.perform(.setConfig(scope: s, config: RegistryConfig(compatibilityLevel: CompatibilityLevel.none)))
        _ = try await store.perform(.setConfig(scope: s, config: nil))
        _ = try await store.perform(.setMode(scope: s, mode: .importing))
        _ = try await store.perform(.setMode(scope: s, mode: nil))
        let changes = try await store.changes(after: 0)
        #expect(changes.map(\.kind) == [
            .register, .register, .softDelete, .softDelete, .permanentDelete, .removeSchema, .setConfig, .removeConfig, .setMode, .removeMode,
        ])
        #expect(changes.map(\.sequence) == Array(1...10))
        #expect(changes.filter { $0.kind != .removeSchema }.allSatisfy { $0.subject == s })
        #expect(changes[0].version == 1 && changes[0].schemaId == 1)
        #expect(changes[4].version == 1 && changes[4].schemaId == 1)
        // The schema only version 1 used went with it; the entry names its context and id.
        #expect(changes[5].subject == QualifiedSubject(context: ".ctx", name: "") && changes[5].schemaId == 1)
        #expect(try await store.changes(after: 8).map(\.sequence) == [9, 10])
        #expect(try await store.changes(after: 0, limit: 2).count == 2)
        // The hard-deleted text is gone from every table, change log included.
        let found = try await store.database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM schemas WHERE text LIKE '%secret%')
                     + (SELECT COUNT(*) FROM changes WHERE kind || context || subject LIKE '%secret%')
                """)
        }
        #expect(found == 0)
    }

    @Test("association writes are in the change log with their key and subject")
    func associationChanges() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        let key = AssociationKey(resourceId: "u-1", resourceType: "topic", associationType: "value")
        let association = Association(
            guid: "g", subject: Write.subject(":.lkc:orders-value"), resourceName: "orders", resourceNamespace: "lkc", resourceId: "u-1",
            resourceType: "topic", associationType: "value", lifecycle: .weak, frozen: false, createTimestamp: 1, updateTimestamp: 1)
        _ = try await store.perform(.setAssociation(key: key, association: association))
        _ = try await store.perform(.setAssociation(key: key, association: nil))
        _ = try await store.perform(.setAssociation(key: key, association: nil))  // nothing left: nothing logged
        let changes = try await store.changes(after: 0)
        #expect(changes.map(\.kind) == [.setAssociation, .removeAssociation])
        #expect(changes.allSatisfy { $0.associationKey == key && $0.subject == association.subject })
    }

    @Test("a failed write is a storeFailure (50001), leaves nothing behind, and the store goes on")
    func failedWriteRollsBack() async throws {
        let h = try StoreHarness(.sqlite)
        let store = h.store
        _ = try await store.registered(Write.register("a", under: "s"))
        let before = try await store.normalized()
        // An explicit version that already exists violates the primary key, after the schema
        // row and the sequence were written in the same transaction.
        let error = await #expect(throws: RegistryError.self) {
            try await store.perform(Write.register("b", under: "s", version: 1))
        }
        #expect(error?.errorCode == 50001)
        #expect(error?.message.contains("register a schema under 's'") == true)
        #expect(try await store.normalized() == before)
        #expect(try await store.registered(Write.register("b", under: "s")) == (2, 2))
    }

    @Test("open failures are storeFailures with the path in the message")
    func openFailures() async throws {
        let h = try StoreHarness(.sqlite)
        // A file that is not a database.
        let junk = h.directory.appendingPathComponent("junk.db").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        #expect {
            _ = try SQLiteRegistryStore(path: junk)
        } throws: { error in
            guard let error = error as? RegistryError, case .storeFailure(let message) = error else { return false }
            return error.errorCode == 50001 && message.contains(junk)
        }
        // A directory in the way of the file.
        #expect(throws: RegistryError.self) { _ = try SQLiteRegistryStore(path: h.directory.path) }
        // A parent that is a file.
        #expect(throws: RegistryError.self) { _ = try SQLiteRegistryStore(path: junk + "/sub/registry.db") }
    }

    @Test("a file from a newer layout is refused, not modified")
    func newerLayoutRefused() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        try await store.database.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
        }
        await store.close()
        #expect {
            _ = try SQLiteRegistryStore(path: h.path)
        } throws: { error in
            (error as? RegistryError)?.message.contains("newer version") == true
        }
    }

    @Test("unreadable stored data is a storeFailure on load, not a crash")
    func corruptRowsFailLoad() async throws {
        let h = try StoreHarness(.sqlite)
        let store = try #require(h.store as? SQLiteRegistryStore)
        _ = try await store.registered(Write.register("a", under: "s"))
        try await store.database.write { db in
            try db.execute(sql: "UPDATE schemas SET references_json = '{not json'")
        }
        let error = await #expect(throws: RegistryError.self) { try await store.load() }
        #expect(error?.message.contains("references of schema 1") == true)
    }

    @Test("calls after close fail with storeFailure")
    func closedStore() async throws {
        let h = try StoreHarness(.sqlite)
        await h.store.close()
        await h.store.close()
        let error = await #expect(throws: RegistryError.self) { try await h.store.load() }
        #expect(error?.errorCode == 50001)
        await #expect(throws: RegistryError.self) { try await h.store.perform(.setMode(scope: Write.subject("s"), mode: nil)) }
    }
}
