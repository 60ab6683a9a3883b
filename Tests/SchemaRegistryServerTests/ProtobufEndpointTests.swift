import JSONModel
import Testing

/// Protobuf through the HTTP API: the output formats and the inline tags that live in
/// Confluent's metadata options.
@Suite("Endpoints: Protobuf formats and tags")
struct ProtobufEndpointTests {
    static let order = """
        syntax = "proto3";
        package shop;
        import "confluent/meta.proto";
        message Order {
          option (confluent.message_meta) = { doc: "An order", tags: ["PUBLIC"] };
          string email = 1 [(confluent.field_meta) = { tags: ["PII"] }, deprecated = true];
          oneof payment {
            string card = 2 [(confluent.field_meta).tags = "PCI"];
            string voucher = 3;
          }
          message Line { string sku = 1 [(confluent.field_meta) = { tags: ["SKU"] }]; }
        }
        """

    static func body(_ schema: String, _ extra: String = "") -> String {
        String(JSONWriter.string(["schemaType": "PROTOBUF", "schema": .string(schema)]).dropLast()) + extra + "}"
    }

    static func entities(_ reply: Reply) -> [String] {
        (reply.json?.objectValue?["schemaTags"]?.arrayValue ?? []).map { item in
            let o = item.objectValue
            let entity = o?["schemaEntity"]?.objectValue
            return [entity?["entityType"]?.stringValue ?? "", entity?["entityPath"]?.stringValue ?? ""].joined(separator: " ") + " "
                + (o?["tags"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
        }
    }

    @Test("findTags: messages and fields by Confluent's paths (no package), oneof fields before the others")
    func findTags() async throws {
        try await withServer { client async throws in
            #expect(try await client.call(.post, "/subjects/orders/versions", body: Self.body(Self.order)).status == 200)
            let all = try await client.call(.get, "/subjects/orders/versions/latest?findTags=*")
            #expect(Self.entities(all) == ["sr_record Order PUBLIC", "sr_field Order.card PCI", "sr_field Order.email PII", "sr_field Order.Line.sku SKU"])
            #expect(Self.entities(try await client.call(.get, "/schemas/ids/1?findTags=PII")) == ["sr_field Order.email PII"])
        }
    }

    @Test("schemaTagsToAdd and schemaTagsToRemove edit the metadata options; a path that names nothing is 42201")
    func tagEdits() async throws {
        try await withServer { client async throws in
            #expect(try await client.call(.post, "/subjects/orders/versions", body: Self.body(Self.order)).status == 200)
            let edits = #","schemaTagsToAdd":[{"schemaEntity":{"entityPath":"Order.voucher","entityType":"sr_field"},"tags":["PCI"]},{"schemaEntity":{"entityPath":"Order.email","entityType":"sr_field"},"tags":["CONTACT"]}],"schemaTagsToRemove":[{"schemaEntity":{"entityPath":"Order","entityType":"sr_record"},"tags":["PUBLIC"]}]"#
            let edited = try await client.call(.post, "/subjects/orders/versions", body: Self.body(Self.order, edits))
            #expect(edited.status == 200)
            let text = try await client.call(.get, "/subjects/orders/versions/2/schema").text
            // The record's meta keeps its doc; the voucher gets a meta of its own; the email's
            // options are merged, in the order Java's HashMap gives them.
            #expect(text.contains("option (confluent.message_meta) = {\n    doc: \"An order\"\n  };"), "\(text)")
            #expect(text.contains("string voucher = 3 [(confluent.field_meta) = {\n      tags: [\n        \"PCI\"\n      ]\n    }];"), "\(text)")
            // ("confluent.field_meta" hashes to bucket 2 of 16, "deprecated" to bucket 7.)
            #expect(text.contains("string email = 1 [\n    (confluent.field_meta) = {\n      tags: [\n        \"PII\",\n        \"CONTACT\"\n      ]\n    },\n    deprecated = true\n  ];"), "\(text)")
            let found = try await client.call(.get, "/subjects/orders/versions/2?findTags=*")
            #expect(Self.entities(found) == ["sr_field Order.card PCI", "sr_field Order.voucher PCI", "sr_field Order.email PII,CONTACT", "sr_field Order.Line.sku SKU"])

            let bad = try await client.call(
                .post, "/subjects/orders/versions",
                body: Self.body(Self.order, #","schemaTagsToAdd":[{"schemaEntity":{"entityPath":"Order.nothing","entityType":"sr_field"},"tags":["X"]}]"#))
            #expect(bad.json?.objectValue?["error_code"] == 42201)
            #expect(bad.message == "java.lang.IllegalArgumentException: No matching Field with name 'nothing' found in the schema")
        }
    }

    @Test("format=serialized carries the metadata options; ignore_extensions keeps them")
    func formats() async throws {
        try await withServer { client async throws in
            #expect(try await client.call(.post, "/subjects/orders/versions", body: Self.body(Self.order)).status == 200)
            let serialized = try await client.call(.get, "/schemas/ids/1?format=serialized")
            let base64 = try #require(serialized.json?.objectValue?["schema"]?.stringValue)
            // Registering the descriptor back gives Confluent's text for it, tags included.
            let again = try await client.call(.post, "/subjects/from-descriptor/versions", body: Self.body(base64))
            #expect(again.status == 200)
            let id = try #require(again.json?.objectValue?["id"]?.integerValue)
            #expect(Self.entities(try await client.call(.get, "/schemas/ids/\(id)?findTags=*")).count == 4)
            let ignoring = try await client.call(.get, "/schemas/ids/1?format=ignore_extensions")
            #expect(ignoring.json?.objectValue?["schema"]?.stringValue?.contains("confluent.field_meta") == true)
        }
    }
}
