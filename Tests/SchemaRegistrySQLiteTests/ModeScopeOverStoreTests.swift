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
}
