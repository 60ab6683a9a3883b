import JSONModel
import SchemaRegistryCore
import Testing

/// The store contract, as scenarios that every store runs unchanged: the same writes must
/// allocate the same ids and versions and leave the same contents, in memory, in SQLite and in
/// PostgreSQL. A store's test target runs them all with its own `StoreUnderTest`:
///
/// ```swift
/// @Test(arguments: RegistryStoreConformance.scenarios)
/// func conformance(_ scenario: StoreScenario) async throws { try await scenario.run { try MyStoreUnderTest() } }
/// ```
public enum RegistryStoreConformance {
    /// Every scenario of the contract.
    public static let scenarios: [StoreScenario] = [
        StoreScenario("registrations allocate ids 1, 2, 3 and versions 1, 2, 3", allocatesInOrder),
        StoreScenario("same content under another subject with the given id reuses the id", reusesGivenId),
        StoreScenario("an explicit IMPORT id advances the sequence, a lower one does not move it back", importIdAdvancesSequence),
        StoreScenario("versions continue after a soft delete", versionsContinueAfterSoftDelete),
        StoreScenario("after a permanent delete of the highest version its number is reused, its id is not", permanentDeleteReusesNumberNotId),
        StoreScenario("a permanent delete keeps a schema another subject still uses", permanentDeleteKeepsSharedSchema),
        StoreScenario("permanentlyRemove drops the listed version rows in the same write; their schema stays", permanentlyRemoveInRegistration),
        StoreScenario("config and mode are set and removed at every scope", configAndMode),
        StoreScenario("a subject's config and mode go with its last version, not before", subjectSettingsDroppedWithLastVersion),
        StoreScenario("contexts have independent id sequences", contextsIndependent),
        StoreScenario("reopening gives the same contents and the same RegistryState", reloadAfterReopen),
        StoreScenario("associations are stored, replaced, removed in a batch and survive a reopen", associationsSurviveReopen),
        StoreScenario("the same script gives the same outcomes and contents as the memory store", sameScriptAsMemory),
        StoreScenario("restored rows are the same rows, and allocation goes on after them", restoreKeepsEverything),
    ]

    static func allocatesInOrder(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        #expect(try await h.store.registered(Write.register("a", under: "s")) == (1, 1))
        #expect(try await h.store.registered(Write.register("b", under: "s")) == (2, 2))
        #expect(try await h.store.registered(Write.register("c", under: "t")) == (3, 1))
        let contents = try await h.store.normalized()
        #expect(contents.schemas.map(\.id) == [1, 2, 3])
        #expect(contents.nextIds == [".": 4])
    }

    static func reusesGivenId(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        #expect(try await h.store.registered(Write.register("a", under: "s")) == (1, 1))
        #expect(try await h.store.registered(Write.register("a", under: "other", id: 1)) == (1, 1))
        #expect(try await h.store.registered(Write.register("b", under: "s")) == (2, 2))
        let contents = try await h.store.normalized()
        #expect(contents.schemas.map(\.id) == [1, 2])
        #expect(contents.versions.filter { $0.schemaId == 1 }.count == 2)
    }

    static func importIdAdvancesSequence(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        #expect(try await h.store.registered(Write.register("a", under: "s", id: 100, version: 7)) == (100, 7))
        #expect(try await h.store.registered(Write.register("b", under: "s")) == (101, 8))
        #expect(try await h.store.registered(Write.register("c", under: "t", id: 5)) == (5, 1))
        #expect(try await h.store.registered(Write.register("d", under: "t")) == (102, 2))
        #expect(try await h.store.normalized().nextIds == [".": 103])
    }

    static func versionsContinueAfterSoftDelete(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.registered(Write.register("b", under: "s"))
        _ = try await h.store.perform(.markDeleted(subject: Write.subject("s"), versions: [1, 2]))
        #expect(try await h.store.registered(Write.register("c", under: "s")) == (3, 3))
        let versions = try await h.store.normalized().versions
        #expect(versions.map(\.deleted) == [true, true, false])
        #expect(try await h.store.normalized().schemas.count == 3)
    }

