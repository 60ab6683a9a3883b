import SchemaRegistryCore
import Testing

@Suite("Protobuf in the registry (schemaType PROTOBUF)")
struct ProtobufRegistryTests {
    func registry() async throws -> Registry {
        try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()])
    }

    func proto(_ schema: String, references: [SchemaReference] = []) -> SchemaRequest {
        SchemaRequest(schema: schema, schemaType: "PROTOBUF", references: references)
    }

    static let v1 = """
        syntax = "proto3";
        package shop;
        // An order.
        message Order { string id = 1; int64 cents = 2; }
        """

    @Test("registered, stored in Confluent's canonical layout, found again by lookup; the same content gets the same id")
    func register() async throws {
        let registry = try await registry()
        let first = try await registry.register(subject: "orders-value", proto(Self.v1))
        #expect(first.schema.schemaType == .protobuf)
        #expect(first.schema.text == "syntax = \"proto3\";\npackage shop;\n\nmessage Order {\n  string id = 1;\n  int64 cents = 2;\n}\n")
        let again = try await registry.register(subject: "other-value", proto(Self.v1))
        #expect(again.schema.id == first.schema.id)
        #expect(registry.schemaTypes.contains(.protobuf))
    }

    @Test("format=serialized gives the base64 descriptor, which registers back as the same schema")
    func serializedDescriptor() async throws {
        let registry = try await registry()
        let first = try await registry.register(subject: "orders-value", proto(Self.v1))
        let parsed = try #require(registry.parsedForm(of: first.schema))
        let base64 = try #require(parsed.formattedText("serialized"))
        #expect(!base64.contains("message"))
        #expect(parsed.formattedText("SERIALIZED") == base64)
        // The descriptor names no types, so Confluent's text for it is the file's own.
        let again = try await registry.register(subject: "from-descriptor", proto(base64))
        #expect(again.schema.id == first.schema.id)
        #expect(parsed.formattedText("ignore_extensions") == first.schema.text)
        #expect(parsed.formattedText("resolved") == nil)
    }

    @Test("a standard option of the wrong kind is accepted as Confluent accepts it, and format=serialized reads it as Confluent does")
    func mistypedOptionSerialized() async throws {
        let registry = try await registry()
        let text = "syntax = \"proto3\";\noption java_package = 5;\n\nmessage M {\n  string a = 1 [deprecated = \"yes\"];\n}\n"
        let registered = try await registry.register(subject: "typed-options", proto(text))
        let parsed = try #require(registry.parsedForm(of: registered.schema))
        let base64 = try #require(parsed.formattedText("serialized"))
        #expect(!base64.contains("message"))
        // Registered back, the descriptor reads as the values Confluent's descriptor holds.
        let again = try await registry.register(subject: "from-descriptor", proto(base64))
        #expect(again.schema.text == "syntax = \"proto3\";\n\noption java_package = \"5\";\n\nmessage M {\n  string a = 1 [deprecated = false];\n}\n")
    }

    @Test("an invalid schema is 42201 naming the place")
    func invalid() async throws {
        let registry = try await registry()
        let error = await registryError { try await registry.register(subject: "s", proto("syntax = \"proto3\";\nmessage M { Missing m = 1; }")) }
        #expect(error?.errorCode == 42201)
        #expect(error?.message == "Invalid schema of type PROTOBUF, details: 2:13: \"Missing\" is not defined.")
    }

    @Test("BACKWARD: a compatible change registers; a scalar kind change is refused with Confluent's message")
    func compatibility() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "s", proto(Self.v1))
        let added = Self.v1.replacingOccurrences(of: "int64 cents = 2;", with: "int64 cents = 2; bool paid = 3;")
        #expect(try await registry.register(subject: "s", proto(added)).version == 2)
        let changed = added.replacingOccurrences(of: "int64 cents = 2;", with: "string cents = 2;")
        let result = try registry.checkCompatibility(subject: "s", version: nil, proto(changed), verbose: true)
        #expect(!result.isCompatible)
        #expect(result.failure?.issues.map(\.kind) == ["FIELD_SCALAR_KIND_CHANGED"])
        let error = await registryError { try await registry.register(subject: "s", proto(changed)) }
        #expect(error?.errorCode == 409)
        #expect(
            error?.message.contains(
                "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at path '#/Order/2' in the new schema does not match its kind in the old schema\"}"
            ) == true)
    }

    @Test("imports resolve through references; well-known files need none")
    func references() async throws {
        let registry = try await registry()
        _ = try await registry.register(subject: "money", proto("syntax = \"proto3\";\npackage common;\nmessage Money { int64 units = 1; }"))
        let order = """
            syntax = "proto3";
            package shop;
            import "common/money.proto";
            import "google/protobuf/timestamp.proto";
            message Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }
            """
        let registered = try await registry.register(
            subject: "order", proto(order, references: [SchemaReference(name: "common/money.proto", subject: "money", version: 1)]))
        #expect(registered.version == 1)
        let missing = await registryError { try await registry.register(subject: "order2", proto(order)) }
        #expect(missing?.errorCode == 42201)
    }

    @Test("normalize=true stores the normalized text")
    func normalize() async throws {
        let registry = try await registry()
        let text = "syntax = \"proto2\";\npackage p;\nmessage A { optional B b = 2; optional int32 a = 1; message B {} }"
        let result = try await registry.register(subject: "n", proto(text), normalize: true)
        #expect(result.schema.text == "package p;\n\nmessage A {\n  optional int32 a = 1;\n  optional .p.A.B b = 2;\n\n  message B {}\n}\n")
    }
}
