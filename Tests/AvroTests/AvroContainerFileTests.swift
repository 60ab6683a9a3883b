import Avro
import Testing

@Suite("Object container files")
struct AvroContainerFileTests {
    static let schemaText = #"{"type":"record","name":"Reading","fields":[{"name":"id","type":"long"},{"name":"label","type":"string"}]}"#

    func records(_ count: Int) -> [AvroValue] {
        (0..<count).map { .record([.long(Int64($0)), .string("reading \($0)")]) }
    }

    @Test("round trips with each codec, across many blocks", arguments: AvroContainerCodec.allCases)
    func roundTrip(_ codec: AvroContainerCodec) throws {
        let schema = try AvroSchema(parsing: Self.schemaText)
        var writer = AvroContainerWriter(schema: schema, codec: codec, blockSize: 256)
        for r in records(1000) { try writer.append(r) }
        let bytes = try writer.finish()
        let reader = try AvroContainerReader(bytes: bytes)
        #expect(reader.codec == codec)
        #expect(reader.writerSchema == schema)
        #expect(String(decoding: reader.metadata["avro.schema"] ?? [], as: UTF8.self) == schema.canonicalText)
        #expect(try reader.values() == records(1000))
    }

    @Test("the header is magic, metadata map, sync marker; a block is count, size, data, marker")
    func layout() throws {
        let schema = try AvroSchema(parsing: #""int""#)
        let marker = [UInt8](repeating: 0xAB, count: 16)
        var writer = AvroContainerWriter(schema: schema, syncMarker: marker)
        try writer.append(.int(1))
        let bytes = try writer.finish()
        #expect(Array(bytes.prefix(4)) == [0x4F, 0x62, 0x6A, 0x01])
        // Last block: count 1 (0x02), size 1 (0x02), the int 1 (0x02), then the marker.
        #expect(Array(bytes.suffix(19)) == [0x02, 0x02, 0x02] + marker)
    }

    @Test("an empty file (header only) has no records")
    func empty() throws {
        var writer = AvroContainerWriter(schema: try AvroSchema(parsing: #""string""#))
        #expect(try AvroContainerReader(bytes: try writer.finish()).values().isEmpty)
    }

    @Test("records are resolved to a reader schema")
    func resolution() throws {
        var writer = AvroContainerWriter(schema: try AvroSchema(parsing: Self.schemaText))
        try writer.append(.record([.long(7), .string("x")]))
        let reader = try AvroSchema(parsing: #"{"type":"record","name":"Reading","fields":[{"name":"id","type":"double"},{"name":"unit","type":"string","default":"C"}]}"#)
        #expect(try AvroContainerReader(bytes: try writer.finish(), readerSchema: reader).values() == [.record([.double(7), .string("C")])])
    }

    @Test("corrupt files are errors: magic, truncation, sync marker, block claims, inflate limit")
    func corruption() throws {
        let schema = try AvroSchema(parsing: Self.schemaText)
        var writer = AvroContainerWriter(schema: schema, codec: .deflate)
        for r in records(100) { try writer.append(r) }
        let good = try writer.finish()
        #expect(throws: AvroContainerError.notAContainerFile) { try AvroContainerReader(bytes: Array("garbage".utf8)) }
        for cut in [5, 20, good.count / 2, good.count - 1] {
            #expect(throws: AvroContainerError.self) { try AvroContainerReader(bytes: Array(good.prefix(cut))).values() }
        }
        var badMarker = good
        badMarker[badMarker.count - 1] ^= 0xFF
        #expect(throws: AvroContainerError.syncMarkerMismatch(block: 0)) { try AvroContainerReader(bytes: badMarker).values() }
        #expect(throws: AvroContainerError.self) { try AvroContainerReader(bytes: good, maximumBlockSize: 10).values() }
        // A block claiming 2^40 null records in zero bytes is refused before any work.
        var nulls = AvroContainerWriter(schema: try AvroSchema(parsing: #""null""#), syncMarker: [UInt8](repeating: 1, count: 16))
        var forged = try nulls.finish()
        forged += [0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00] + [UInt8](repeating: 1, count: 16)
        #expect(throws: AvroContainerError.self) { try AvroContainerReader(bytes: forged).values() }
    }

    @Test("an unknown codec is reported")
    func unknownCodec() throws {
        var writer = AvroContainerWriter(schema: try AvroSchema(parsing: #""int""#))
        var bytes = try writer.finish()
        // Rewrite the codec name "null" (4 bytes) as "zstd".
        let null = Array("null".utf8)
        if let i = (0..<(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == null }) {
            bytes.replaceSubrange(i..<i + 4, with: Array("zstd".utf8))
        }
        #expect(throws: AvroContainerError.unsupportedCodec("zstd")) { try AvroContainerReader(bytes: bytes) }
    }
}
