import JSONModel
import SchemaRegistryCore
import Testing

@Suite("JSON Schema in the registry (schemaType JSON)")
struct JSONSchemaRegistryTests {
    func registry() async throws -> Registry {
        try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat()])
    }

    func json(_ schema: String, references: [SchemaReference] = []) -> SchemaRequest {
        SchemaRequest(schema: schema, schemaType: "JSON", references: references)
    }

    static let closed = #"{"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false}"#
    static let closedPlusOptional = #"{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"additionalProperties":false}"#
    static let open = #"{"type":"object","properties":{"id":{"type":"string"}}}"#
    static let openPlusOptional = #"{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}}}"#

    @Test("stored as compact JSON in the order written; normalize=true sorts keys")
    func canonicalText() async throws {
        let registry = try await registry()
        let a = try await registry.register(subject: "a", json(#"{ "type": "object", "properties": { "b": {"type":"string"} } }"#))
        #expect(a.schema.text == #"{"type":"object","properties":{"b":{"type":"string"}}}"#)
        #expect(a.schema.schemaType == .json)
        let n = try await registry.register(subject: "n", json(#"{"type":"object","properties":{"b":{"type":"string"}}}"#), normalize: true)
        #expect(n.schema.text == #"{"properties":{"b":{"type":"string"}},"type":"object"}"#)
    }

    @Test("an invalid schema is 42201 naming the path")
    func invalid() async throws {
        let registry = try await registry()
        let error = await registryError { try await registry.register(subject: "s", json(#"{"properties":{"age":{"type":"integr"}}}"#)) }
        #expect(error?.errorCode == 42201)
        #expect(error?.message == #"Invalid schema of type JSON, details: /properties/age/type: unknown type "integr""#)
    }

    @Test("STRICT: adding a property to a closed model is compatible, to an open model is not; LENIENT allows it")
    func policies() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "closed", json(Self.closed))
        #expect(try await registry.register(subject: "closed", json(Self.closedPlusOptional)).version == 2)
        _ = try await registry.register(subject: "open", json(Self.open))
        let strict = try registry.checkCompatibility(subject: "open", version: nil, json(Self.openPlusOptional), verbose: true)
        #expect(!strict.isCompatible)
        #expect(strict.failure?.issues.map(\.kind) == ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"])
        #expect(strict.failure?.issues.map(\.location) == ["#/properties/note"])
        _ = try await registry.updateConfig(subject: "open", ConfigUpdate(body: ["compatibilityPolicy": "LENIENT"]))
        #expect(try registry.checkCompatibility(subject: "open", version: nil, json(Self.openPlusOptional)).isCompatible)
    }

    @Test("a type change is refused with Confluent's JSON message format")
    func typeChange() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "s", json(Self.closed))
        let error = await registryError {
            try await registry.register(subject: "s", json(#"{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":false}"#))
        }
        #expect(error?.errorCode == 409)
        #expect(error?.message.contains(#"{errorType:"TYPE_CHANGED", description:"A type at path '#/properties/id' is different between the new schema and the old schema'}"#) == true)
    }

    @Test("references to another subject resolve by the $ref URL")
    func references() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "address", json(#"{"type":"object","properties":{"city":{"type":"string"}}}"#))
        let user = try await registry.register(
            subject: "user",
            json(#"{"type":"object","properties":{"home":{"$ref":"address.json"}}}"#,
                references: [SchemaReference(name: "address.json", subject: "address", version: 1)]))
        #expect(try registry.referencedBy(subject: "address", .number(1)) == [user.id])
        let missing = await registryError { try await registry.register(subject: "x", json(#"{"$ref":"nowhere.json"}"#)) }
        #expect(missing?.errorCode == 42201)
    }

    @Test("a schema type change between versions is incompatible")
    func typeSwitch() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "s", SchemaRequest(schema: #""string""#))
        let result = try registry.checkCompatibility(subject: "s", version: nil, json(#"{"type":"string"}"#), verbose: true)
        #expect(result.messages.first == "Incompatible because of different schema type")
    }
}
