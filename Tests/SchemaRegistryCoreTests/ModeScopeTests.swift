import JSONModel
import SchemaRegistryCore
import Testing

@Suite("Recursive mode deletes")
struct ModeScopeTests {
    @Test("DELETE /mode/:.ctx: recursive clears the context's subject modes and answers the context's old mode")
    func recursiveContextDelete() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.updateMode(subject: ":.ctx1:", to: "READONLY")
        _ = try await registry.updateMode(subject: ":.ctx1:a", to: "IMPORT")
        _ = try await registry.updateMode(subject: ":.ctx1:b", to: "READONLY")
        _ = try await registry.updateMode(subject: ":.ctx2:a", to: "READONLY")
        _ = try await registry.updateMode(subject: "a", to: "READONLY")
        #expect(try await registry.deleteMode(subject: ":.ctx1:", recursive: true) == .readOnly)
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:")) { try registry.mode(subject: ":.ctx1:") }
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:a")) { try registry.mode(subject: ":.ctx1:a") }
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:b")) { try registry.mode(subject: ":.ctx1:b") }
        // Other contexts and the default context keep theirs.
        #expect(try registry.mode(subject: ":.ctx2:a") == .readOnly)
        #expect(try registry.mode(subject: "a") == .readOnly)
    }

    @Test("recursive with no mode on the target answers the effective mode instead of 404; without it, 40401 as before")
    func recursiveWithoutOwnMode() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.updateMode(subject: nil, to: "READONLY")
        _ = try await registry.updateMode(subject: ":.ctx1:a", to: "IMPORT")
        let plain = await registryError { try await registry.deleteMode(subject: ":.ctx1:") }
        #expect(plain == .subjectNotFound(":.ctx1:"))
        #expect(try registry.mode(subject: ":.ctx1:a") == .importing)
        #expect(try await registry.deleteMode(subject: ":.ctx1:", recursive: true) == .readOnly)
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:a")) { try registry.mode(subject: ":.ctx1:a") }
        // Nothing left to clear: still an answer, not an error.
        #expect(try await registry.deleteMode(subject: ":.ctx1:", recursive: true) == .readOnly)
        #expect(try await registry.deleteMode(subject: "nope", recursive: true) == .readOnly)
    }

    @Test("DELETE /mode recursive clears every subject-level mode in every context, keeps context modes")
    func recursiveGlobalDelete() async throws {
        let store = MemoryRegistryStore()
        let registry = try await Registry(store: store)
        _ = try await registry.updateMode(subject: nil, to: "READONLY")
        _ = try await registry.updateMode(subject: "a", to: "IMPORT")
        _ = try await registry.updateMode(subject: ":.ctx1:b", to: "READONLY")
        _ = try await registry.updateMode(subject: ":.ctx1:", to: "IMPORT")
        #expect(try await registry.deleteMode(subject: nil, recursive: true) == .readOnly)
        #expect(try registry.mode(subject: nil) == .readWrite)
        #expect(throws: RegistryError.subjectModeNotConfigured("a")) { try registry.mode(subject: "a") }
        #expect(throws: RegistryError.subjectModeNotConfigured(":.ctx1:b")) { try registry.mode(subject: ":.ctx1:b") }
        #expect(try registry.mode(subject: ":.ctx1:") == .importing)
        // The removals reached the store, not only memory.
        #expect(try await store.load().modes == [QualifiedSubject(context: ".ctx1", name: ""): .importing])
    }
}
