import Avro
import Testing

/// The three union cases of Java Avro and the two location styles (1.11 as Confluent ships it,
/// 1.12 after AVRO-3612).
@Suite("Avro compatibility: unions")
struct AvroUnionCompatibilityTests {
    // MARK: Case A: both unions

    @Test("A: every writer branch must be readable; a missing one is reported at /j")
    func bothUnions() throws {
        #expect(try incompatibilities(reader: #"["null","int","string"]"#, writer: #"["string","null"]"#) == [])
        #expect(
            try incompatibilities(reader: #"["null","int"]"#, writer: #"["null","int","string"]"#)
                == [Found(.missingUnionBranch, "/2", "reader union lacking writer type: STRING")])
    }

    @Test("A: every missing branch is reported, in writer order")
    func bothUnionsSeveralMissing() throws {
        #expect(
            try incompatibilities(reader: #"["int"]"#, writer: #"["int","long","float","double"]"#) == [
                Found(.missingUnionBranch, "/1", "reader union lacking writer type: LONG"),
                Found(.missingUnionBranch, "/2", "reader union lacking writer type: FLOAT"),
                Found(.missingUnionBranch, "/3", "reader union lacking writer type: DOUBLE"),
            ])
    }

    @Test("A: promotions apply branch by branch")
    func bothUnionsPromotion() throws {
        #expect(try incompatibilities(reader: #"["null","double"]"#, writer: #"["null","int","float"]"#) == [])
    }

    @Test("A: the nested cause is dropped, only the missing branch is reported")
    func bothUnionsNestedCauseDropped() throws {
        let reader = #"["null",\#(record("R", field("a", "\"int\""), field("b", "\"string\"")))]"#
        let writer = #"["null",\#(record("R", field("a", "\"int\"")))]"#
        #expect(
            try incompatibilities(reader: reader, writer: writer)
                == [Found(.missingUnionBranch, "/1", "reader union lacking writer type: RECORD")])
    }

    @Test("A: inside a record the branch index follows the field's type location")
    func bothUnionsInRecord() throws {
        let reader = record("R", field("a", #"["null","int"]"#))
        let writer = record("R", field("a", #"["null","int","boolean"]"#))
        #expect(
            try incompatibilities(reader: reader, writer: writer)
                == [Found(.missingUnionBranch, "/fields/0/type/2", "reader union lacking writer type: BOOLEAN")])
    }

    // MARK: Case B: reader union, writer not

    @Test("B: some reader branch must read the writer; if none, MISSING_UNION_BRANCH here")
    func readerUnion() throws {
        #expect(try incompatibilities(reader: #"["null","long"]"#, writer: #""int""#) == [])
        #expect(
            try incompatibilities(reader: #"["null","string"]"#, writer: #""int""#)
                == [Found(.missingUnionBranch, "/", "reader union lacking writer type: INT")])
        let reader = record("R", field("a", #"["null","string"]"#))
        let writer = record("R", field("a", "\"boolean\""))
        #expect(
            try incompatibilities(reader: reader, writer: writer)
                == [Found(.missingUnionBranch, "/fields/0/type", "reader union lacking writer type: BOOLEAN")])
    }

    // MARK: Case C: writer union, reader not

    @Test("C: the reader must read every writer branch")
    func writerUnion() throws {
        #expect(try incompatibilities(reader: #""long""#, writer: #"["int","long"]"#) == [])
        #expect(
            try incompatibilities(reader: #""int""#, writer: #"["int","string"]"#)
                == [Found(.typeMismatch, "/", "reader type: INT not compatible with writer type: STRING")])
    }

    @Test("C, Avro 1.11 (Confluent): each branch is checked with a fresh, branch-relative location")
    func writerUnionLocations1_11() throws {
        let inner = { (type: String) in record("In", field("x", type)) }
        let reader = record("R", field("f", inner("\"int\"")))
        let writer = record("R", field("f", #"["null",\#(inner("\"string\""))]"#))
        #expect(
            try incompatibilities(reader: reader, writer: writer, locations: .avro1_11) == [
                Found(.typeMismatch, "/", "reader type: RECORD not compatible with writer type: NULL"),
                Found(.typeMismatch, "/fields/0/type", "reader type: INT not compatible with writer type: STRING"),
            ])
    }

    @Test("C, Avro 1.12: locations run from the root through the writer branch index")
    func writerUnionLocations1_12() throws {
        let inner = { (type: String) in record("In", field("x", type)) }
        let reader = record("R", field("f", inner("\"int\"")))
        let writer = record("R", field("f", #"["null",\#(inner("\"string\""))]"#))
        #expect(
            try incompatibilities(reader: reader, writer: writer, locations: .avro1_12) == [
                Found(.typeMismatch, "/fields/0/type/0", "reader type: RECORD not compatible with writer type: NULL"),
                Found(.typeMismatch, "/fields/0/type/1/fields/0/type", "reader type: INT not compatible with writer type: STRING"),
            ])
    }

    @Test("the location style changes nothing outside case C")
    func styleOnlyAffectsCaseC() throws {
        let reader = record("R", field("a", #"["null","int"]"#))
        let writer = record("R", field("a", #"["null","int","boolean"]"#))
        #expect(
            try incompatibilities(reader: reader, writer: writer, locations: .avro1_12)
                == incompatibilities(reader: reader, writer: writer, locations: .avro1_11))
    }

    // MARK: Degenerate unions

    @Test("a singleton union and its only type read each other")
    func singletonUnions() throws {
        #expect(try incompatibilities(reader: #"["int"]"#, writer: #""int""#) == [])
        #expect(try incompatibilities(reader: #""int""#, writer: #"["int"]"#) == [])
    }

    @Test("an empty writer union has no data, so anything reads it")
    func emptyWriterUnion() throws {
        #expect(try incompatibilities(reader: #""int""#, writer: "[]") == [])
        #expect(try incompatibilities(reader: #"["int"]"#, writer: "[]") == [])
        #expect(
            try incompatibilities(reader: "[]", writer: #""int""#)
                == [Found(.missingUnionBranch, "/", "reader union lacking writer type: INT")])
    }

    @Test("fresh-location checks share the memo table: a pair first met in a union keeps its branch-relative location")
    func freshLocationMemoShared() throws {
        // Field 0 meets (In, In') through writer-union case C with a fresh location; field 1 meets
        // the same pair again and gets the stored, branch-relative result.
        let readerIn = record("In", field("x", "\"int\""))
        let writerIn = record("In", field("x", "\"string\""))
        let reader = record("R", field("a", readerIn), field("b", "\"In\""))
        let writer = record("R", field("a", #"[\#(writerIn)]"#), field("b", "\"In\""))
        let mismatch = "reader type: INT not compatible with writer type: STRING"
        #expect(
            try incompatibilities(reader: reader, writer: writer, locations: .avro1_11) == [
                Found(.typeMismatch, "/fields/0/type", mismatch),
                Found(.typeMismatch, "/fields/0/type", mismatch),
            ])
        #expect(
            try incompatibilities(reader: reader, writer: writer, locations: .avro1_12) == [
                Found(.typeMismatch, "/fields/0/type/0/fields/0/type", mismatch),
                Found(.typeMismatch, "/fields/0/type/0/fields/0/type", mismatch),
            ])
    }
}
