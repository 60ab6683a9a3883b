import Testing
@testable import Avro

/// The binary encoding section of the Avro 1.12 specification, case by case: each test names the
/// datum and the exact bytes the specification prescribes.
@Suite struct AvroBinaryEncodingTests {
    @Test func nullIsZeroBytes() throws {
        #expect(try encoded(#""null""#, .null) == [])
    }

    @Test func booleanIsOneByte() throws {
        #expect(try encoded(#""boolean""#, .boolean(false)) == [0x00])
        #expect(try encoded(#""boolean""#, .boolean(true)) == [0x01])
    }

    static let intCases: [(Int32, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-2, [0x03]), (2, [0x04]),
        (-64, [0x7F]), (64, [0x80, 0x01]),
        (Int32.max, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]), (Int32.min, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    @Test(arguments: intCases)
    func intIsZigZagVarint(value: Int32, bytes: [UInt8]) throws {
        #expect(try encoded(#""int""#, .int(value)) == bytes)
    }

    static let longCases: [(Int64, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (-64, [0x7F]), (64, [0x80, 0x01]),
        (Int64(Int32.max) + 1, [0x80, 0x80, 0x80, 0x80, 0x10]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: longCases)
    func longIsZigZagVarint(value: Int64, bytes: [UInt8]) throws {
        #expect(try encoded(#""long""#, .long(value)) == bytes)
    }

    @Test func floatIsFourBytesLittleEndian() throws {
        #expect(try encoded(#""float""#, .float(1.0)) == [0x00, 0x00, 0x80, 0x3F])
        #expect(try encoded(#""float""#, .float(-0.0)) == [0x00, 0x00, 0x00, 0x80])
        #expect(try encoded(#""float""#, .float(.infinity)) == [0x00, 0x00, 0x80, 0x7F])
    }

    @Test func doubleIsEightBytesLittleEndian() throws {
        #expect(try encoded(#""double""#, .double(1.0)) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        #expect(try encoded(#""double""#, .double(-2.5)) == [0, 0, 0, 0, 0, 0, 0x04, 0xC0])
    }

    @Test func bytesAreLengthPrefixed() throws {
        #expect(try encoded(#""bytes""#, .bytes([])) == [0x00])
        #expect(try encoded(#""bytes""#, .bytes([0x00, 0xFF])) == [0x04, 0x00, 0xFF])
    }

    @Test func stringsAreLengthPrefixedUTF8() throws {
        #expect(try encoded(#""string""#, .string("foo")) == [0x06, 0x66, 0x6F, 0x6F])
        // é (2 bytes), € (3 bytes), 😀 (4 bytes): the length counts bytes, not characters.
        #expect(try encoded(#""string""#, .string("é€😀")) ==
            [0x12, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80])
    }

    @Test func arraysAreOneBlockThenZero() throws {
        #expect(try encoded(#"{"type":"array","items":"long"}"#, .array([.long(3), .long(27)])) == [0x04, 0x06, 0x36, 0x00])
        #expect(try encoded(#"{"type":"array","items":"long"}"#, .array([])) == [0x00])
    }

    @Test func mapsAreBlocksOfKeyValuePairsInInsertionOrder() throws {
        let map = AvroValue.map([AvroMapEntry(key: "b", value: .long(1)), AvroMapEntry(key: "a", value: .long(2))])
        #expect(try encoded(#"{"type":"map","values":"long"}"#, map) == [0x04, 0x02, 0x62, 0x02, 0x02, 0x61, 0x04, 0x00])
        #expect(try encoded(#"{"type":"map","values":"long"}"#, .map([])) == [0x00])
    }

    @Test func unionsWriteTheBranchIndexThenTheValue() throws {
        #expect(try encoded(#"["null","string"]"#, .union(branch: 0, value: .null)) == [0x00])
        #expect(try encoded(#"["null","string"]"#, .union(branch: 1, value: .string("a"))) == [0x02, 0x02, 0x61])
    }

    @Test func enumsWriteTheSymbolIndex() throws {
        let e = #"{"type":"enum","name":"E","symbols":["A","B","C"]}"#
        #expect(try encoded(e, .enumeration(symbol: "C", index: 2)) == [0x04])
    }

    @Test func fixedIsRawBytes() throws {
        #expect(try encoded(#"{"type":"fixed","name":"F","size":3}"#, .fixed([1, 2, 3])) == [1, 2, 3])
    }

    @Test func recordsConcatenateTheirFields() throws {
        let r = #"{"type":"record","name":"test","fields":[{"name":"a","type":"long"},{"name":"b","type":"string"}]}"#
        #expect(try encoded(r, .record([.long(27), .string("foo")])) == [0x36, 0x06, 0x66, 0x6F, 0x6F])
    }

    @Test func recursiveLinkedList() throws {
        #expect(try encoded(linkedListSchema, linkedList([1, 2])) == [0x02, 0x02, 0x04, 0x00])
    }

    @Test func prefixIsWrittenBeforeTheBody() throws {
        let writer = try AvroDatumWriter(schema: schema(#""long""#))
        #expect(try writer.encode(.long(1), prefix: [0, 0, 0, 0, 7]) == [0, 0, 0, 0, 7, 0x02])
        var out: [UInt8] = [9]
        try writer.encode(.long(-1), appendingTo: &out)
        #expect(out == [9, 0x01])
    }

    @Test func largeValuesOutgrowTheStackScratch() throws {
        let big = [UInt8](repeating: 0xAB, count: 100_000)
        let bytes = try encoded(#""bytes""#, .bytes(big))
        #expect(bytes.count == 100_003)
        #expect(Array(bytes[3...]) == big)
    }

    @Test func mismatchedDatumsAreTypedErrorsWithAPath() throws {
        let r = #"{"type":"record","name":"R","fields":[{"name":"xs","type":{"type":"array","items":"int"}}]}"#
        #expect(throws: AvroEncodingError(path: "/xs/1", reason: .typeMismatch(expected: "int", found: "string"))) {
            try encoded(r, .record([.array([.int(1), .string("x")])]))
        }
        #expect(throws: AvroEncodingError(path: "/", reason: .fieldCountMismatch(expected: 1, found: 0))) {
            try encoded(r, .record([]))
        }
        #expect(throws: AvroEncodingError(path: "/", reason: .invalidUnionBranch(2, branchCount: 2))) {
            try encoded(#"["null","int"]"#, .union(branch: 2, value: .null))
        }
        #expect(throws: AvroEncodingError(path: "/", reason: .invalidEnumIndex(3, symbolCount: 1))) {
            try encoded(#"{"type":"enum","name":"E","symbols":["A"]}"#, .enumeration(symbol: "D", index: 3))
        }
        #expect(throws: AvroEncodingError(path: "/", reason: .fixedSizeMismatch(expected: 2, found: 1))) {
            try encoded(#"{"type":"fixed","name":"F","size":2}"#, .fixed([1]))
        }
    }

    /// Record fields are written by an inline path (primitives, enums and unions of primitives
    /// matched in place), everything else and every datum at the root by the general path. A
    /// record's body must equal its fields encoded one by one as roots, including when a string
    /// or bytes value does not fit in the scratch space left and the writer has to grow it.
    @Test func recordFieldsMatchTheirStandaloneEncodings() throws {
        let long = String(repeating: "x", count: 1_000)
        let fields: [(type: String, value: AvroValue)] = [
            (#""null""#, .null),
            (#""boolean""#, .boolean(true)),
            (#""int""#, .int(-300)),
            (#""long""#, .long(1_718_000_000_008)),
            (#""float""#, .float(-6.05)),
            (#""double""#, .double(28.65)),
            (#""string""#, .string("dev-53c0bc7f")),
            (#""string""#, .string(long)),
            (#""bytes""#, .bytes([0, 1, 0xFF])),
            (#"["null","string"]"#, .union(branch: 1, value: .string("Kühlhaus Sensor 14"))),
            (#"["null","string"]"#, .union(branch: 0, value: .null)),
            (#"["null","bytes"]"#, .union(branch: 1, value: .bytes(Array(repeating: 7, count: 200)))),
            (#"["int","long","float","double","boolean"]"#, .union(branch: 1, value: .long(-1))),
            (#"["int","long","float","double","boolean"]"#, .union(branch: 2, value: .float(1))),
            (#"["int","long","float","double","boolean"]"#, .union(branch: 3, value: .double(2))),
            (#"["int","long","float","double","boolean"]"#, .union(branch: 4, value: .boolean(false))),
            (#"["null",{"type":"enum","name":"E","symbols":["A","B"]}]"#, .union(branch: 1, value: .enumeration(symbol: "B", index: 1))),
            (#"{"type":"enum","name":"E2","symbols":["A","B","C"]}"#, .enumeration(symbol: "C", index: 2)),
            (#"{"type":"fixed","name":"F","size":3}"#, .fixed([1, 2, 3])),
            (#"["null",{"type":"fixed","name":"F2","size":1}]"#, .union(branch: 1, value: .fixed([9]))),
            (#"{"type":"array","items":"string"}"#, .array([.string("a"), .string(long)])),
            (#"{"type":"map","values":["null","long"]}"#, .map([AvroMapEntry(key: "k", value: .union(branch: 1, value: .long(5)))])),
            (#"["null",{"type":"record","name":"In","fields":[{"name":"s","type":"string"}]}]"#,
             .union(branch: 1, value: .record([.string("inner")]))),
            (#"["null","string"]"#, .union(branch: 1, value: .string(long))),
        ]
        let fieldList = fields.enumerated().map { #"{"name":"f\#($0.offset)","type":\#($0.element.type)}"# }
        let record = #"{"type":"record","name":"R","fields":["# + fieldList.joined(separator: ",") + "]}"
        var expected: [UInt8] = []
        for field in fields { expected += try encoded(field.type, field.value) }
        #expect(try encoded(record, .record(fields.map(\.value))) == expected)
        #expect(try decoded(record, expected) == .record(fields.map(\.value)))
    }

    @Test func mismatchedRecordFieldsNameTheField() throws {
        let r = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":["null","string"]}]}"#
        #expect(throws: AvroEncodingError(path: "/a", reason: .typeMismatch(expected: "long", found: "string"))) {
            try encoded(r, .record([.string("x"), .union(branch: 0, value: .null)]))
        }
        #expect(throws: AvroEncodingError(path: "/b", reason: .typeMismatch(expected: "string", found: "int"))) {
            try encoded(r, .record([.long(1), .union(branch: 1, value: .int(3))]))
        }
        #expect(throws: AvroEncodingError(path: "/b", reason: .invalidUnionBranch(5, branchCount: 2))) {
            try encoded(r, .record([.long(1), .union(branch: 5, value: .null)]))
        }
        #expect(throws: AvroEncodingError(path: "/b", reason: .typeMismatch(expected: "union", found: "string"))) {
            try encoded(r, .record([.long(1), .string("no wrapper")]))
        }
    }
}
