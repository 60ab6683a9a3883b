import Protobuf
import Testing

/// The opt-in checks beyond Confluent's `SchemaDiff` (`ProtoCompatibilityChecks.extended`):
/// each change below passes Confluent's check although a reader misreads the data, is caught
/// when the checks are on, and keeps Confluent's verdict when they are off.
@Suite("Protobuf: extended compatibility checks")
struct ProtoExtendedChecksTests {
    /// The incompatible differences from `old` (the writer's) to `new` (the reader's).
    static func incompatible(_ old: String, _ new: String, checks: ProtoCompatibilityChecks) throws -> [String] {
        ProtoSchemaDiff.compare(original: try ProtoParser.parse(old), update: try ProtoParser.parse(new), checks: checks)
            .filter { !$0.type.isCompatible }.map(\.description)
    }

    @Test(
        "a change Confluent accepts is refused only with the extended checks",
        arguments: [
            // proto3 number turned repeated: written packed, a singular reader misreads it.
            (
                "syntax = \"proto3\"; message M { int32 a = 1; }", "syntax = \"proto3\"; message M { repeated int32 a = 1; }",
                ["FIELD_NUMERIC_CARDINALITY_CHANGED #/M/1"]
            ),
            (
                "syntax = \"proto3\"; message M { repeated int64 a = 1; }", "syntax = \"proto3\"; message M { int64 a = 1; }",
                ["FIELD_NUMERIC_CARDINALITY_CHANGED #/M/1"]
            ),
            (
                "syntax = \"proto3\"; message M { E a = 1; } enum E { Z = 0; }",
                "syntax = \"proto3\"; message M { repeated E a = 1; } enum E { Z = 0; }",
                ["FIELD_NUMERIC_CARDINALITY_CHANGED #/M/1"]
            ),
            // The syntax decides defaults, presence and whether enums are closed.
            ("syntax = \"proto2\"; message M { optional int32 a = 1; }", "syntax = \"proto3\"; message M { optional int32 a = 1; }", ["SYNTAX_CHANGED #/"]),
            // A reader that requires a field the writer could leave out fails to parse (numbers
            // are already FIELD_NUMERIC_LABEL_CHANGED; strings, bytes and messages are not).
            (
                "syntax = \"proto2\"; message M { optional string a = 1; }", "syntax = \"proto2\"; message M { required string a = 1; }",
                ["FIELD_MADE_REQUIRED #/M/1"]
            ),
            // A closed (proto2) enum reads a value it lacks as unknown: the field is unset.
            (
                "syntax = \"proto2\"; enum E { A = 0; B = 1; }", "syntax = \"proto2\"; enum E { A = 0; }",
                ["CLOSED_ENUM_CONST_MISSING #/E/1"]
            ),
        ])
    func refusedOnlyWhenExtended(writer: String, reader: String, extended: [String]) throws {
        #expect(try Self.incompatible(writer, reader, checks: .confluent) == [])
        #expect(try Self.incompatible(writer, reader, checks: .extended) == extended)
    }

    @Test(
        "changes a reader reads correctly stay compatible with the extended checks",
        arguments: [
            // Strings and bytes are length-delimited whether repeated or not.
            ("syntax = \"proto3\"; message M { string a = 1; }", "syntax = \"proto3\"; message M { repeated string a = 1; }"),
            // An open (proto3) enum keeps a value it lacks.
            ("syntax = \"proto3\"; enum E { A = 0; B = 1; }", "syntax = \"proto3\"; enum E { A = 0; }"),
            // A reader that stops requiring a field reads everything a writer that required it wrote.
            ("syntax = \"proto2\"; message M { required string a = 1; }", "syntax = \"proto2\"; message M { optional string a = 1; }"),
            // Presence alone: the same bytes either way.
            ("syntax = \"proto3\"; message M { int32 a = 1; }", "syntax = \"proto3\"; message M { optional int32 a = 1; }"),
            // Maps compare their key and value types, never a label.
            ("syntax = \"proto3\"; message M { map<string, int32> a = 1; }", "syntax = \"proto3\"; message M { map<string, int64> a = 1; }"),
        ])
    func stillCompatible(writer: String, reader: String) throws {
        #expect(try Self.incompatible(writer, reader, checks: .extended) == [])
    }

    @Test("a closed enum missing a constant is caught under FORWARD too: there the old schema reads the new one's data")
    func forwardOnClosedEnum() throws {
        let old = "syntax = \"proto2\"; enum E { A = 0; }"
        let new = "syntax = \"proto2\"; enum E { A = 0; B = 1; }"
        // BACKWARD: the new schema reads the old data; nothing is missing.
        #expect(try Self.incompatible(old, new, checks: .extended) == [])
        // FORWARD: the old schema reads data the new one wrote, where B may appear.
        #expect(try Self.incompatible(new, old, checks: .extended) == ["CLOSED_ENUM_CONST_MISSING #/E/1"])
    }

    @Test("an extended finding inside a message type also marks the field that uses the type, as Confluent's own findings do")
    func nestedFinding() throws {
        let old = "syntax = \"proto3\"; message Outer { Inner in = 1; } message Inner { int32 a = 1; }"
        let new = "syntax = \"proto3\"; message Outer { Inner in = 1; } message Inner { repeated int32 a = 1; }"
        let found = try Self.incompatible(old, new, checks: .extended)
        #expect(found.contains("FIELD_NUMERIC_CARDINALITY_CHANGED #/Inner/1"))
        #expect(found.contains("FIELD_NAMED_TYPE_CHANGED #/Outer/1"))
    }

    @Test("each extended finding has a sentence naming the roles, in Confluent's message shape")
    func sentences() {
        for type in [ProtoDifferenceType.syntaxChanged, .fieldNumericCardinalityChanged, .fieldMadeRequired, .closedEnumConstMissing] {
            let message = ProtoDifference(type: type, path: "#/M/1").confluentMessage(readerRole: "new", writerRole: "old")
            #expect(message.hasPrefix("{errorType:\"\(type.rawValue)\", description:\"") && message.contains("new") && message.contains("old"))
        }
    }
}
