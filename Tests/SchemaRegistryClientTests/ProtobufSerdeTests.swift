import Protobuf
@testable import SchemaRegistryClient
import SwiftProtobuf
import Testing

/// The Protobuf serializer and deserializer, with swift-protobuf's own generated types
/// (`Google_Protobuf_Duration`, `Google_Protobuf_Timestamp`) as the application's messages.
@Suite("Protobuf serializer and deserializer in the wire format")
struct ProtobufSerdeTests {
    /// A schema declaring both messages, Duration second: its message indexes are `[1]`.
    static let schema = """
        syntax = "proto3";
        package google.protobuf;

        message Timestamp {
          int64 seconds = 1;
          int32 nanos = 2;
        }
        message Duration {
          int64 seconds = 1;
          int32 nanos = 2;
        }
        """

    @Test("framing: magic byte, id, the message's indexes, then its bytes; read back as the same type")
    func roundTrip() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            var duration = Google_Protobuf_Duration()
            duration.seconds = 90
            duration.nanos = 5
            let bytes = try await ProtobufSerializer<Google_Protobuf_Duration>(client: client, schema: Self.schema)
                .serialize(duration, topic: "durations")
            let id = try WireFormat.schemaId(of: bytes)
            #expect(id == 1)
            // [1]: count 1 then index 1, as zig-zag varints.
            #expect(Array(bytes[5..<7]) == [2, 2])
            #expect(Array(bytes[7...]) == (try duration.serializedBytes() as [UInt8]))
            #expect(try await ProtobufDeserializer<Google_Protobuf_Duration>(client: client).deserialize(bytes) == duration)
            // Bound to the topic, the same bytes without further registry calls.
            let bound = try await ProtobufSerializer<Google_Protobuf_Duration>(client: client, schema: Self.schema).bind(topic: "durations")
            #expect(bound.schemaId == id)
            #expect(try bound.serialize(duration) == bytes)

            // The first message of a file is written as the single index byte 0.
            let timestamp = try await ProtobufSerializer<Google_Protobuf_Timestamp>(client: client, schema: Self.schema)
                .serialize(Google_Protobuf_Timestamp(seconds: 7, nanos: 0), topic: "timestamps")
            #expect(timestamp[5] == 0)
        }
    }

    @Test("the encoding is framed in its own array whether the prefix fits the room in front of it or not")
    func framedInPlace() throws {
        var duration = Google_Protobuf_Duration()
        duration.seconds = 1_234_567
        let body: [UInt8] = try duration.serializedBytes()
        for length in [0, 1, 6, FramedProtobufBytes.headroom, FramedProtobufBytes.headroom + 1, 40] {
            let prefix = (0..<length).map { UInt8(200 - $0) }
            let bytes: FramedProtobufBytes = try duration.serializedBytes()
            #expect(bytes.count == body.count)
            #expect(bytes.framed(after: prefix) == prefix + body, "prefix of \(length) bytes")
        }
        #expect(try Google_Protobuf_Duration(serializedBytes: FramedProtobufBytes(body)) == duration)
    }

    @Test("the dynamic deserializer reads a message without its generated type: names, enums, nested and repeated fields")
    func dynamic() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            var type = Google_Protobuf_Type()
            type.name = "shop.Order"
            var id = Google_Protobuf_Field()
            id.kind = .typeInt64
            id.number = 1
            id.name = "id"
            var note = Google_Protobuf_Field()
            note.kind = .typeString
            note.number = 2
            note.name = "note"
            note.packed = true
            type.fields = [id, note]
            type.oneofs = ["a", "b"]
            type.sourceContext.fileName = "order.proto"
            type.syntax = .proto3
            let schema = try #require(ProtoWellKnownFiles.texts["google/protobuf/type.proto"])
            let bytes = try await ProtobufSerializer<Google_Protobuf_Type>(client: client, schema: schema).serialize(type, topic: "types")
            let message = try await ProtobufDynamicDeserializer(client: client).deserialize(bytes)
            #expect(message.typeName == "google.protobuf.Type")
            #expect(message["name"] == .string("shop.Order"))
            #expect(message["oneofs"] == .list([.string("a"), .string("b")]))
            #expect(message["syntax"] == .enumValue(name: "SYNTAX_PROTO3", number: 1))
            guard case .message(let context)? = message["source_context"] else { Issue.record("no source_context"); return }
            #expect(context.typeName == "google.protobuf.SourceContext" && context["file_name"] == .string("order.proto"))
            guard case .list(let fields)? = message["fields"], fields.count == 2, case .message(let second) = fields[1] else {
                Issue.record("fields: \(String(describing: message["fields"]))")
                return
            }
            #expect(second["kind"] == .enumValue(name: "TYPE_STRING", number: 9))
            #expect(second["number"] == .int(2))
            #expect(second["packed"] == .bool(true))
        }
    }

    @Test("a message of another type is refused, not decoded by field numbers")
    func otherType() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let bytes = try await ProtobufSerializer<Google_Protobuf_Duration>(client: client, schema: Self.schema)
                .serialize(Google_Protobuf_Duration(seconds: 1, nanos: 0), topic: "durations")
            let error = await #expect(throws: SerdeError.self) {
                try await ProtobufDeserializer<Google_Protobuf_Timestamp>(client: client).deserialize(bytes)
            }
            #expect(error?.description == "unusable schema: schema 1 has google.protobuf.Duration at message indexes [1], not google.protobuf.Timestamp")
        }
    }

    @Test("a schema without the message, and indexes that point nowhere, are errors")
    func mismatches() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let other = "syntax = \"proto3\";\npackage other;\nmessage Duration { int64 seconds = 1; }\n"
            let missing = await #expect(throws: SerdeError.self) {
                try await ProtobufSerializer<Google_Protobuf_Duration>(client: client, schema: other).serialize(Google_Protobuf_Duration(), topic: "t")
            }
            #expect(missing?.description == "unusable schema: schema 1 declares no message google.protobuf.Duration")
            let nowhere = WireFormat.frame(schemaId: 1, payload: [2, 8])  // indexes [4]
            let error = await #expect(throws: SerdeError.self) {
                try await ProtobufDeserializer<Google_Protobuf_Duration>(client: client).deserialize(nowhere)
            }
            guard case .malformedPayload(1, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(reason == "no message at indexes [4] in the writer's schema")
        }
    }
}
