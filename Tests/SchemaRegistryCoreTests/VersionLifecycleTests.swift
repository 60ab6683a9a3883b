import SchemaRegistryCore
import Testing

@Suite("Versions, latest and deletes")
struct VersionLifecycleTests {
    func registryWithTwoVersions() async throws -> Registry {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        return registry
    }

    @Test("version ids: numbers, latest and -1; 0, other negatives and words are 42202")
    func selectors() throws {
        #expect(try VersionSelector(parsing: " Latest ") == .latest)
        #expect(try VersionSelector(parsing: "-1") == .latest)
        #expect(try VersionSelector(parsing: "3") == .number(3))
        for bad in ["0", "-2", "abc", "2147483648"] {
            #expect(throws: RegistryError.invalidVersion(bad)) { try VersionSelector(parsing: bad) }
        }
        #expect(RegistryError.invalidVersion("0").message
            == #"The specified version '0' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest""#)
    }

    @Test("soft delete hides a version; deleted=true shows it; a second soft delete is 40406")
    func softDelete() async throws {
        let registry = try await registryWithTwoVersions()
        #expect(try await registry.deleteVersion(subject: "s", .number(2)) == 2)
        #expect(try registry.versions(subject: "s") == [1])
        #expect(try registry.versions(subject: "s", includeDeleted: true) == [1, 2])
        #expect(try registry.versions(subject: "s", deletedOnly: true) == [2])
        #expect(throws: RegistryError.versionNotFound(2)) { try registry.version(subject: "s", .number(2)) }
        #expect(try registry.version(subject: "s", .number(2), includeDeleted: true).deleted)
        let again = await registryError { try await registry.deleteVersion(subject: "s", .number(2)) }
        #expect(again?.message == "Subject 's' Version 2 was soft deleted.Set permanent=true to delete permanently")
    }

    @Test("permanent delete needs a soft delete first (40407) and then really removes the version")
    func permanentDelete() async throws {
        let registry = try await registryWithTwoVersions()
        let live = await registryError { try await registry.deleteVersion(subject: "s", .number(1), permanent: true) }
        #expect(live?.errorCode == 40407)
        _ = try await registry.deleteVersion(subject: "s", .number(2))
        #expect(try await registry.deleteVersion(subject: "s", .number(2), permanent: true) == 2)
        #expect(throws: RegistryError.versionNotFound(2)) { try registry.version(subject: "s", .number(2), includeDeleted: true) }
    }

    @Test("new versions count soft-deleted ones: delete subject [1,2], re-register both → [3,4]")
    func numberingAfterSubjectDelete() async throws {
        let registry = try await registryWithTwoVersions()
        #expect(try await registry.deleteSubject(subject: "s") == [1, 2])
        #expect(registry.subjects() == [])
        #expect(registry.subjects(includeDeleted: true) == ["s"])
        let a = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        let b = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        #expect((a.version, b.version) == (3, 4))
        #expect(a.id == 1 && b.id == 2)
    }

    @Test("re-registering a soft-deleted version's content: new version, old id, old version gone")
    func reRegisterSoftDeleted() async throws {
        let registry = try await registryWithTwoVersions()
        _ = try await registry.deleteVersion(subject: "s", .number(1))
        let again = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        #expect(again.id == 1 && again.version == 3)
        #expect(try registry.versions(subject: "s", includeDeleted: true) == [2, 3])
    }

    @Test("latest walks back as versions are deleted; a fully soft-deleted subject is 40401")
    func latest() async throws {
        let registry = try await registryWithTwoVersions()
        #expect(try await registry.deleteVersion(subject: "s", .latest) == 2)
        #expect(try registry.version(subject: "s", .latest).version == 1)
        #expect(try await registry.deleteVersion(subject: "s", .latest) == 1)
        #expect(throws: RegistryError.subjectNotFound("s")) { try registry.version(subject: "s", .latest) }
        #expect(throws: RegistryError.versionNotFound(-1)) { try registry.version(subject: "s", .latest, includeDeleted: true) }
    }

    @Test("subject deletes: 40405 permanent while live, 40404 twice soft, then permanent, then 40401")
    func subjectDeletes() async throws {
        let registry = try await registryWithTwoVersions()
        let live = await registryError { try await registry.deleteSubject(subject: "s", permanent: true) }
        #expect(live?.message == "Subject 's' was not deleted first before being permanently deleted")
        _ = try await registry.deleteSubject(subject: "s")
        let twice = await registryError { try await registry.deleteSubject(subject: "s") }
        #expect(twice?.message == "Subject 's' was soft deleted.Set permanent=true to delete permanently")
        #expect(try await registry.deleteSubject(subject: "s", permanent: true) == [1, 2])
        let gone = await registryError { try await registry.deleteSubject(subject: "s") }
        #expect(gone == .subjectNotFound("s"))
        let next = try await registry.register(subject: "s", avro(#""int""#))
        #expect(next.version == 1)
    }

    @Test("soft-deleted schemas stay readable by id; hard-deleted ones are 40403")
    func byIdAfterDeletes() async throws {
        let registry = try await makeRegistry()
        let r = try await registry.register(subject: "s", avro(#""string""#))
        _ = try await registry.deleteSubject(subject: "s")
        #expect(try registry.schema(id: r.id).text == #""string""#)
        _ = try await registry.deleteSubject(subject: "s", permanent: true)
        #expect(throws: RegistryError.schemaIdNotFound("1")) { try registry.schema(id: r.id) }
    }
}
