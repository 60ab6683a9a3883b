import JSONModel
import SchemaRegistryCore
import Testing

@Suite("Multi-row mode writes over each store, across a restart")
struct ModeScopeOverStoreTests {
    @Test("a recursive mode delete removes every cleared mode from the store", arguments: StoreKind.allCases)
    func recursiveModeDelete(_ kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        let registry = try await Registry(store: harness.store)
        _ = try await registry.updateMode(subject: ":.ctx1:", to: "READONLY")
        _ = try await registry.updateMode(subject: ":.ctx1:a", to: "IMPORT")
        _ = try await registry.updateMode(subject: ":.ctx1:b", to: "READONLY")
        _ = try await registry.updateMode(subject: "c", to: "READONLY")
        #expect(try await registry.deleteMode(subject: ":.ctx1:", recursive: true) == .readOnly)

        let reopened = try await Registry(store: try await harness.reopen())
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:")) { try reopened.mode(subject: ":.ctx1:") }
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:a")) { try reopened.mode(subject: ":.ctx1:a") }
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:b")) { try reopened.mode(subject: ":.ctx1:b") }
        #expect(try reopened.mode(subject: "c") == .readOnly)
    }

    @Test("switching into IMPORT hard-deletes soft-deleted versions for good", arguments: StoreKind.allCases)
    func importPurgeSurvivesRestart(_ kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        let registry = try await Registry(store: harness.store)
        _ = try await registry.register(subject: ":.ctx1:a", SchemaRequest(schema: #""int""#))
        _ = try await registry.register(subject: ":.ctx1:b", SchemaRequest(schema: #""long""#))
        _ = try await registry.register(subject: "c", SchemaRequest(schema: #""string""#))
        _ = try await registry.deleteSubject(subject: ":.ctx1:a")
        _ = try await registry.deleteSubject(subject: ":.ctx1:b")
        _ = try await registry.deleteSubject(subject: "c")
        #expect(try await registry.updateMode(subject: ":.ctx1:", to: "IMPORT") == .importing)

        let reopened = try await Registry(store: try await harness.reopen())
        #expect(try reopened.mode(subject: ":.ctx1:") == .importing)
        #expect(reopened.subjects(includeDeleted: true) == ["c"])
        #expect(throws: RegistryError.schemaIdNotFound("1")) { try reopened.schema(id: 1, subject: ":.ctx1:a") }
        // Imported content may take the purged ids and versions.
        let imported = try await reopened.register(subject: ":.ctx1:a", SchemaRequest(schema: #""bytes""#, id: 2, version: 1))
        #expect(imported.id == 2 && imported.version == 1)
    }
}
