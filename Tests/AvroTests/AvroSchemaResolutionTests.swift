import Testing
@testable import Avro

/// The "Schema Resolution" section of the specification: data written with one schema, read with
/// another.
@Suite struct AvroSchemaResolutionTests {
    @Test func numericPromotions() throws {
        #expect(try resolved(writer: #""int""#, reader: #""long""#, .int(-7)) == .long(-7))
        #expect(try resolved(writer: #""int""#, reader: #""float""#, .int(3)) == .float(3))
        #expect(try resolved(writer: #""int""#, reader: #""double""#, .int(Int32.max)) == .double(Double(Int32.max)))
        #expect(try resolved(writer: #""long""#, reader: #""float""#, .long(1 << 40)) == .float(Float(1 << 40)))
        #expect(try resolved(writer: #""long""#, reader: #""double""#, .long(-5)) == .double(-5))
        #expect(try resolved(writer: #""float""#, reader: #""double""#, .float(1.5)) == .double(1.5))
    }

    @Test func stringsAndBytesPromoteBothWays() throws {
        #expect(try resolved(writer: #""string""#, reader: #""bytes""#, .string("hé")) == .bytes([0x68, 0xC3, 0xA9]))
        #expect(try resolved(writer: #""bytes""#, reader: #""string""#, .bytes([0x68, 0x69])) == .string("hi"))
    }

