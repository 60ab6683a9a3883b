import Protobuf
import Testing

/// Confluent's Protobuf differences, case by case (`compatibility.md`, section 4).
@Suite("Protobuf: schema differences")
struct ProtoSchemaDiffTests {
    static func diff(_ old: String, _ new: String) throws -> [String] {
        ProtoSchemaDiff.compare(original: try ProtoParser.parse(old), update: try ProtoParser.parse(new)).map(\.description)
    }

    static let base = """
        syntax = "proto3";
        package shop;
        message Order {
          string id = 1;
          int64 cents = 2;
          Line line = 3;
          Status status = 4;
          map<string, int32> counts = 5;
          oneof pay { string card = 6; string cash = 7; }
        }
        message Line { string sku = 1; }
        enum Status { NEW = 0; DONE = 1; }
        """

    @Test("the same schema has no differences")
    func same() throws {
        #expect(try Self.diff(Self.base, Self.base) == [])
    }

    @Test(
        "one change at a time",
        arguments: [
            ("int64 cents = 2;", "sint64 cents = 2;", ["FIELD_SCALAR_KIND_CHANGED #/Order/2"]),
            ("int64 cents = 2;", "int32 cents = 2;", []),
            ("int64 cents = 2;", "Status cents = 2;", []),
            ("int64 cents = 2;", "string cents = 2;", ["FIELD_SCALAR_KIND_CHANGED #/Order/2"]),
            ("int64 cents = 2;", "Line cents = 2;", ["FIELD_KIND_CHANGED #/Order/2"]),
            ("int64 cents = 2;", "int64 amount = 2;", ["FIELD_NAME_CHANGED #/Order/2"]),
            ("int64 cents = 2;", "", ["FIELD_REMOVED #/Order/2"]),
            ("int64 cents = 2;", "int64 cents = 2; bool paid = 8;", ["FIELD_ADDED #/Order/8"]),
            ("int64 cents = 2;", "repeated int64 cents = 2;", []),  // proto3: no label before, so not compared
            ("Line line = 3;", "Order line = 3;", ["FIELD_NAMED_TYPE_CHANGED #/Order/3"]),
            ("map<string, int32> counts = 5;", "map<string, string> counts = 5;", ["FIELD_SCALAR_KIND_CHANGED #/Order/5"]),
            ("map<string, int32> counts = 5;", "map<string, int64> counts = 5;", []),
            ("oneof pay { string card = 6; string cash = 7; }", "oneof pay { string card = 6; }", ["ONEOF_FIELD_REMOVED #/Order/pay/7"]),
            (
                "oneof pay { string card = 6; string cash = 7; }", "string card = 6; string cash = 7;",
                ["ONEOF_REMOVED #/Order/pay", "ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/Order/6", "ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/Order/7"]
            ),
            ("oneof pay { string card = 6; string cash = 7; }", "", ["ONEOF_REMOVED #/Order/pay"]),
            (
                "oneof pay { string card = 6; string cash = 7; }", "oneof pay { string card = 6; string cash = 7; string coupon = 9; }",
                ["ONEOF_FIELD_ADDED #/Order/pay/9"]
            ),
            (
                "string id = 1;\n  int64 cents = 2;", "oneof key { string id = 1; int64 cents = 2; }",
                ["MULTIPLE_FIELDS_MOVED_TO_ONEOF #/Order/key", "ONEOF_ADDED #/Order/key"]
            ),
            (
                "string id = 1;", "",
                ["FIELD_REMOVED #/Order/1"]
            ),
        ])
    func single(old: String, new: String, expected: [String]) throws {
        #expect(try Self.diff(Self.base, Self.base.replacingOccurrences(of: old, with: new)) == expected)
    }

    @Test("a field moved into an existing oneof")
    func movedIntoExistingOneof() throws {
        let new = Self.base.replacingOccurrences(of: "  string id = 1;\n", with: "")
            .replacingOccurrences(of: "oneof pay { string card = 6;", with: "oneof pay { string id = 1; string card = 6;")
        #expect(try Self.diff(Self.base, new) == ["FIELD_MOVED_TO_EXISTING_ONEOF #/Order/pay"])
    }

    @Test("messages and enums: added, removed, moved; enum constants by number")
    func types() throws {
        let reordered = """
            syntax = "proto3";
            package shop;
            message Line { string sku = 1; }
            message Order {
              string id = 1;
              int64 cents = 2;
              Line line = 3;
              Status status = 4;
              map<string, int32> counts = 5;
              oneof pay { string card = 6; string cash = 7; }
            }
            message Refund {}
            enum Status { NEW = 0; FINISHED = 1; CANCELLED = 2; }
            """
        #expect(
            try Self.diff(Self.base, reordered) == [
                // Removed, then added or moved in the update's order, then contents; enums last.
                "MESSAGE_MOVED #/Line", "MESSAGE_MOVED #/Order", "MESSAGE_ADDED #/Refund", "ENUM_CONST_CHANGED #/Status/1",
                "ENUM_CONST_ADDED #/Status/2",
            ])
        #expect(try Self.diff(reordered, Self.base).contains("MESSAGE_REMOVED #/Refund"))
    }

    @Test("a changed message type reports its own changes and, when one breaks, the field's type")
    func nestedChanges() throws {
        let new = Self.base.replacingOccurrences(of: "message Line { string sku = 1; }", with: "message Line { int32 sku = 1; }")
        #expect(
            try Self.diff(Self.base, new) == [
                // The field's type is compared in a context of its own (paths from the type's name),
                // and Line is compared again as a message of the file.
                "FIELD_SCALAR_KIND_CHANGED #/Line/1", "FIELD_NAMED_TYPE_CHANGED #/Order/3", "FIELD_SCALAR_KIND_CHANGED #/Line/1",
            ])
    }

    @Test("package changed; proto2 required fields and label changes")
    func proto2() throws {
        let old = "syntax = \"proto2\"; package a; message M { required int32 x = 1; optional int32 y = 2; optional string s = 3; }"
        let new = "syntax = \"proto2\"; package b; message M { repeated int32 y = 2; repeated string s = 3; required int32 z = 4; }"
        #expect(
            try Self.diff(old, new) == [
                "PACKAGE_CHANGED #/", "REQUIRED_FIELD_REMOVED #/M/1", "FIELD_NUMERIC_LABEL_CHANGED #/M/2",
                "FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/3", "REQUIRED_FIELD_ADDED #/M/4",
            ])
    }

    @Test("Confluent's sentences for incompatible changes")
    func messages() {
        let difference = ProtoDifference(type: .requiredFieldAdded, path: "#/M/4")
        #expect(
            difference.confluentMessage(readerRole: "new", writerRole: "old")
                == "{errorType:\"REQUIRED_FIELD_ADDED\", description:\"A required field  at path '#/M/4' in the new schema is missing in the old schema\"}")
        #expect(ProtoDifferenceType.fieldAdded.isCompatible && !ProtoDifferenceType.fieldKindChanged.isCompatible)
    }

    @Test("recursive types end")
    func recursion() throws {
        let old = "syntax = \"proto3\"; message Node { Node next = 1; string v = 2; }"
        let new = "syntax = \"proto3\"; message Node { Node next = 1; int32 v = 2; }"
        #expect(try Self.diff(old, new).first == "FIELD_SCALAR_KIND_CHANGED #/Node/2")
    }
}