    static func permanentDeleteReusesNumberNotId(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.registered(Write.register("b", under: "s"))
        let s = Write.subject("s")
        _ = try await h.store.perform(.markDeleted(subject: s, versions: [2]))
        _ = try await h.store.permanentlyDelete(s, versions: [2])
        let afterDelete = try await h.store.normalized()
        #expect(afterDelete.schemas.map(\.id) == [1], "the schema no version uses is removed")
        #expect(afterDelete.versions.map(\.version) == [1])
        #expect(try await h.store.registered(Write.register("c", under: "s")) == (3, 2))
    }

    static func permanentDeleteKeepsSharedSchema(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.registered(Write.register("a", under: "t", id: 1))
        _ = try await h.store.permanentlyDelete(Write.subject("s"), versions: [1])
        let contents = try await h.store.normalized()
        #expect(contents.schemas.map(\.id) == [1])
        #expect(contents.versions.map(\.subject.name) == ["t"])
    }

    static func permanentlyRemoveInRegistration(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.registered(Write.register("b", under: "s"))
        _ = try await h.store.perform(.markDeleted(subject: Write.subject("s"), versions: [2]))
        // Re-registering the content of soft-deleted version 2: the new version takes its id.
        // The version is allocated before the removal, so 2 is not handed out by this write.
        #expect(try await h.store.registered(Write.register("b", under: "s", id: 2, permanentlyRemove: [2])) == (2, 3))
        let contents = try await h.store.normalized()
        #expect(contents.versions.map(\.version) == [1, 3])
        #expect(contents.schemas.map(\.id) == [1, 2])
        // An IMPORT over a removed version number puts it back with the given id.
        _ = try await h.store.perform(.markDeleted(subject: Write.subject("s"), versions: [3]))
        #expect(try await h.store.registered(Write.register("b", under: "s", id: 2, version: 3, permanentlyRemove: [3])) == (2, 3))
        #expect(try await h.store.normalized().versions.map(\.deleted) == [false, false])
    }

    static func configAndMode(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        let global = QualifiedSubject(context: QualifiedSubject.globalContext, name: "")
        let context = Write.subject(":.ctx:")
        let subject = Write.subject(":.ctx:s")
        let full = RegistryConfig(
            compatibilityLevel: .fullTransitive, normalize: true, validateFields: false, validateRules: true,
            compatibilityPolicy: "p", compatibilityGroup: "g", alias: "al",
            defaultMetadata: .object(["properties": .object(["owner": .string("x")])]),
            overrideMetadata: .object(["n": .integer(1)]), defaultRuleSet: .object(["domainRules": .array([])]),
            overrideRuleSet: .object(["migrationRules": .array([.double(1.5)])]))
        _ = try await h.store.perform(.setConfig(scope: global, config: RegistryConfig(compatibilityLevel: CompatibilityLevel.none)))
        _ = try await h.store.perform(.setConfig(scope: context, config: RegistryConfig()))
        _ = try await h.store.perform(.setConfig(scope: subject, config: full))
        _ = try await h.store.perform(.setMode(scope: global, mode: .importing))
        _ = try await h.store.perform(.setMode(scope: subject, mode: .readOnly))
        var contents = try await h.store.normalized()
        #expect(contents.configs == [global: RegistryConfig(compatibilityLevel: CompatibilityLevel.none), context: RegistryConfig(), subject: full])
        #expect(contents.modes == [global: .importing, subject: .readOnly])
        _ = try await h.store.perform(.setConfig(scope: context, config: nil))
        _ = try await h.store.perform(.setMode(scope: global, mode: nil))
        _ = try await h.store.perform(.setMode(scope: subject, mode: .readWrite))
        contents = try await h.store.normalized()
        #expect(contents.configs == [global: RegistryConfig(compatibilityLevel: CompatibilityLevel.none), subject: full])
        #expect(contents.modes == [subject: .readWrite])
        let reopened = try await h.reopen()
        #expect(try await reopened.normalized() == contents)
    }

