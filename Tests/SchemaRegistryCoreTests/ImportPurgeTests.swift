import JSONModel
import SchemaRegistryCore
import Testing

@Suite("Switching into IMPORT purges soft-deleted versions")
struct ImportPurgeTests {
    @Test("global IMPORT over soft-deleted subjects removes them for good, in the store too")
    func globalPurge() async throws {
        let store = MemoryRegistryStore()
        let registry = try await Registry(store: store)
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        _ = try await registry.register(subject: ":.ctx1:t", avro(#""int""#))
        _ = try await registry.deleteSubject(subject: "s")
        _ = try await registry.deleteSubject(subject: ":.ctx1:t")
        #expect(try await registry.updateMode(subject: nil, to: "IMPORT") == .importing)
        #expect(throws: RegistryError.subjectNotFound("s")) { try registry.versions(subject: "s", includeDeleted: true) }
        #expect(throws: RegistryError.subjectNotFound(":.ctx1:t")) { try registry.versions(subject: ":.ctx1:t", includeDeleted: true) }
        let stored = try await store.load()
        #expect(stored.versions.isEmpty && stored.schemas.isEmpty)
        #expect(stored.modes[QualifiedSubject(context: ".__GLOBAL", name: "")] == .importing)
        // The old id and version are free for imported content.
        let imported = try await registry.register(subject: "s", SchemaRequest(schema: #""string""#, id: 1, version: 1))
        #expect(imported.id == 1 && imported.version == 1)
    }

    @Test("a context or a subject purges only its own soft-deleted versions; force keeps live ones")
    func scopedPurge() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: ":.ctx1:a", avro(#""int""#))
        _ = try await registry.register(subject: "a", avro(#""int""#))
        _ = try await registry.deleteSubject(subject: ":.ctx1:a")
        _ = try await registry.deleteSubject(subject: "a")
        _ = try await registry.updateMode(subject: ":.ctx1:", to: "IMPORT")
        #expect(throws: RegistryError.subjectNotFound(":.ctx1:a")) { try registry.versions(subject: ":.ctx1:a", includeDeleted: true) }
        #expect(try registry.versions(subject: "a", includeDeleted: true) == [1])

        let none = CompatibilityLevel.none
        _ = try await registry.updateConfig(subject: "b", ConfigUpdate(body: ["compatibility": .string(none.rawValue)]))
        _ = try await registry.register(subject: "b", avro(#""int""#))
        _ = try await registry.register(subject: "b", avro(#""long""#))
        _ = try await registry.deleteVersion(subject: "b", .number(1))
        let refused = await registryError { try await registry.updateMode(subject: "b", to: "IMPORT") }
        #expect(refused?.message == "Cannot import since found existing subjects")
        #expect(try registry.versions(subject: "b", includeDeleted: true) == [1, 2])
        #expect(try await registry.updateMode(subject: "b", to: "IMPORT", force: true) == .importing)
        #expect(try registry.versions(subject: "b", includeDeleted: true) == [2])
        #expect(try registry.versions(subject: "a", includeDeleted: true) == [1])
        #expect(try registry.mode(subject: "b") == .importing)
        // Already in IMPORT: putting IMPORT again is not a switch, so live subjects are no obstacle.
        #expect(try await registry.updateMode(subject: "b", to: "IMPORT") == .importing)
    }

    @Test("a soft-deleted version still referenced from outside the purge is 42206 and nothing changes")
    func referencedVersionRefuses() async throws {
        let registry = try await makeRegistry()
        let referenced = #"{"type":"record","name":"Ref","fields":[]}"#
        let referrer = #"{"type":"record","name":"Main","fields":[{"name":"r","type":"Ref"}]}"#
        _ = try await registry.register(subject: "ref", avro(referenced))
        _ = try await registry.register(
            subject: "main", avro(referrer, references: [SchemaReference(name: "Ref", subject: "ref", version: 1)]))
        _ = try await registry.deleteSubject(subject: "main")
        _ = try await registry.deleteSubject(subject: "ref")
        let error = await registryError { try await registry.updateMode(subject: "ref", to: "IMPORT") }
        #expect(error == .referenceExists(subject: "ref", version: 1))
        #expect(error?.errorCode == 42206)
        #expect(throws: RegistryError.subjectModeNotConfigured("ref")) { try registry.mode(subject: "ref") }
        #expect(try registry.versions(subject: "ref", includeDeleted: true) == [1])
        // Globally both go together, so the reference between them is no obstacle.
        #expect(try await registry.updateMode(subject: nil, to: "IMPORT") == .importing)
        #expect(registry.subjects(includeDeleted: true).isEmpty)
    }
}
