import Testing
@testable import Avro

/// Decoding: every type round-trips, and every malformed input is a typed error, never a crash
/// or a huge allocation (the reader sees untrusted network bytes).
@Suite struct AvroBinaryDecodingTests {
    static let everyType = """
    {"type":"record","name":"All","namespace":"t","fields":[
      {"name":"n","type":"null"},
      {"name":"b","type":"boolean"},
      {"name":"i","type":"int"},
      {"name":"l","type":"long"},
      {"name":"f","type":"float"},
      {"name":"d","type":"double"},
      {"name":"by","type":"bytes"},
      {"name":"s","type":"string"},
      {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
      {"name":"e","type":{"type":"enum","name":"Suit","symbols":["S","H","D","C"]}},
      {"name":"a","type":{"type":"array","items":"string"}},
      {"name":"m","type":{"type":"map","values":"int"}},
      {"name":"u","type":["null","long","string"]},
      {"name":"r","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}}
    ]}
    """

    static let everyValue = AvroValue.record([
        .null, .boolean(true), .int(Int32.min), .long(Int64.max), .float(3.5), .double(-0.125),
        .bytes([0, 1, 255]), .string("héllo €"), .fixed([9, 8, 7, 6]), .enumeration(symbol: "D", index: 2),
        .array([.string("x"), .string("")]),
        .map([AvroMapEntry(key: "z", value: .int(1)), AvroMapEntry(key: "a", value: .int(-1))]),
        .union(branch: 2, value: .string("u")),
        .record([.int(42)]),
    ])

