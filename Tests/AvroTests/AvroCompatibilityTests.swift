import Avro
import Testing

/// Records, named types, enums and fixed: one test per rule of the compatibility write-up,
/// with Java Avro's exact messages and locations.
@Suite("Avro compatibility: named types and records")
struct AvroCompatibilityTests {
    // MARK: Names

    @Test("named types match on unqualified names; a namespace change alone is compatible")
    func namespaceIgnored() throws {
        let reader = #"{"type":"fixed","name":"a.Hash","size":16}"#
        let writer = #"{"type":"fixed","name":"b.Hash","size":16}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("a renamed type is a NAME_MISMATCH naming the writer's full name, at /name")
    func nameMismatch() throws {
        let reader = #"{"type":"record","name":"New","namespace":"ns","fields":[]}"#
        let writer = #"{"type":"record","name":"Old","namespace":"ns","fields":[]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.nameMismatch, "/name", "expected: ns.Old")])
    }

    @Test("a reader alias (resolved in the reader's namespace) accepts the writer's full name")
    func readerAliasRescuesRename() throws {
        let reader = #"{"type":"record","name":"New","namespace":"ns","aliases":["Old"],"fields":[]}"#
        let writer = #"{"type":"record","name":"Old","namespace":"ns","fields":[]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("a reader alias in another namespace does not match")
    func aliasMustBeFullName() throws {
        let reader = #"{"type":"record","name":"New","namespace":"ns","aliases":["other.Old"],"fields":[]}"#
        let writer = #"{"type":"record","name":"Old","namespace":"ns","fields":[]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.nameMismatch, "/name", "expected: ns.Old")])
    }

    @Test("writer aliases are ignored")
    func writerAliasIgnored() throws {
        let reader = #"{"type":"enum","name":"New","symbols":["A"]}"#
        let writer = #"{"type":"enum","name":"Old","aliases":["New"],"symbols":["A"]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.nameMismatch, "/name", "expected: Old")])
    }

    // MARK: Fixed

    @Test("fixed sizes must agree: FIXED_SIZE_MISMATCH at /size says expected (writer) and found (reader)")
    func fixedSize() throws {
        let reader = #"{"type":"fixed","name":"F","size":8}"#
        let writer = #"{"type":"fixed","name":"F","size":4}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.fixedSizeMismatch, "/size", "expected: 4, found: 8")])
    }

    @Test("the name check comes first and both findings are reported")
    func nameThenSize() throws {
        let reader = #"{"type":"fixed","name":"A","size":8}"#
        let writer = #"{"type":"fixed","name":"B","size":4}"#
        #expect(
            try incompatibilities(reader: reader, writer: writer) == [
                Found(.nameMismatch, "/name", "expected: B"),
                Found(.fixedSizeMismatch, "/size", "expected: 4, found: 8"),
            ])
    }

    // MARK: Enums

    @Test("writer symbols missing from the reader are listed sorted, at /symbols")
    func missingSymbols() throws {
        let reader = #"{"type":"enum","name":"E","symbols":["C","A"]}"#
        let writer = #"{"type":"enum","name":"E","symbols":["D","C","B","A"]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.missingEnumSymbols, "/symbols", "[B, D]")])
    }

    @Test("symbol order and extra reader symbols do not matter")
    func symbolOrder() throws {
        let reader = #"{"type":"enum","name":"E","symbols":["B","A","Z"]}"#
        let writer = #"{"type":"enum","name":"E","symbols":["A","B"]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("a reader enum default absorbs unknown writer symbols")
    func enumDefaultRescue() throws {
        let reader = #"{"type":"enum","name":"E","symbols":["A","B"],"default":"A"}"#
        let writer = #"{"type":"enum","name":"E","symbols":["A","B","C"]}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    // MARK: Records

    @Test("a reader field absent from the writer needs a default: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/i")
    func missingDefault() throws {
        let reader = record("R", field("f1", "\"string\""), field("f2", "\"string\""))
        let writer = record("R", field("f1", "\"string\""))
        #expect(try incompatibilities(reader: reader, writer: writer) == [Found(.readerFieldMissingDefaultValue, "/fields/1", "f2")])
    }

    @Test("any default rescues a missing field, null included")
    func defaultsRescue() throws {
        let reader = record(
            "R", field("f1", "\"string\""), field("f2", #"["null","string"]"#, default: "null"),
            field("f3", "\"int\"", default: "0"))
        let writer = record("R", field("f1", "\"string\""))
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("writer fields unknown to the reader and field order changes are fine")
    func extraWriterFieldsAndOrder() throws {
        let reader = record("R", field("b", "\"long\""), field("a", "\"string\""))
        let writer = record("R", field("a", "\"string\""), field("x", "\"boolean\""), field("b", "\"int\""))
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("field types are compared at /fields/i/type where i is the reader position")
    func fieldTypeLocation() throws {
        let reader = record("R", field("b", "\"int\""), field("a", "\"int\""))
        let writer = record("R", field("a", "\"string\""), field("b", "\"int\""))
        #expect(
            try incompatibilities(reader: reader, writer: writer)
                == [Found(.typeMismatch, "/fields/1/type", "reader type: INT not compatible with writer type: STRING")])
    }

    @Test("a reader field alias finds a renamed writer field, whose type is then checked")
    func fieldAlias() throws {
        let writer = record("R", field("name", "\"string\""))
        #expect(try incompatibilities(reader: record("R", field("fullName", "\"string\"", aliases: ["name"])), writer: writer) == [])
        #expect(
            try incompatibilities(reader: record("R", field("fullName", "\"int\"", aliases: ["name"])), writer: writer)
                == [Found(.typeMismatch, "/fields/0/type", "reader type: INT not compatible with writer type: STRING")])
        #expect(
            try incompatibilities(reader: record("R", field("fullName", "\"string\"")), writer: writer)
                == [Found(.readerFieldMissingDefaultValue, "/fields/0", "fullName")])
    }

    @Test("a reader field matching several writer fields through aliases cannot be checked")
    func ambiguousAlias() throws {
        let reader = try AvroSchema(parsing: record("W", field("a", "\"int\"", aliases: ["b"])))
        let writer = try AvroSchema(parsing: record("W", field("a", "\"int\""), field("b", "\"int\"")))
        do {
            _ = try AvroCompatibilityChecker.incompatibilities(reader: reader, writer: writer)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "Reader record field a type:INT pos:0 matches multiple fields in writer record schema "
                    + #"{"type":"record","name":"W","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]}"#)
        }
        #expect(!AvroCompatibilityChecker.canRead(reader: reader, writer: writer))
    }

    @Test("doc, order and custom properties are ignored")
    func metadataIgnored() throws {
        let reader = #"{"type":"record","name":"R","doc":"new","x-prop":1,"fields":[{"name":"a","type":"int","order":"descending","doc":"d"}]}"#
        let writer = record("R", field("a", "\"int\""))
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
    }

    @Test("a new enum field with only an enum-level default is a TYPE_MISMATCH against the writer RECORD (Java quirk)")
    func enumDefaultDoesNotRescueMissingField() throws {
        let color = #"{"type":"enum","name":"Color","symbols":["RED","GREEN"],"default":"RED"}"#
        let reader = record("R", field("a", "\"int\""), field("color", color))
        let writer = record("R", field("a", "\"int\""))
        #expect(
            try incompatibilities(reader: reader, writer: writer)
                == [Found(.typeMismatch, "/fields/1/type", "reader type: ENUM not compatible with writer type: RECORD")])
        // With a field default the field is simply absent-and-defaulted.
        let withDefault = record("R", field("a", "\"int\""), field("color", color, default: "\"GREEN\""))
        #expect(try incompatibilities(reader: withDefault, writer: writer) == [])
    }

    // MARK: Confluent rendering

    @Test("each type renders as Confluent's verbose string with the caller's role words")
    func confluentRendering() {
        let cases: [(AvroIncompatibility, String)] = [
            (
                AvroIncompatibility(type: .readerFieldMissingDefaultValue, location: "/fields/1", message: "f2"),
                "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'f2' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'f2'}"
            ),
            (
                AvroIncompatibility(type: .typeMismatch, location: "/fields/0/type", message: "reader type: INT not compatible with writer type: STRING"),
                "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: INT not compatible with writer type: STRING'}"
            ),
            (
                AvroIncompatibility(type: .nameMismatch, location: "/name", message: "expected: ns.Old"),
                "{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: ns.Old'}"
            ),
            (
                AvroIncompatibility(type: .fixedSizeMismatch, location: "/size", message: "expected: 4, found: 8"),
                "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/size' in the new schema does not match with the old schema', additionalInfo:'expected: 4, found: 8'}"
            ),
            (
                AvroIncompatibility(type: .missingEnumSymbols, location: "/symbols", message: "[C]"),
                "{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols '[C]' at path '/symbols' in the old schema', additionalInfo:'[C]'}"
            ),
            (
                AvroIncompatibility(type: .missingUnionBranch, location: "/1", message: "reader union lacking writer type: STRING"),
                "{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path '/1' in the old schema', additionalInfo:'reader union lacking writer type: STRING'}"
            ),
        ]
        for (incompatibility, expected) in cases {
            #expect(incompatibility.confluentMessage(readerRole: "new", writerRole: "old") == expected)
        }
        let forward = AvroIncompatibility(type: .typeMismatch, location: "/", message: "m")
        #expect(forward.confluentDescription(readerRole: "old", writerRole: "new")
            == "The type (path '/') of a field in the old schema does not match with the new schema")
    }

    @Test("type raw values are Java's enum names")
    func rawValues() {
        #expect(AvroIncompatibilityType.allCases.map(\.rawValue) == [
            "READER_FIELD_MISSING_DEFAULT_VALUE", "TYPE_MISMATCH", "NAME_MISMATCH", "FIXED_SIZE_MISMATCH",
            "MISSING_ENUM_SYMBOLS", "MISSING_UNION_BRANCH",
        ])
    }
}
