import Foundation
import Testing
@testable import Avro

/// Generated models (`schema-registry avro swift`): the committed `Generated/Telemetry.swift` is
/// what the generator writes today, and its generated encoding is byte for byte the generic
/// writer's, read back by its generated decoding; encoders for another schema fall back to
/// Codable.
@Suite struct AvroGeneratedCodeTests {
    static let schemaText = """
        {"type":"record","name":"Telemetry","namespace":"test.gen","fields":[
          {"name":"id","type":"string"},
          {"name":"seq","type":"int"},
          {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"ok","type":"boolean"},
          {"name":"ratio","type":"float"},
          {"name":"value","type":"double"},
          {"name":"default","type":["string","null"],"default":"x"},
          {"name":"type","type":["null","long"],"default":null},
          {"name":"mode","type":{"type":"enum","name":"Mode","symbols":["in","out","IDLE"]}},
          {"name":"digest","type":{"type":"fixed","name":"Digest","size":4}},
          {"name":"payload","type":"bytes"},
          {"name":"labels","type":{"type":"map","values":"string"}},
          {"name":"points","type":{"type":"array","items":{"type":"record","name":"Point","fields":[
            {"name":"x","type":"int"},{"name":"tags","type":{"type":"array","items":{"type":"array","items":"string"}}},
            {"name":"mode","type":["null","Mode"],"default":null}]}}},
          {"name":"origin","type":"Point"}
        ]}
        """

    static let value = Telemetry(
        id: "t-1", seq: -7, at: 1_700_000_000_000, ok: true, ratio: 0.25, value: -1e300, default: "set", type: nil,
        mode: .in, digest: [1, 2, 3, 4], payload: [0, 255], labels: ["z": "1", "a": "2"],
        points: [Point(x: 1, tags: [["a"], [], ["b", "c"]], mode: .IDLE), Point(x: 2, tags: [], mode: nil)],
        origin: Point(x: 0, tags: [], mode: .out)
    )

    @Test func theCommittedFileIsTheGeneratorsOutput() throws {
        let generated = try AvroSwiftCodeGenerator(accessLevel: "internal", orderedMaps: true).source(for: schema(Self.schemaText))
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Generated/Telemetry.swift")
        #expect(generated == (try String(contentsOf: file, encoding: .utf8)))
        #expect(Telemetry.avroSchemaFingerprint == (try schema(Self.schemaText)).rabinFingerprint)
        // The schema a serializer registers for the type is the one its code was generated from.
        #expect(try AvroSchema(parsing: Telemetry.avroSchemaJSON).rabinFingerprint == Telemetry.avroSchemaFingerprint)
        #expect(try AvroSchema(parsing: Point.avroSchemaJSON).rabinFingerprint == Point.avroSchemaFingerprint)
    }

    @Test func generatedEncodingIsTheGenericWritersBytes() throws {
        let s = try schema(Self.schemaText)
        let generated = try AvroBinaryEncoder(schema: s).encode(Self.value, prefix: [0, 0, 0, 0, 9])
        let generic = try AvroDatumWriter(schema: s).encode(AvroValueEncoder().encode(Self.value, as: s), prefix: [0, 0, 0, 0, 9])
        #expect(generated == generic)
        var empty = Self.value
        (empty.labels, empty.points, empty.payload, empty.type) = ([:], [], [], 5)
        #expect(try AvroBinaryEncoder(schema: s).encode(empty) == AvroDatumWriter(schema: s).encode(AvroValueEncoder().encode(empty, as: s)))

        let decoder = AvroBinaryDecoder(schema: s)
        #expect(try decoder.decode(Telemetry.self, from: generated, offset: 5) == Self.value)
        #expect(try decoder.decode(Telemetry.self, from: AvroBinaryEncoder(schema: s).encode(empty)) == empty)
    }

    @Test func largeValuesGrowTheBuffer() throws {
        let s = try schema(Self.schemaText)
        var big = Self.value
        big.id = String(repeating: "ü", count: 3_000)
        big.points = (0..<500).map { Point(x: Int32($0), tags: [["p\($0)"]], mode: nil) }
        let bytes = try AvroBinaryEncoder(schema: s).encode(big)
        #expect(bytes == (try AvroDatumWriter(schema: s).encode(AvroValueEncoder().encode(big, as: s))))
        #expect(try AvroBinaryDecoder(schema: s).decode(Telemetry.self, from: bytes) == big)
    }

    @Test func wrongSizesAndBadInputAreErrors() throws {
        let s = try schema(Self.schemaText)
        var wrong = Self.value
        wrong.digest = [1]
        #expect(throws: AvroCodableError.self) { _ = try AvroBinaryEncoder(schema: s).encode(wrong) }
        let bytes = try AvroBinaryEncoder(schema: s).encode(Self.value)
        for cut in [0, 3, bytes.count / 2, bytes.count - 1] {
            let error = #expect(throws: AvroCodableError.self) {
                _ = try AvroBinaryDecoder(schema: s).decode(Telemetry.self, from: Array(bytes[..<cut]))
            }
            #expect(error?.isInvalidBinary == true)
        }
        #expect(throws: AvroCodableError.self) { _ = try AvroBinaryDecoder(schema: s).decode(Telemetry.self, from: bytes + [0]) }
    }

    /// An encoder or decoder for another schema than the type's uses Codable, by field name.
    @Test func anotherSchemaFallsBackToCodable() throws {
        let fewer = try schema("""
            {"type":"record","name":"Point","namespace":"test.gen","fields":[{"name":"x","type":"int"},
              {"name":"tags","type":{"type":"array","items":{"type":"array","items":"string"}}}]}
            """)
        let point = Point(x: 3, tags: [["a"]], mode: nil)
        let bytes = try AvroBinaryEncoder(schema: fewer).encode(point)
        #expect(try AvroDatumReader(schema: fewer).decode(bytes) == .record([.int(3), .array([.array([.string("a")])])]))
        #expect(try AvroBinaryDecoder(schema: fewer).decode(Point.self, from: bytes) == point)
        let full = try schema(Self.schemaText)
        let resolved = try AvroBinaryDecoder(writer: fewer, reader: AvroSchema(root: .named("test.gen.Point"), types: full.types))
        #expect(try resolved.decode(Point.self, from: bytes) == point)
    }

    @Test func unsupportedSchemasAreRefusedWithTheField() throws {
        let generator = AvroSwiftCodeGenerator()
        let union = try schema(#"{"type":"record","name":"R","fields":[{"name":"u","type":["int","string"]}]}"#)
        #expect(throws: AvroSwiftCodeGenerator.Failure.self) { try generator.source(for: union) }
        let recursive = try schema(#"{"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]}"#)
        let error = #expect(throws: AvroSwiftCodeGenerator.Failure.self) { try generator.source(for: recursive) }
        #expect(error?.description.contains("recursive") == true)
        #expect(throws: AvroSwiftCodeGenerator.Failure.self) { try generator.source(for: schema(#""string""#)) }
    }
}