    @Test func promotionsApplyInsideArraysAndMaps() throws {
        #expect(try resolved(writer: #"{"type":"array","items":"int"}"#, reader: #"{"type":"array","items":"long"}"#,
                             .array([.int(1), .int(2)])) == .array([.long(1), .long(2)]))
        #expect(try resolved(writer: #"{"type":"map","values":"float"}"#, reader: #"{"type":"map","values":"double"}"#,
                             .map([AvroMapEntry(key: "k", value: .float(2))])) == .map([AvroMapEntry(key: "k", value: .double(2))]))
    }

    static let writerV1 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#

    @Test func missingFieldsAreFilledFromReaderDefaults() throws {
        let reader = """
        {"type":"record","name":"R","fields":[
          {"name":"a","type":"int"},
          {"name":"n","type":"long","default":5},
          {"name":"s","type":"string","default":"x"},
          {"name":"by","type":"bytes","default":"\\u00ff"},
          {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]},"default":"B"},
          {"name":"arr","type":{"type":"array","items":"int"},"default":[1,2]},
          {"name":"m","type":{"type":"map","values":"boolean"},"default":{"t":true}},
          {"name":"opt","type":["null","string"],"default":null},
          {"name":"first","type":["string","null"],"default":"dflt"},
          {"name":"nested","type":{"type":"record","name":"N","fields":[
              {"name":"x","type":"int"},{"name":"y","type":"double","default":0.5}]},
           "default":{"x":3}}
        ]}
        """
        let value = try resolved(writer: Self.writerV1, reader: reader, .record([.int(1)]))
        #expect(value == .record([
            .int(1), .long(5), .string("x"), .bytes([0xFF]), .enumeration(symbol: "B", index: 1),
            .array([.int(1), .int(2)]), .map([AvroMapEntry(key: "t", value: .boolean(true))]),
            .union(branch: 0, value: .null), .union(branch: 0, value: .string("dflt")),
            .record([.int(3), .double(0.5)]),
        ]))
    }

    @Test func writerOnlyFieldsOfEveryTypeAreSkipped() throws {
        let writer = """
        {"type":"record","name":"R","fields":[
          {"name":"n","type":"null"},{"name":"b","type":"boolean"},{"name":"i","type":"int"},
          {"name":"l","type":"long"},{"name":"f","type":"float"},{"name":"d","type":"double"},
          {"name":"by","type":"bytes"},{"name":"s","type":"string"},
          {"name":"fx","type":{"type":"fixed","name":"F","size":3}},
          {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}},
          {"name":"arr","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"v","type":"string"}]}}},
          {"name":"m","type":{"type":"map","values":{"type":"array","items":"long"}}},
          {"name":"u","type":["null","string"]},
          {"name":"rec","type":{"type":"record","name":"Sub","fields":[{"name":"q","type":"string"},{"name":"w","type":"I"}]}},
          {"name":"keep","type":"string"}
        ]}
        """
        let reader = #"{"type":"record","name":"R","fields":[{"name":"keep","type":"string"}]}"#
        let value = AvroValue.record([
            .null, .boolean(true), .int(-3), .long(1 << 50), .float(1), .double(2), .bytes([1, 2]), .string("str"),
            .fixed([1, 2, 3]), .enumeration(symbol: "B", index: 1),
            .array([.record([.string("a")]), .record([.string("b")])]),
            .map([AvroMapEntry(key: "k", value: .array([.long(1), .long(2)]))]),
            .union(branch: 1, value: .string("u")),
            .record([.string("q"), .record([.string("w")])]),
            .string("kept"),
        ])
        #expect(try resolved(writer: writer, reader: reader, value) == .record([.string("kept")]))
    }

    @Test func skippedArraysWithNegativeBlockCountsJumpByByteSize() throws {
        let w = try schema(#"{"type":"record","name":"R","fields":[{"name":"xs","type":{"type":"array","items":"long"}},{"name":"k","type":"int"}]}"#)
        let r = try schema(#"{"type":"record","name":"R","fields":[{"name":"k","type":"int"}]}"#)
        // xs: count -2 with size 2, items 3 and 27, end; k = 1.
        let bytes: [UInt8] = [0x03, 0x04, 0x06, 0x36, 0x00, 0x02]
        #expect(try AvroDatumReader(writer: w, reader: r).decode(bytes) == .record([.int(1)]))
    }

    @Test func fieldsAreMatchedByNameNotPosition() throws {
        let writer = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#
        let reader = #"{"type":"record","name":"R","fields":[{"name":"b","type":"string"},{"name":"a","type":"long"}]}"#
        #expect(try resolved(writer: writer, reader: reader, .record([.int(1), .string("x")])) == .record([.string("x"), .long(1)]))
    }

    @Test func readerAliasesMatchRenamedFieldsAndTypes() throws {
        let writer = #"{"type":"record","name":"Old","namespace":"a","fields":[{"name":"old","type":"int"}]}"#
        let reader = #"{"type":"record","name":"New","namespace":"b","aliases":["a.Old"],"fields":[{"name":"new","type":"int","aliases":["old"]}]}"#
        #expect(try resolved(writer: writer, reader: reader, .record([.int(9)])) == .record([.int(9)]))
    }

    @Test func namedTypesMatchByUnqualifiedName() throws {
        let writer = #"{"type":"fixed","name":"x.F","size":2}"#
        let reader = #"{"type":"fixed","name":"y.F","size":2}"#
        #expect(try resolved(writer: writer, reader: reader, .fixed([1, 2])) == .fixed([1, 2]))
    }

    @Test func enumsResolveBySymbolWithTheReaderDefaultForUnknownSymbols() throws {
        let writer = #"{"type":"enum","name":"E","symbols":["A","B","C"]}"#
        let reader = #"{"type":"enum","name":"E","symbols":["C","A","U"],"default":"U"}"#
        #expect(try resolved(writer: writer, reader: reader, .enumeration(symbol: "A", index: 0)) == .enumeration(symbol: "A", index: 1))
        #expect(try resolved(writer: writer, reader: reader, .enumeration(symbol: "B", index: 1)) == .enumeration(symbol: "U", index: 2))
    }

    @Test func unknownEnumSymbolWithoutDefaultFailsWhenRead() throws {
        let w = try schema(#"{"type":"enum","name":"E","symbols":["A","B"]}"#)
        let r = try schema(#"{"type":"enum","name":"E","symbols":["A"]}"#)
        let reader = try AvroDatumReader(writer: w, reader: r)
        #expect(try reader.decode([0x00]) == .enumeration(symbol: "A", index: 0))
        #expect(decodingError(reader, [0x02]) == .unknownEnumSymbol("B", offset: 0))
    }

    @Test func writerUnionToReaderUnionMatchesBranchesByType() throws {
        let value = try resolved(writer: #"["null","int","string"]"#, reader: #"["string","null","long"]"#, .union(branch: 1, value: .int(4)))
        #expect(value == .union(branch: 2, value: .long(4)))
        #expect(try resolved(writer: #"["null","string"]"#, reader: #"["string","null"]"#, .union(branch: 0, value: .null))
            == .union(branch: 1, value: .null))
    }

    @Test func writerUnionToNonUnionReadsMatchingBranchesAndRejectsOthers() throws {
        #expect(try resolved(writer: #"["null","int"]"#, reader: #""long""#, .union(branch: 1, value: .int(2))) == .long(2))
        let reader = try AvroDatumReader(writer: schema(#"["null","int"]"#), reader: schema(#""long""#))
        #expect(decodingError(reader, [0x00]) == .unresolvedUnionBranch(0, offset: 0))
    }

    @Test func nonUnionWriterPicksTheFirstExactThenFirstPromotableReaderBranch() throws {
        #expect(try resolved(writer: #""int""#, reader: #"["long","int"]"#, .int(1)) == .union(branch: 1, value: .int(1)))
        #expect(try resolved(writer: #""int""#, reader: #"["null","string","double","long"]"#, .int(1)) == .union(branch: 2, value: .double(1)))
        #expect(try resolved(writer: #""null""#, reader: #"["string","null"]"#, .null) == .union(branch: 1, value: .null))
        let rec = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#
        #expect(try resolved(writer: rec, reader: "[\"null\",\(rec)]", .record([.int(1)])) == .union(branch: 1, value: .record([.int(1)])))
    }

    @Test func recursiveSchemasResolve() throws {
        let reader = """
        {"type":"record","name":"LongList","fields":[
          {"name":"value","type":"double"},
          {"name":"next","type":["null","LongList"]},
          {"name":"tag","type":"string","default":"t"}]}
        """
        let value = try resolved(writer: linkedListSchema, reader: reader, linkedList([1, 2]))
        let tail = AvroValue.union(branch: 1, value: .record([.double(2), .union(branch: 0, value: .null), .string("t")]))
        #expect(value == .record([.double(1), tail, .string("t")]))
    }

    @Test func incompatibleSchemasFailWhenTheReaderIsBuilt() throws {
        func fails(_ w: String, _ r: String) -> Bool {
            do {
                _ = try AvroDatumReader(writer: schema(w), reader: schema(r))
                return false
            } catch {
                return true
            }
        }
        #expect(fails(#""string""#, #""int""#))
        #expect(fails(#""long""#, #""int""#))
        #expect(fails(#""double""#, #""float""#))
        #expect(fails(Self.writerV1, #"{"type":"record","name":"R","fields":[{"name":"z","type":"int"}]}"#))
        #expect(fails(Self.writerV1, #"{"type":"record","name":"Other","fields":[{"name":"a","type":"int"}]}"#))
        #expect(fails(#"{"type":"fixed","name":"F","size":2}"#, #"{"type":"fixed","name":"F","size":3}"#))
        #expect(fails(#"{"type":"enum","name":"F","symbols":["A"]}"#, #"{"type":"fixed","name":"F","size":3}"#))
        #expect(fails(#""int""#, #"["null","string"]"#))
        #expect(fails(#"["null","int"]"#, #""string""#))
        #expect(fails(#"{"type":"array","items":"int"}"#, #"{"type":"map","values":"int"}"#))
    }
}
