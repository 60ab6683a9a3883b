import JSONModel
import SchemaRegistryCore
import Testing

@Suite("The registry over each store, across a restart")
struct RegistryOverStoreTests {
    @Test("re-registering soft-deleted content keeps the subject's config, before and after a reopen", arguments: StoreKind.allCases)
    func reRegistrationKeepsConfig(_ kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        let registry = try await Registry(store: harness.store)
        _ = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": "NONE"]))
        _ = try await registry.register(subject: "s", SchemaRequest(schema: #""string""#))
        _ = try await registry.deleteSubject(subject: "s")
        let again = try await registry.register(subject: "s", SchemaRequest(schema: #""string""#))
        #expect(again.id == 1 && again.version == 2)
        #expect(try registry.config(subject: "s").compatibilityLevel == CompatibilityLevel.none)

        let reopened = try await Registry(store: try await harness.reopen())
        #expect(try reopened.config(subject: "s").compatibilityLevel == CompatibilityLevel.none)
        #expect(try reopened.versions(subject: "s", includeDeleted: true) == [2])
        #expect(try reopened.version(subject: "s", .latest).schema.text == #""string""#)
    }

    @Test("a registry reloaded from the store answers exactly as before", arguments: StoreKind.allCases)
    func reload(_ kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        let registry = try await Registry(store: harness.store)
        for i in 0..<20 {
            _ = try await registry.register(
                subject: "s\(i % 3)", SchemaRequest(schema: #"{"type":"record","name":"R","fields":[{"name":"f\#(i)","type":"long","default":0}]}"#))
        }
        _ = try await registry.deleteVersion(subject: "s1", .number(2))
        _ = try await registry.register(subject: ":.ctx:a", SchemaRequest(schema: #""int""#))
        let reopened = try await Registry(store: try await harness.reopen())
        #expect(reopened.subjects() == registry.subjects())
        for s in registry.subjects() {
            #expect(try reopened.versions(subject: s, includeDeleted: true) == registry.versions(subject: s, includeDeleted: true))
        }
        #expect(try reopened.schema(id: 7).text == registry.schema(id: 7).text)
        #expect(try await reopened.register(subject: "new", SchemaRequest(schema: #""bytes""#)).id == 21)
    }
}