    static func subjectSettingsDroppedWithLastVersion(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        let s = Write.subject("s")
        let other = Write.subject("other")
        _ = try await h.store.registered(Write.register("a", under: "s"))
        _ = try await h.store.registered(Write.register("b", under: "s"))
        _ = try await h.store.registered(Write.register("c", under: "other"))
        for scope in [s, other] {
            _ = try await h.store.perform(.setConfig(scope: scope, config: RegistryConfig(compatibilityLevel: .forward)))
            _ = try await h.store.perform(.setMode(scope: scope, mode: .readOnly))
        }
        _ = try await h.store.perform(.markDeleted(subject: s, versions: [1, 2]))
        _ = try await h.store.permanentlyDelete(s, versions: [1])
        #expect(try await h.store.normalized().configs.keys.sorted() == [other, s], "one version left: kept")
        _ = try await h.store.permanentlyDelete(s, versions: [2])
        let contents = try await h.store.normalized()
        #expect(contents.configs.keys.sorted() == [other])
        #expect(contents.modes.keys.sorted() == [other])
        // A subject with no versions at all keeps settings made before its first registration.
        let fresh = Write.subject("fresh")
        _ = try await h.store.perform(.setMode(scope: fresh, mode: .importing))
        _ = try await h.store.permanentlyDelete(fresh, versions: [1])
        #expect(try await h.store.normalized().modes[fresh] == .importing)
    }

    static func contextsIndependent(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        #expect(try await h.store.registered(Write.register("a", under: "s")) == (1, 1))
        #expect(try await h.store.registered(Write.register("b", under: "s")) == (2, 2))
        #expect(try await h.store.registered(Write.register("a", under: ":.ctx:s")) == (1, 1))
        #expect(try await h.store.registered(Write.register("x", under: ":.other:s", id: 50)) == (50, 1))
        #expect(try await h.store.registered(Write.register("c", under: ":.ctx:t")) == (2, 1))
        let contents = try await h.store.normalized()
        #expect(contents.nextIds == [".": 3, ".ctx": 2 + 1, ".other": 51])
        #expect(contents.schemas.filter { $0.context == ".ctx" }.map(\.id) == [1, 2])
    }

    static func reloadAfterReopen(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        try await Self.runScript(on: h.store)
        let before = try await h.store.load()
        let reopened = try await h.reopen()
        let after = try await reopened.load()
        #expect(NormalizedContents(after) == NormalizedContents(before))
        #expect(NormalizedContents(RegistryState(contents: after).contents) == NormalizedContents(RegistryState(contents: before).contents))
        // The reopened store goes on allocating where the first one stopped.
        let memory = MemoryRegistryStore(contents: before)
        let next = Write.register("after-reopen", under: "s1")
        #expect(try await reopened.perform(next) == (try await memory.perform(next)))
        await reopened.close()
    }

    static func associationsSurviveReopen(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        _ = try await h.store.registered(Write.register("a", under: ":.lkc:orders-value"))
        func association(_ type: String, _ lifecycle: Association.Lifecycle, updated: Int64 = 1) -> Association {
            Association(
                guid: "guid-" + type, subject: Write.subject(":.lkc:orders-" + type), resourceName: "orders", resourceNamespace: "lkc",
                resourceId: "u-1", resourceType: "topic", associationType: type, lifecycle: lifecycle, frozen: lifecycle == .strong,
                createTimestamp: 1, updateTimestamp: updated)
        }
        let value = association("value", .strong), key = association("key", .weak)
        _ = try await h.store.perform(.batch([.setAssociation(key: value.key, association: value), .setAssociation(key: key.key, association: key)]))
        let changed = association("key", .weak, updated: 2)
        _ = try await h.store.perform(.setAssociation(key: changed.key, association: changed))
        #expect(try await h.store.load().associations == [changed, value])
        let reopened = try await h.reopen()
        #expect(try await reopened.load().associations == [changed, value])
        _ = try await reopened.perform(.setAssociation(key: key.key, association: nil))
        #expect(try await reopened.load().associations == [value])
    }

