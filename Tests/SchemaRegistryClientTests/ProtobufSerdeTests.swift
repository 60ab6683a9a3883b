import SchemaRegistryClient
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

            // The first message of a file is written as the single index byte 0.
            let timestamp = try await ProtobufSerializer<Google_Protobuf_Timestamp>(client: client, schema: Self.schema)
                .serialize(Google_Protobuf_Timestamp(seconds: 7, nanos: 0), topic: "timestamps")
            #expect(timestamp[5] == 0)
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