    @Test func everyTypeRoundTrips() throws {
        let bytes = try encoded(Self.everyType, Self.everyValue)
        #expect(try decoded(Self.everyType, bytes) == Self.everyValue)
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64.max, Int64(1) << 40])
    func longsRoundTrip(value: Int64) throws {
        #expect(try decoded(#""long""#, encoded(#""long""#, .long(value))) == .long(value))
    }

    @Test func recursiveListRoundTrips() throws {
        let list = linkedList([1, 2, 3, 4, 5])
        #expect(try decoded(linkedListSchema, encoded(linkedListSchema, list)) == list)
    }

    @Test func nullUnionBranchesDecodeToTheSameValueAsBuilt() throws {
        #expect(try decoded(#"["null","int"]"#, [0x00]) == .union(branch: 0, value: .null))
        #expect(try decoded(#"["null","int"]"#, [0x02, 0x02]) == .union(branch: 1, value: .int(1)))
    }

    @Test func negativeBlockCountsCarryAByteSize() throws {
        // Count -2 (zig-zag 0x03), size 2 bytes (0x04), items 3 and 27, end of blocks.
        #expect(try decoded(#"{"type":"array","items":"long"}"#, [0x03, 0x04, 0x06, 0x36, 0x00]) == .array([.long(3), .long(27)]))
        // Two blocks: one positive, one negative.
        #expect(try decoded(#"{"type":"map","values":"int"}"#, [0x02, 0x02, 0x61, 0x02, 0x01, 0x06, 0x02, 0x62, 0x04, 0x00])
            == .map([AvroMapEntry(key: "a", value: .int(1)), AvroMapEntry(key: "b", value: .int(2))]))
    }

    @Test func everyTruncationIsATypedError() throws {
        let reader = try AvroDatumReader(schema: schema(Self.everyType))
        let bytes = try encoded(Self.everyType, Self.everyValue)
        for cut in 0..<bytes.count {
            let error = decodingError(reader, Array(bytes[..<cut]))
            #expect(error != nil, "prefix of \(cut) bytes decoded")
        }
    }

    @Test func truncatedPrimitives() throws {
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""long""#)), [])) == "truncated")
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""long""#)), [0x80])) == "truncated")
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""double""#)), [0, 0, 0])) == "truncated")
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""float""#)), [0])) == "truncated")
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#"{"type":"fixed","name":"F","size":4}"#)), [1, 2])) == "truncated")
    }

    @Test func overlongOrOutOfRangeVarints() throws {
        let long = try AvroDatumReader(schema: schema(#""long""#))
        #expect(caseName(decodingError(long, [UInt8](repeating: 0xFF, count: 11))) == "invalidVarint")
        #expect(caseName(decodingError(long, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02])) == "invalidVarint")
        // 2^31 zig-zagged does not fit an int.
        let int = try AvroDatumReader(schema: schema(#""int""#))
        #expect(caseName(decodingError(int, [0x80, 0x80, 0x80, 0x80, 0x10])) == "invalidVarint")
    }

    @Test func negativeLengths() throws {
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""string""#)), [0x01])) == "negativeLength")
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""bytes""#)), [0x03, 0x00])) == "negativeLength")
    }

    @Test func aTwoGigabyteLengthPrefixIsRejectedBeforeAllocating() throws {
        // Length 2^31 (zig-zag 2^32): the reader must compare it with the 1 remaining byte.
        let prefix: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10, 0x41]
        let error = decodingError(try AvroDatumReader(schema: schema(#""bytes""#)), prefix)
        #expect(error == .lengthBeyondInput(1 << 31, remaining: 1, offset: 0))
        #expect(caseName(decodingError(try AvroDatumReader(schema: schema(#""string""#)), prefix)) == "lengthBeyondInput")
    }

    @Test func hugeItemCountsAreBounded() throws {
        let count: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10]  // 2^31 items
        // Items of at least one byte: the count must fit in the remaining input.
        let longs = try AvroDatumReader(schema: schema(#"{"type":"array","items":"long"}"#))
        #expect(caseName(decodingError(longs, count + [0x00])) == "lengthBeyondInput")
        let maps = try AvroDatumReader(schema: schema(#"{"type":"map","values":"null"}"#))
        #expect(caseName(decodingError(maps, count + [0x00])) == "lengthBeyondInput")
        // Zero-byte items consume no input: a budget bounds them instead.
        let nulls = try AvroDatumReader(schema: schema(#"{"type":"array","items":"null"}"#))
        #expect(caseName(decodingError(nulls, count + [0x00])) == "tooManyZeroSizeItems")
        let small = try AvroDatumReader(schema: schema(#"{"type":"array","items":"null"}"#), maximumZeroSizeItems: 3)
        #expect(try small.decode([0x06, 0x00]) == .array([.null, .null, .null]))
        #expect(caseName(decodingError(small, [0x04, 0x04, 0x00])) == "tooManyZeroSizeItems")
    }

    @Test func invalidUnionBranches() throws {
        let reader = try AvroDatumReader(schema: schema(#"["null","int"]"#))
        #expect(decodingError(reader, [0x04, 0x00]) == .invalidUnionBranch(2, offset: 0))
        #expect(decodingError(reader, [0x01]) == .invalidUnionBranch(-1, offset: 0))
    }

    @Test func invalidEnumIndices() throws {
        let reader = try AvroDatumReader(schema: schema(#"{"type":"enum","name":"E","symbols":["A","B"]}"#))
        #expect(decodingError(reader, [0x04]) == .invalidEnumIndex(2, offset: 0))
        #expect(decodingError(reader, [0x01]) == .invalidEnumIndex(-1, offset: 0))
    }

    @Test func invalidUTF8AndBooleans() throws {
        #expect(decodingError(try AvroDatumReader(schema: schema(#""string""#)), [0x04, 0xC3, 0x28]) == .invalidUTF8(offset: 1))
        #expect(decodingError(try AvroDatumReader(schema: schema(#""boolean""#)), [0x02]) == .invalidBoolean(2, offset: 0))
    }

    @Test func trailingBytesOnlyWhenAsked() throws {
        let reader = try AvroDatumReader(schema: schema(#""int""#))
        #expect(decodingError(reader, [0x02, 0x00]) == .trailingBytes(count: 1, offset: 1))
        #expect(try reader.decode([0x02, 0x00], allowingTrailingBytes: true) == .int(1))
        #expect(try reader.decode([7, 7, 0x02], from: 2) == .int(1))
    }

    @Test func consumedCountAllowsReadingConsecutiveDatums() throws {
        let reader = try AvroDatumReader(schema: schema(#""string""#))
        let bytes: [UInt8] = [0x02, 0x61, 0x04, 0x62, 0x63]
        func decodeTwo(_ raw: UnsafeRawBufferPointer) throws -> (AvroValue, Int, AvroValue) {
            var consumed = 0
            let first = try reader.decode(raw, consumed: &consumed)
            let consumedFirst = consumed
            let second = try reader.decode(UnsafeRawBufferPointer(rebasing: raw[consumed...]), consumed: &consumed)
            return (first, consumedFirst, second)
        }
        let (first, consumedFirst, second) = try bytes.withUnsafeBytes { raw in Result { try decodeTwo(raw) } }.get()
        #expect(first == .string("a"))
        #expect(consumedFirst == 2)
        #expect(second == .string("bc"))
    }

    @Test func deepRecursionIsBounded() throws {
        let s = try schema(linkedListSchema)
        let deep = linkedList(Array(0..<200))
        let bytes = try AvroDatumWriter(schema: s).encode(deep)
        #expect(try AvroDatumReader(schema: s).decode(bytes) == deep)
        let shallow = AvroDatumReader(schema: s, maximumDepth: 50)
        #expect(caseName(decodingError(shallow, bytes)) == "nestingTooDeep")
        // A forged endless chain (value 0, branch 1, repeated) ends in an error, not a stack overflow.
        let forged = [UInt8](repeating: 0, count: 1) + Array([[UInt8]](repeating: [0x02, 0x00], count: 100_000).joined())
        #expect(caseName(decodingError(AvroDatumReader(schema: s), forged)) == "nestingTooDeep")
    }

    @Test func fieldAccessByName() throws {
        let s = try schema(Self.everyType)
        #expect(Self.everyValue[field: "s", in: s] == .string("héllo €"))
        #expect(Self.everyValue[field: "missing", in: s] == nil)
        #expect(Self.everyValue[field: "u", in: s]?.stringValue == "u")
        #expect(Self.everyValue[field: "m", in: s]?.mapValue(forKey: "a") == .int(-1))
    }
}