    static func restoreKeepsEverything(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let source = MemoryRegistryStore()
        try await runScript(on: source)
        let contents = try await source.load()
        let h = try await make()
        // In two parts, as copy-storage writes them: the order of rows does not matter.
        let half = contents.versions.count / 2
        let firstIds = Set(contents.versions.prefix(half).map { "\($0.subject.context)/\($0.schemaId)" })
        let firstSchemas = contents.schemas.filter { firstIds.contains("\($0.context)/\($0.id)") }
        _ = try await h.store.perform(.restore(schemas: firstSchemas, versions: Array(contents.versions.prefix(half)), nextIds: [:]))
        _ = try await h.store.perform(
            .restore(
                schemas: contents.schemas.filter { !firstIds.contains("\($0.context)/\($0.id)") }, versions: Array(contents.versions.dropFirst(half)),
                nextIds: contents.nextIds))
        var settings: [RegistryWrite] = contents.configs.map { .setConfig(scope: $0.key, config: $0.value) }
        settings += contents.modes.map { .setMode(scope: $0.key, mode: $0.value) }
        _ = try await h.store.perform(.batch(settings))
        #expect(try await h.store.normalized() == NormalizedContents(contents))
        let reopened = try await h.reopen()
        #expect(try await reopened.normalized() == NormalizedContents(contents))
        let next = Write.register("after-restore", under: "s1")
        #expect(try await reopened.perform(next) == (try await source.perform(next)))
    }

    static func sameScriptAsMemory(_ make: @Sendable () async throws -> any StoreUnderTest) async throws {
        let h = try await make()
        let memory = MemoryRegistryStore()
        let expected = try await runScript(on: memory)
        #expect(try await runScript(on: h.store) == expected)
        #expect(try await h.store.normalized() == (try await memory.normalized()))
    }


    /// A step of `runScript`: a write, or a permanent delete decided on the store's state.
    enum ScriptStep {
        case write(RegistryWrite)
        case permanentDelete(QualifiedSubject, [Int])
    }

    /// A mixed workload: contexts, references, metadata, imports, soft and hard deletes,
    /// settings. Returns every outcome in order.
    @discardableResult
    static func runScript(on store: any RegistryStore) async throws -> [RegistryWriteOutcome] {
        let refs = [SchemaReference(name: "com.example.A", subject: "s0", version: 1)]
        let meta: JSONValue = .object(["properties": .object(["owner": .string("team"), "n": .integer(3)])])
        var writes: [ScriptStep] = []
        for i in 0..<12 {
            let subject = i % 3 == 2 ? ":.ctx:s\(i % 4)" : "s\(i % 4)"
            writes.append(.write(Write.register("schema-\(i)", under: subject, references: i % 5 == 4 ? refs : [],
                                         metadata: i % 4 == 1 ? meta : nil, timestamp: 1_000 + Int64(i))))
        }
        writes.append(.write(Write.register("schema-0", under: "s9", id: 1)))
        writes.append(.write(Write.register("imported", under: "s9", id: 40, version: 10)))
        writes.append(.write(.markDeleted(subject: Write.subject("s1"), versions: [1, 2])))
        writes.append(.permanentDelete(Write.subject("s1"), [2]))
        writes.append(.write(Write.register("schema-12", under: "s1")))
        writes.append(.write(.setConfig(scope: Write.subject("s0"), config: RegistryConfig(compatibilityLevel: .backward, normalize: true))))
        writes.append(.write(.setMode(scope: Write.subject(":.ctx:"), mode: .readOnly)))
        writes.append(.write(.markDeleted(subject: Write.subject("s0"), versions: [1, 2, 3])))
        writes.append(.permanentDelete(Write.subject("s0"), [1, 2, 3]))
        writes.append(.write(Write.register("schema-13", under: "s0")))
        writes.append(.write(.markDeleted(subject: Write.subject("s3"), versions: [1])))
        writes.append(.write(Write.register("schema-14", under: "s3", permanentlyRemove: [1])))
        var outcomes: [RegistryWriteOutcome] = []
        for step in writes {
            switch step {
            case .write(let write): outcomes.append(try await store.perform(write))
            case .permanentDelete(let subject, let versions): outcomes.append(try await store.permanentlyDelete(subject, versions: versions))
            }
        }
        return outcomes
    }
}
