import Testing

@testable import Avro

/// `AvroSchemaShapes`: a field's digest changes exactly when what the compatibility check
/// compares changes, so the registry can skip unchanged fields by one comparison.
@Suite("Avro schema shapes: digests of what a compatibility check compares")
struct AvroSchemaShapesTests {
    /// The digest of field `index` of the record `name` in `schema`.
    func digest(_ schema: String, record name: String = "R", field index: Int) throws -> AvroShapeDigest? {
        let parsed = try AvroSchema(parsing: schema)
        return AvroSchemaShapes(parsed).fields[name]?[index]
    }

    @Test("docs, defaults, aliases, logical types and custom properties leave a field's digest unchanged")
    func ignoredAttributes() throws {
        let plain = record("R", field("a", #"{"type":"record","name":"P","fields":[{"name":"x","type":"long"}]}"#))
        let annotated = record(
            "R",
            field(
                "a",
                #"{"type":"record","name":"P","doc":"a part","aliases":["Q"],"fields":[{"name":"x","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"when","default":0,"custom":1}]}"#))
        let a = try #require(try digest(plain, field: 0))
        #expect(try digest(annotated, field: 0) == a)
    }

    @Test("a change anywhere below a field changes its digest", arguments: [
        #"{"type":"record","name":"P","fields":[{"name":"y","type":"long"}]}"#,  // nested field renamed
        #"{"type":"record","name":"P","fields":[{"name":"x","type":"int"}]}"#,  // nested primitive changed
        #"{"type":"record","name":"P","fields":[{"name":"x","type":"long"},{"name":"z","type":"int","default":0}]}"#,  // field added
        #"{"type":"record","name":"Other","fields":[{"name":"x","type":"long"}]}"#,  // record renamed
        #"{"type":"record","name":"P","fields":[{"name":"x","type":["null","long"]}]}"#,  // became a union
        #"{"type":"record","name":"P","fields":[{"name":"x","type":{"type":"array","items":"long"}}]}"#,  // became an array
        #"{"type":"record","name":"P","fields":[{"name":"x","type":{"type":"map","values":"long"}}]}"#,  // became a map
    ])
    func changedBelow(_ changed: String) throws {
        let base = record("R", field("a", #"{"type":"record","name":"P","fields":[{"name":"x","type":"long"}]}"#))
        let before = try #require(try digest(base, field: 0))
        let after = try #require(try digest(record("R", field("a", changed)), field: 0))
        #expect(before != after)
    }

    @Test("enum symbols, fixed sizes and union branch order are part of the digest")
    func namedAndUnionDetails() throws {
        let e1 = try digest(record("R", field("e", #"{"type":"enum","name":"E","symbols":["A","B"]}"#)), field: 0)
        let e2 = try digest(record("R", field("e", #"{"type":"enum","name":"E","symbols":["A","C"]}"#)), field: 0)
        #expect(e1 != nil && e1 != e2)
        let f1 = try digest(record("R", field("f", #"{"type":"fixed","name":"F","size":4}"#)), field: 0)
        let f2 = try digest(record("R", field("f", #"{"type":"fixed","name":"F","size":8}"#)), field: 0)
        #expect(f1 != nil && f1 != f2)
        let u1 = try digest(record("R", field("u", #"["null","string"]"#)), field: 0)
        let u2 = try digest(record("R", field("u", #"["string","null"]"#)), field: 0)
        #expect(u1 != nil && u1 != u2)
    }

    @Test("a field whose type reaches a cycle has no digest; its siblings still do")
    func recursion() throws {
        let list = record("Node", field("value", "\"int\""), field("next", #"["null","Node"]"#))
        #expect(try digest(list, record: "Node", field: 0) != nil)
        #expect(try digest(list, record: "Node", field: 1) == nil)
        // Nor does the recursive record itself, nor a type that contains it.
        let holder = record("Holder", field("list", list))
        let shapes = AvroSchemaShapes(try AvroSchema(parsing: holder))
        #expect(shapes.named["Node"] == nil)
        #expect(shapes.named["Holder"] == nil)
        #expect(shapes.fields["Holder"]?[0] == nil)
    }

    @Test("a registration's worth of versions: the check with shapes finds what the walk finds")
    func versionsOfAWideRecord() throws {
        func version(_ n: Int, levels: [String] = ["LOW", "HIGH"]) -> String {
            var fields = (0..<40).map { i -> String in
                switch i % 4 {
                case 0: return field("f\(i)", "\"long\"")
                case 1: return field("f\(i)", #"{"type":"enum","name":"L\#(i)","symbols":[\#(levels.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
                case 2: return field("f\(i)", #"{"type":"record","name":"P\#(i)","fields":[{"name":"id","type":"int"}]}"#)
                default: return field("f\(i)", #"["null","string"]"#, default: "null")
                }
            }
            fields += (0..<n).map { field("added\($0)", #"["null","string"]"#, default: "null") }
            return record("Wide", fields.joined(separator: ","))
        }
        let pairs = [
            (version(3), version(2)), (version(2), version(3)), (version(0), version(5)),
            (version(2, levels: ["LOW"]), version(2)), (version(2), version(2, levels: ["LOW", "MID", "HIGH"])),
        ]
        for (reader, writer) in pairs {
            _ = try incompatibilities(reader: reader, writer: writer)  // compares both ways itself
        }
        let narrowed = try incompatibilities(reader: version(1, levels: ["LOW"]), writer: version(1))
        #expect(narrowed.count == 10)
        #expect(narrowed.first == Found(.missingEnumSymbols, "/fields/1/type/symbols", "[HIGH]"))
    }
}
