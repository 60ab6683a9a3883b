import Avro
import Testing

/// Recursive schemas, memoization (including Java's repeated-message quirk) and the report of
/// many incompatibilities in one traversal.
@Suite("Avro compatibility: recursion, memoization, multiple findings")
struct AvroRecursiveCompatibilityTests {
    static let list = record("Node", field("value", "\"int\""), field("next", #"["null","Node"]"#))

    @Test("a self-referential record is compatible with itself")
    func recursiveSelf() throws {
        #expect(try incompatibilities(reader: Self.list, writer: Self.list) == [])
    }

    @Test("an evolved recursive record: defaulted field compatible, required field reported once")
    func recursiveEvolved() throws {
        let withDefault = record(
            "Node", field("value", "\"long\""), field("next", #"["null","Node"]"#), field("label", "\"string\"", default: "\"\""))
        #expect(try incompatibilities(reader: withDefault, writer: Self.list) == [])
        let required = record("Node", field("value", "\"int\""), field("next", #"["null","Node"]"#), field("label", "\"string\""))
        let found = try incompatibilities(reader: required, writer: Self.list)
        #expect(found == [Found(.readerFieldMissingDefaultValue, "/fields/2", "label")])
    }

    @Test("mutually recursive records terminate")
    func mutualRecursion() throws {
        let tree = #"{"type":"record","name":"Tree","fields":[{"name":"children","type":{"type":"array","items":{"type":"record","name":"Branch","fields":[{"name":"tree","type":"Tree"},{"name":"w","type":"int"}]}}}]}"#
        let wider = tree.replacing(#""w","type":"int""#, with: #""w","type":"double""#)
        #expect(try incompatibilities(reader: wider, writer: tree) == [])
        #expect(
            try incompatibilities(reader: tree, writer: wider)
                == [Found(.typeMismatch, "/fields/0/type/items/fields/1/type", "reader type: INT not compatible with writer type: DOUBLE")])
    }

    @Test("a named pair met twice repeats the first visit's findings with the first location (Java parity)")
    func memoizedDuplicate() throws {
        let e = #"{"type":"enum","name":"E","symbols":["A"]}"#
        let eWide = #"{"type":"enum","name":"E","symbols":["A","B"]}"#
        let reader = record("R", field("first", e), field("second", "\"E\""))
        let writer = record("R", field("first", eWide), field("second", "\"E\""))
        #expect(
            try incompatibilities(reader: reader, writer: writer) == [
                Found(.missingEnumSymbols, "/fields/0/type/symbols", "[B]"),
                Found(.missingEnumSymbols, "/fields/0/type/symbols", "[B]"),
            ])
    }

    @Test("a nested record with many changes reports every finding, in traversal order")
    func multipleIncompatibilities() throws {
        let reader = """
            {"type":"record","name":"Outer","namespace":"n","fields":[
              {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}},
              {"name":"f","type":{"type":"fixed","name":"G","size":4}},
              {"name":"i","type":"int"},
              {"name":"inner","type":{"type":"record","name":"In","fields":[
                {"name":"a","type":"int"},
                {"name":"b","type":"string"},
                {"name":"c","type":{"type":"fixed","name":"Sz","size":8}},
                {"name":"u","type":["null","int"]},
                {"name":"m","type":{"type":"map","values":"long"}},
                {"name":"deep","type":{"type":"record","name":"Deep","fields":[
                  {"name":"x","type":"int"},
                  {"name":"ys","type":{"type":"array","items":"int"}}]}},
                {"name":"moved","type":{"type":"record","name":"Moved","namespace":"a","fields":[{"name":"k","type":"int"}]}}
              ]}}
            ]}
            """
        let writer = """
            {"type":"record","name":"Outer","namespace":"n","fields":[
              {"name":"e","type":{"type":"enum","name":"E","symbols":["D","C","B","A"]}},
              {"name":"f","type":{"type":"fixed","name":"F","size":4}},
              {"name":"i","type":"string"},
              {"name":"inner","type":{"type":"record","name":"In","fields":[
                {"name":"a","type":"int"},
                {"name":"c","type":{"type":"fixed","name":"Sz","size":4}},
                {"name":"u","type":["null","int","string","boolean"]},
                {"name":"m","type":{"type":"array","items":"long"}},
                {"name":"deep","type":{"type":"record","name":"Deep","fields":[
                  {"name":"x","type":"int"},
                  {"name":"ys","type":{"type":"array","items":"long"}}]}},
                {"name":"moved","type":{"type":"record","name":"Moved","namespace":"b","fields":[{"name":"k","type":"int"}]}}
              ]}}
            ]}
            """
        #expect(
            try incompatibilities(reader: reader, writer: writer) == [
                Found(.missingEnumSymbols, "/fields/0/type/symbols", "[C, D]"),
                Found(.nameMismatch, "/fields/1/type/name", "expected: n.F"),
                Found(.typeMismatch, "/fields/2/type", "reader type: INT not compatible with writer type: STRING"),
                Found(.readerFieldMissingDefaultValue, "/fields/3/type/fields/1", "b"),
                Found(.fixedSizeMismatch, "/fields/3/type/fields/2/type/size", "expected: 4, found: 8"),
                Found(.missingUnionBranch, "/fields/3/type/fields/3/type/2", "reader union lacking writer type: STRING"),
                Found(.missingUnionBranch, "/fields/3/type/fields/3/type/3", "reader union lacking writer type: BOOLEAN"),
                Found(.typeMismatch, "/fields/3/type/fields/4/type", "reader type: MAP not compatible with writer type: ARRAY"),
                Found(.typeMismatch, "/fields/3/type/fields/5/type/fields/1/type/items", "reader type: INT not compatible with writer type: LONG"),
            ])
    }
}
