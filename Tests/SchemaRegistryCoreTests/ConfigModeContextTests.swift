import JSONModel
import SchemaRegistryCore
import Testing

@Suite("Compatibility, config, mode and contexts")
struct ConfigModeContextTests {
    @Test("the default level is BACKWARD; a field without default is refused with 409 and Confluent's text")
    func backwardByDefault() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        let error = await registryError { try await registry.register(subject: "s", avro(recordSchema(fields: ["a", "b"]))) }
        #expect(error?.httpStatus == 409 && error?.errorCode == 409)
        #expect(error?.message.hasPrefix(#"Schema being registered is incompatible with an earlier schema for subject "s", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'"#) == true)
        #expect(error?.message.hasSuffix("{validateFields: 'false', compatibility: 'BACKWARD'}]") == true)
    }

    @Test("the incompatible error code can be 40901")
    func errorCodeOption() async throws {
        let registry = try await makeRegistry(options: RegistryOptions(incompatibleSchemaErrorCode: 40901))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        let error = await registryError { try await registry.register(subject: "s", avro(recordSchema(fields: ["a", "b"]))) }
        #expect(error?.errorCode == 40901)
    }

    @Test("the compatibility endpoint: unknown subject is compatible; verbose adds messages; soft-deleted versions are ignored")
    func compatibilityEndpoint() async throws {
        let registry = try await makeRegistry()
        #expect(try registry.checkCompatibility(subject: "nope", version: .latest, avro(#""int""#)).isCompatible)
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        let result = try registry.checkCompatibility(subject: "s", version: nil, avro(recordSchema(fields: ["a", "b"])), verbose: true)
        #expect(!result.isCompatible && result.messages.count == 4)
        #expect(throws: RegistryError.versionNotFound(7)) { try registry.checkCompatibility(subject: "s", version: .number(7), avro(#""int""#)) }
        let invalid = try registry.checkCompatibility(subject: "s", version: nil, avro("{"), verbose: true)
        #expect(!invalid.isCompatible && invalid.messages.first?.hasPrefix("Invalid schema of type AVRO") == true)
        _ = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": .string("NONE")]))
        _ = try await registry.register(subject: "s", avro(#""string""#))
        _ = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": .string("BACKWARD")]))
        _ = try await registry.deleteVersion(subject: "s", .latest)
        #expect(try registry.checkCompatibility(subject: "s", version: nil, avro(recordSchema(fields: ["a"], optional: ["c"]))).isCompatible)
    }

    @Test("transitive levels check every live version; plain ones only the latest")
    func transitive() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.updateConfig(subject: nil, ConfigUpdate(body: ["compatibility": .string("backward")]))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: ["a"])))
        _ = try await registry.register(subject: "s", avro(recordSchema(fields: [], optional: ["a"])))
        // Removing `a` is fine for v2's readers (it has a default there) but not for v1's, which require it.
        _ = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": .string("FORWARD_TRANSITIVE")]))
        let error = await registryError { try await registry.register(subject: "s", avro(recordSchema(fields: [], optional: []))) }
        #expect(error?.errorCode == 409)
        _ = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": .string("FORWARD")]))
        #expect(try await registry.register(subject: "s", avro(recordSchema(fields: [], optional: []))).version == 3)
    }

    @Test("config: GET shows the level, per-subject config is 40408 until set, levels validated")
    func config() async throws {
        let registry = try await makeRegistry()
        #expect(try registry.config(subject: nil).compatibilityLevel == .backward)
        #expect(throws: RegistryError.subjectCompatibilityNotConfigured("s")) { try registry.config(subject: "s") }
        #expect(try registry.config(subject: "s", defaultToGlobal: true).compatibilityLevel == .backward)
        let updated = try await registry.updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": .string("full")]))
        #expect(updated.compatibilityLevel == .full)
        let bad = await registryError { try await registry.updateConfig(subject: nil, ConfigUpdate(body: ["compatibility": .string("bogus")])) }
        #expect(bad == .invalidCompatibilityLevel)
        #expect(try await registry.deleteConfig(subject: "s").compatibilityLevel == .full)
        let missing = await registryError { try await registry.deleteConfig(subject: "s") }
        #expect(missing == .subjectNotFound("s"))
    }

    @Test("modes: READONLY refuses writes with the double-space message; IMPORT takes explicit ids")
    func modes() async throws {
        let registry = try await makeRegistry()
        #expect(try registry.mode(subject: nil) == .readWrite)
        #expect(throws: RegistryError.subjectModeNotConfigured("s")) { try registry.mode(subject: "s") }
        _ = try await registry.register(subject: "s", avro(#""int""#))
        _ = try await registry.updateMode(subject: nil, to: "readonly")
        let ro = await registryError { try await registry.register(subject: "s", avro(#""long""#)) }
        #expect(ro?.message == "Subject s in context  is in read-only mode")
        #expect(try await registry.register(subject: "s", avro(#""int""#)).id == 1)
        let refused = await registryError { try await registry.updateMode(subject: nil, to: "IMPORT") }
        #expect(refused?.message == "Cannot import since found existing subjects")
        _ = try await registry.updateMode(subject: nil, to: "IMPORT", force: true)
        let noId = await registryError { try await registry.register(subject: "t", avro(#""long""#)) }
        #expect(noId?.message == "Subject t in context  is not in read-write mode")
        let imported = try await registry.register(subject: "t", SchemaRequest(schema: #""long""#, id: 100, version: 5))
        #expect(imported.id == 100 && imported.version == 5)
        _ = try await registry.updateMode(subject: nil, to: "READWRITE")
        #expect(try await registry.register(subject: "u", avro(#""double""#)).id == 101)
        let bogus = await registryError { try await registry.updateMode(subject: nil, to: "bogus") }
        #expect(bogus?.message == "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")
    }

    @Test("contexts have their own subjects and id sequences")
    func contexts() async throws {
        let registry = try await makeRegistry()
        _ = try await registry.register(subject: "a", avro(#""int""#))
        let inContext = try await registry.register(subject: ":.ctx1:a", avro(#""long""#))
        #expect(inContext.id == 1)
        #expect(registry.contexts() == [".", ".ctx1"])
        #expect(registry.subjects() == [":.ctx1:a", "a"])
        #expect(registry.subjects(prefix: ":.ctx1:") == [":.ctx1:a"])
        #expect(try registry.schema(id: 1, subject: ":.ctx1:a").text == #""long""#)
        #expect(try registry.schema(id: 1).text == #""int""#)
        #expect(throws: RegistryError.contextNotEmpty(".ctx1")) { try registry.deleteContext(".ctx1") }
    }
}
