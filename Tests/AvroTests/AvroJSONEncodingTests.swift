import JSONModel
import Testing
@testable import Avro

/// The "JSON Encoding" section of the specification, both directions, plus field defaults.
@Suite struct AvroJSONEncodingTests {
    func roundTrip(_ schemaText: String, _ value: AvroValue, _ json: String) throws {
        let codec = try AvroJSONCodec(schema: schema(schemaText))
        let expected = try JSONParser().parse(json)
        #expect(try codec.json(from: value) == expected)
        #expect(try codec.value(from: expected) == value)
    }

    @Test func primitives() throws {
        try roundTrip(#""null""#, .null, "null")
        try roundTrip(#""boolean""#, .boolean(true), "true")
        try roundTrip(#""int""#, .int(-3), "-3")
        try roundTrip(#""long""#, .long(Int64.min), "-9223372036854775808")
        try roundTrip(#""float""#, .float(1.5), "1.5")
        try roundTrip(#""double""#, .double(0.1), "0.1")
        try roundTrip(#""string""#, .string("é"), #""é""#)
    }

    @Test func bytesAndFixedAreISO88591Strings() throws {
        try roundTrip(#""bytes""#, .bytes([0x00, 0x41, 0xFF]), #""\u0000A\u00ff""#)
        try roundTrip(#"{"type":"fixed","name":"F","size":2}"#, .fixed([0xE9, 0x01]), #""\u00e9\u0001""#)
        let codec = try AvroJSONCodec(schema: schema(#""bytes""#))
        #expect(throws: AvroJSONCodec.Error.self) { try codec.value(from: .string("€")) }
    }

    @Test func nonFiniteNumbersAreStrings() throws {
        try roundTrip(#""double""#, .double(.infinity), #""Infinity""#)
        try roundTrip(#""float""#, .float(-.infinity), #""-Infinity""#)
        let codec = try AvroJSONCodec(schema: schema(#""double""#))
        #expect(try codec.json(from: .double(.nan)) == .string("NaN"))
        guard case .double(let d) = try codec.value(from: .string("NaN")) else { Issue.record("not a double"); return }
        #expect(d.isNaN)
    }

    @Test func enumsArraysMapsRecords() throws {
        try roundTrip(#"{"type":"enum","name":"E","symbols":["A","B"]}"#, .enumeration(symbol: "B", index: 1), #""B""#)
        try roundTrip(#"{"type":"array","items":"int"}"#, .array([.int(1), .int(2)]), "[1,2]")
        try roundTrip(#"{"type":"map","values":"int"}"#,
                      .map([AvroMapEntry(key: "z", value: .int(1)), AvroMapEntry(key: "a", value: .int(2))]), #"{"z":1,"a":2}"#)
        try roundTrip(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}"#,
                      .record([.int(1), .string("x")]), #"{"a":1,"b":"x"}"#)
    }

    @Test func unionsAreWrappedWithTheBranchTypeName() throws {
        try roundTrip(#"["null","string"]"#, .union(branch: 0, value: .null), "null")
        try roundTrip(#"["null","string"]"#, .union(branch: 1, value: .string("a")), #"{"string":"a"}"#)
        let rec = #"{"type":"record","name":"R","namespace":"ns","fields":[{"name":"a","type":"int"}]}"#
        try roundTrip("[\"null\",\(rec)]", .union(branch: 1, value: .record([.int(1)])), #"{"ns.R":{"a":1}}"#)
        try roundTrip(#"["int",{"type":"array","items":"int"}]"#, .union(branch: 1, value: .array([])), #"{"array":[]}"#)
    }

    @Test func recordsFillAbsentFieldsFromDefaults() throws {
        let codec = try AvroJSONCodec(schema: schema(
            #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"o","type":["null","int"],"default":null}]}"#))
        #expect(try codec.value(from: JSONParser().parse(#"{"a":1}"#)) == .record([.int(1), .union(branch: 0, value: .null)]))
    }

    @Test func mismatchesAreTypedErrors() throws {
        let codec = try AvroJSONCodec(schema: schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#))
        #expect(throws: AvroJSONCodec.Error.self) { try codec.value(from: JSONParser().parse(#"{"a":"x"}"#)) }
        #expect(throws: AvroJSONCodec.Error.self) { try codec.value(from: JSONParser().parse(#"{"a":4294967296}"#)) }
        #expect(throws: AvroJSONCodec.Error.self) { try codec.value(from: JSONParser().parse(#"{}"#)) }
        #expect(throws: AvroJSONCodec.Error.self) { try codec.json(from: .record([.string("x")])) }
    }

    @Test func defaultsUseTheFirstUnionBranchUnwrapped() throws {
        let s = try schema(#"{"type":"record","name":"R","fields":[{"name":"u","type":["long","null"],"default":7}]}"#)
        guard let record = s.record(s.root), let field = record.fields.first, let json = field.defaultValue else {
            Issue.record("no default"); return
        }
        #expect(try AvroJSONCodec.defaultValue(json, for: field.type, in: s) == .union(branch: 0, value: .long(7)))
    }
}
