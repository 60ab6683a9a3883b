import SchemaRegistryCore
import Testing

@Suite("Registration and identity")
struct RegistrationTests {
    @Test("the first schema gets id 1, version 1, and is stored in canonical form")
    func firstRegistration() async throws {
        let registry = try await makeRegistry()
        let result = try await registry.register(subject: "s1", avro(#"{"type": "string"}"#))
        #expect(result.id == 1 && result.version == 1)
        #expect(try registry.version(subject: "s1", .number(1)).schema.text == #""string""#)
    }

    @Test("re-registering the same content (any formatting) returns the same id and version")
    func idempotent() async throws {
        let registry = try await makeRegistry()
        let first = try await registry.register(subject: "s", avro(#"{"type":"string"}"#))
        let again = try await registry.register(subject: "s", avro(#"{   "type":   "string"}"#))
        #expect(first == again)
        #expect(try registry.versions(subject: "s") == [1])
    }

    @Test("the same schema under another subject shares its id, with its own version numbering")
    func sharedIds() async throws {
        let registry = try await makeRegistry(options: RegistryOptions(defaultCompatibility: .none))
        _ = try await registry.register(subject: "a", avro(recordSchema(fields: ["x"])))
        _ = try await registry.register(subject: "b", avro(recordSchema("Other", fields: ["y"])))
        let shared = try await registry.register(subject: "b", avro(recordSchema(fields: ["x"])))
        #expect(shared.id == 1 && shared.version == 2)
        #expect(try registry.subjects(usingId: 1) == ["a", "b"])
        #expect(try registry.versions(usingId: 1).map(\.version) == [1, 2])
    }

    @Test("doc, defaults and custom properties are part of identity; normalize=true ignores presentation")
    func identityRules() async throws {
        let registry = try await makeRegistry(options: RegistryOptions(defaultCompatibility: .none))
        let a = try await registry.register(subject: "s", avro(#"{"type":"record","name":"R","fields":[],"b":1,"a":2}"#))
        let b = try await registry.register(subject: "s", avro(#"{"type":"record","name":"R","fields":[],"a":2,"b":1}"#))
        #expect(a.id != b.id)
        let c = try await registry.register(subject: "t", avro(#"{"type":"record","name":"R","fields":[],"a":2,"b":1}"#), normalize: true)
        let d = try await registry.register(subject: "t", avro(#"{"type":"record","name":"R","fields":[],"b":1,"a":2}"#), normalize: true)
        #expect(c == d)
    }

    @Test("invalid schemas, types and subjects are refused with Confluent's codes")
    func invalidInput() async throws {
        let registry = try await makeRegistry()
        let lowerType = await registryError { try await registry.register(subject: "s", SchemaRequest(schema: #""int""#, schemaType: "avro")) }
        #expect(lowerType == .invalidSchema("Invalid schema type avro"))
        let bad = await registryError { try await registry.register(subject: "s", avro(#"{"type":"strin"}"#)) }
        #expect(bad?.errorCode == 42201)
        #expect(bad?.message == #"Invalid schema of type AVRO, details: /type: unknown type "strin""#)
        let empty = await registryError { try await registry.register(subject: "s", SchemaRequest(schema: nil)) }
        #expect(empty == .invalidSchema("Empty schema"))
        let control = await registryError { try await registry.register(subject: "a\u{1}b", avro(#""int""#)) }
        #expect(control?.errorCode == 42208)
        #expect(control?.message == "The specified subject 'a\u{1}b' is not a valid.")
    }

    @Test("an empty schema with a previous version reuses its text (metadata-only update)")
    func metadataOnlyUpdate() async throws {
        let registry = try await makeRegistry()
        let first = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        let metadata = try JSONParser().parse(#"{"properties":{"owner":"team-a"}}"#)
        let second = try await registry.register(subject: "s", SchemaRequest(schema: nil, metadata: metadata))
        #expect(second.version == 2 && second.id != first.id)
        #expect(second.schema.text == first.schema.text)
        #expect(try registry.latestVersion(subject: "s", withMetadata: [("owner", "team-a")]).version == 2)
    }

    @Test("a rule set is validated and kept")
    func ruleSets() async throws {
        let registry = try await makeRegistry()
        let bad = try JSONParser().parse(#"{"domainRules":[{"name":"9x","type":"CEL"}]}"#)
        let error = await registryError { try await registry.register(subject: "s", SchemaRequest(schema: #""int""#, ruleSet: bad)) }
        #expect(error == .invalidRuleSet("Illegal initial character in rule name: 9x"))
        let good = try JSONParser().parse(#"{"domainRules":[{"name":"check","type":"CEL","mode":"WRITE","expr":"true"}]}"#)
        let result = try await registry.register(subject: "s", SchemaRequest(schema: #""int""#, ruleSet: good))
        #expect(try registry.schema(id: result.id).ruleSet == good)
    }

    @Test("lookup finds the registered version and never creates one")
    func lookup() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        #expect(try registry.lookup(subject: "s", avro(recordSchema(fields: ["a"]))).version == 1)
        #expect(throws: RegistryError.schemaNotFound) { try registry.lookup(subject: "s", avro(recordSchema(fields: ["b"]))) }
        #expect(throws: RegistryError.subjectNotFound("t")) { try registry.lookup(subject: "t", avro(#""int""#)) }
    }

    @Test("references resolve by subject and version, and a referenced version cannot be deleted")
    func references() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "address", avro(#"{"type":"record","name":"Address","namespace":"a","fields":[{"name":"city","type":"string"}]}"#))
        let user = try await registry.register(
            subject: "user",
            avro(#"{"type":"record","name":"User","namespace":"a","fields":[{"name":"home","type":"Address"}]}"#,
                references: [SchemaReference(name: "a.Address", subject: "address", version: 1)]))
        #expect(user.schema.text == #"{"type":"record","name":"User","namespace":"a","fields":[{"name":"home","type":"Address"}]}"#)
        #expect(try registry.referencedBy(subject: "address", .number(1)) == [user.id])
        let deletion = await registryError { try await registry.deleteVersion(subject: "address", .number(1)) }
        #expect(deletion?.message == "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=address,version=1}.")
        let missing = await registryError {
            try await registry.register(subject: "x", avro(#""int""#, references: [SchemaReference(name: "n", subject: "nope", version: 1)]))
        }
        #expect(missing?.errorCode == 42201)
    }
}

import JSONModel

@Suite("Loading state from store contents")
struct StateLoadingTests {
    @Test("versions in any order, a subject split across runs, load to the same state")
    func unorderedContents() async throws {
        let registry = try await makeRegistry(options: RegistryOptions(defaultCompatibility: .none))
        for i in 0..<6 { _ = try await registry.register(subject: "s\(i % 2)", avro(recordSchema(fields: ["f\(i)"]))) }
        let contents = registry.contents()
        var shuffled = contents
        shuffled.versions = contents.versions.sorted { ($0.version, $0.subject) < ($1.version, $1.subject) }
        let reloaded = try await Registry(store: MemoryRegistryStore(contents: shuffled), options: RegistryOptions(defaultCompatibility: .none))
        for s in ["s0", "s1"] {
            #expect(try reloaded.versions(subject: s) == [1, 2, 3])
            #expect(try reloaded.subjects(usingId: try reloaded.version(subject: s, .number(2)).schema.id) == [s])
        }
        #expect(try await reloaded.register(subject: "s0", avro(recordSchema(fields: ["new"]))).version == 4)
    }
}

@Suite("confluent:version in metadata")
struct ConfluentVersionTests {
    static func versionProperty(_ schema: StoredSchema) -> String? {
        schema.metadata?.objectValue?["properties"]?.objectValue?["confluent:version"]?.stringValue
    }

    @Test("a registration naming its version records it; plain registrations and lookups still find that version")
    func explicitVersionIsRecorded() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        var request = avro(recordSchema(fields: ["a"], optional: ["b"]))
        request.version = 2
        let second = try await registry.register(subject: "s", request)
        #expect(second.version == 2 && Self.versionProperty(second.schema) == "2")

        // Sent again without a version or metadata: the same version, not a third.
        let again = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        #expect(again.version == 2 && again.id == second.id)
        // A lookup without metadata finds it, ignoring the recorded version.
        #expect(try registry.lookup(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"]))).version == 2)
    }

    @Test("a version recorded in the latest's metadata moves on with the next registration")
    func inheritedVersionMovesOn() async throws {
        let registry = try await makeRegistry()
        var request = avro(recordSchema(fields: ["a"]))
        request.version = 1
        #expect(Self.versionProperty(try await registry.register(subject: "s", request).schema) == "1")
        let next = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        #expect(next.version == 2 && Self.versionProperty(next.schema) == "2")
    }

    @Test("version -1 finds only the latest version; content only in an older one becomes a new version")
    func latestOnly() async throws {
        let registry = try await makeRegistry()
        let first = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"], optional: ["b"])))
        var latest = avro(recordSchema(fields: ["a"], optional: ["b"]))
        latest.version = -1
        #expect(try await registry.register(subject: "s", latest).version == 2)
        var older = avro(recordSchema(fields: ["a"]))
        older.version = -1
        let third = try await registry.register(subject: "s", older)
        #expect(third.version == 3 && third.id != first.id && Self.versionProperty(third.schema) == "3")
    }

    @Test("a version named explicitly is registered even when its content is live under another version")
    func explicitVersionIsNotDeduplicatedToAnother() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.updateMode(subject: nil, to: "IMPORT")
        var v1 = avro(recordSchema(fields: ["a"]))
        v1.id = 7
        v1.version = 1
        var v2 = v1
        v2.version = 2
        #expect(try await registry.register(subject: "s", v1).version == 1)
        let second = try await registry.register(subject: "s", v2)
        #expect(second.version == 2 && second.id == 7)
        // Importing keeps the metadata as sent: no version is recorded.
        #expect(Self.versionProperty(second.schema) == nil)
        #expect(try registry.versions(subject: "s") == [1, 2])
        // The same pair again is the existing version.
        #expect(try await registry.register(subject: "s", v2).version == 2)
    }
}
