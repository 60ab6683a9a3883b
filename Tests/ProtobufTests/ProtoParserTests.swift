import Protobuf
import Testing

@Suite("Protobuf: parsing .proto text")
struct ProtoParserTests {
    @Test("a proto3 file: syntax, package, imports of each kind, file options, a message with scalar, message and repeated fields")
    func proto3File() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            package com.example.events;

            import "google/protobuf/timestamp.proto";
            import public "other.proto";
            import weak "legacy.proto";

            option java_package = "com.example";
            option java_multiple_files = true;
            option optimize_for = SPEED;

            // A page view.
            message PageView {
              string url = 1;
              google.protobuf.Timestamp at = 2;
              repeated string tags = 3 [packed = false];
              optional int64 duration_ms = 4;
              .com.example.events.Referrer referrer = 5;
            }
            """)
        #expect(file.syntax == .proto3 && file.declaresSyntax)
        #expect(file.package == "com.example.events")
        #expect(file.imports.map(\.path) == ["google/protobuf/timestamp.proto", "other.proto", "legacy.proto"])
        #expect(file.imports.map(\.kind) == [.normal, .public, .weak])
        #expect(file.options.map(\.nameText) == ["java_package", "java_multiple_files", "optimize_for"])
        #expect(file.options[0].value == .string(Array("com.example".utf8)))
        #expect(file.options[2].value == .identifier("SPEED"))
        let message = try #require(file.messages.first)
        #expect(message.name == "PageView" && message.comments == [" A page view."])
        #expect(message.allFields.map(\.name) == ["url", "at", "tags", "duration_ms", "referrer"])
        #expect(message.allFields.map(\.type) == ["string", "google.protobuf.Timestamp", "string", "int64", ".com.example.events.Referrer"])
        #expect(message.allFields.map(\.label) == [nil, nil, .repeated, .optional, nil])
        #expect(message.allFields.map(\.number) == [1, 2, 3, 4, 5])
        #expect(message.allFields[2].options.first?.value == .identifier("false"))
    }

    @Test("a file without a syntax statement is proto2, as protoc reads it")
    func implicitProto2() throws {
        let file = try ProtoParser.parse("message M { required int32 a = 1; }")
        #expect(file.syntax == .proto2 && !file.declaresSyntax)
        #expect(file.messages.first?.allFields.first?.label == .required)
    }

    @Test("edition files are parsed: the edition, features as options, bare reserved names")
    func editions() throws {
        let file = try ProtoParser.parse(
            """
            edition = "2023";
            option features.field_presence = IMPLICIT;
            message M {
              int32 a = 1 [features.field_presence = EXPLICIT];
              reserved b, c;
            }
            """)
        #expect(file.syntax == .edition("2023"))
        #expect(file.options.first?.name == [ProtoOptionNamePart("features"), ProtoOptionNamePart("field_presence")])
        #expect(file.messages.first?.reservedNames == ["b", "c"])
    }

    @Test("nested messages and enums, oneofs, maps, reserved ranges and names, extension ranges")
    func messageBody() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto2";
            message Outer {
              message Inner { optional string s = 1; }
              enum Kind { KIND_UNSPECIFIED = 0; KIND_A = 1; }
              oneof choice {
                option (my.oneof_option) = 3;
                string text = 1;
                Inner inner = 2;
              }
              map<string, Inner> by_name = 3;
              reserved 4, 8 to 10, 100 to max;
              reserved "old", "older";
              extensions 1000 to 1999, 5000 to max [verification = UNVERIFIED];
              optional Kind kind = 5 [default = KIND_A];
            }
            """)
        let outer = try #require(file.messages.first)
        #expect(outer.nestedMessages.map(\.name) == ["Inner", "ByNameEntry"])  // the map's synthetic entry, as protoc lists it
        #expect(outer.nestedEnums.first?.values.map(\.name) == ["KIND_UNSPECIFIED", "KIND_A"])
        let oneof = try #require(outer.oneofs.first)
        #expect(oneof.name == "choice" && oneof.fields.map(\.name) == ["text", "inner"] && oneof.fields.allSatisfy { $0.label == nil })
        #expect(oneof.options.first?.name == [ProtoOptionNamePart("my.oneof_option", isExtension: true)])
        let map = try #require(outer.allFields.first { $0.name == "by_name" })
        #expect(map.map == ProtoMapTypes(key: "string", value: "Inner") && map.type == "map<string, Inner>")
        #expect(outer.reservedRanges == [ProtoRange(start: 4, end: 4), ProtoRange(start: 8, end: 10), ProtoRange(start: 100, end: nil)])
        #expect(outer.reservedNames == ["old", "older"])
        #expect(outer.extensionRanges.first?.ranges == [ProtoRange(start: 1000, end: 1999), ProtoRange(start: 5000, end: nil)])
        #expect(outer.extensionRanges.first?.options.first?.nameText == "verification")
        #expect(outer.allFields.map(\.name) == ["text", "inner", "by_name", "kind"])
    }

    @Test("proto2 groups: the body is a nested message, the field is named in lower case")
    func groups() throws {
        let file = try ProtoParser.parse(
            """
            message SearchResponse {
              repeated group Result = 1 {
                required string url = 2;
              }
              oneof o { group Choice = 3 { optional int32 x = 4; } }
            }
            """)
        let message = try #require(file.messages.first)
        let result = try #require(message.allFields.first)
        #expect(result.type == "group" && result.name == "result" && result.label == .repeated)
        #expect(result.group?.name == "Result" && result.group?.allFields.map(\.name) == ["url"])
        #expect(message.nestedMessages.map(\.name) == ["Result", "Choice"])
    }

    @Test("extend blocks at file and message level")
    func extend() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto2";
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.FieldOptions { optional string sensitivity = 50000; }
            message Holder { extend .google.protobuf.MessageOptions { repeated int32 marks = 50001; } }
            """)
        #expect(file.extensions.first?.extendee == "google.protobuf.FieldOptions")
        #expect(file.extensions.first?.fields.map(\.name) == ["sensitivity"])
        guard case .extend(let inner)? = file.messages.first?.elements.first else {
            Issue.record("no extend in Holder")
            return
        }
        #expect(inner.extendee == ".google.protobuf.MessageOptions" && inner.fields.first?.label == .repeated)
    }

    @Test("enums: negative values, value options, aliases, reserved numbers and names")
    func enums() throws {
        let file = try ProtoParser.parse(
            """
            enum Status {
              option allow_alias = true;
              UNKNOWN = 0;
              STARTED = 1;
              RUNNING = 1 [deprecated = true];
              FAILED = -2;
              reserved 5, 10 to 20;
              reserved "GONE";
            }
            """)
        let status = try #require(file.enums.first)
        #expect(status.values.map(\.number) == [0, 1, 1, -2])
        #expect(status.values[2].options.first?.nameText == "deprecated")
        #expect(status.options.first?.value == .identifier("true"))
        #expect(status.reservedRanges == [ProtoRange(start: 5, end: 5), ProtoRange(start: 10, end: 20)] && status.reservedNames == ["GONE"])
    }

    @Test("services: streaming in either direction, method options in a body")
    func services() throws {
        let file = try ProtoParser.parse(
            """
            service Search {
              option deprecated = false;
              rpc Find (Query) returns (Result);
              rpc Watch (Query) returns (stream Result) {}
              rpc Upload (stream .pkg.Chunk) returns (Ack) { option idempotency_level = IDEMPOTENT; };
              rpc Chat (stream Message) returns (stream Message);
            }
            """)
        let service = try #require(file.services.first)
        #expect(service.methods.map(\.name) == ["Find", "Watch", "Upload", "Chat"])
        #expect(service.methods.map(\.clientStreaming) == [false, false, true, true])
        #expect(service.methods.map(\.serverStreaming) == [false, true, false, true])
        #expect(service.methods[2].inputType == ".pkg.Chunk" && service.methods[2].options.first?.nameText == "idempotency_level")
    }

    @Test("option values: signed numbers, floats, inf and nan, concatenated strings with escapes, aggregates with lists and extensions")
    func optionValues() throws {
        let file = try ProtoParser.parse(
            #"""
            option (a) = -42;
            option (b) = 0x1F;
            option (c) = -1.5e3;
            option (d) = -inf;
            option (e) = "tab\there" 'and \x41\101\u00e9';
            option (f).g.(h.i) = { name: "x" inner { n: 1 } list: [1, 2] msgs: [{ a: 1 }, < b: 2 >] [ext.field]: true any { [type.googleapis.com/pkg.M] { x: 1 } } };
            """#)
        let values = file.options.map(\.value)
        #expect(values[0] == .integer(negative: true, literal: "42"))
        #expect(values[1] == .integer(negative: false, literal: "0x1F"))
        #expect(values[2] == .float(negative: true, literal: "1.5e3"))
        #expect(values[3] == .float(negative: true, literal: "inf"))
        #expect(values[4] == .string(Array("tab\there".utf8) + Array("and AAé".utf8)))
        #expect(file.options[5].nameText == "(f).g.(h.i)")
        guard case .aggregate(let fields) = values[5] else {
            Issue.record("not an aggregate")
            return
        }
        #expect(fields.map(\.name) == ["name", "inner", "list", "msgs", "ext.field", "any"])
        #expect(fields[2].value == .list([.integer(negative: false, literal: "1"), .integer(negative: false, literal: "2")]))
        #expect(fields[4].isExtension && fields[4].value == .identifier("true"))
        guard case .aggregate(let any) = fields[5].value else {
            Issue.record("no any")
            return
        }
        #expect(any.first?.name == "type.googleapis.com/pkg.M")
    }

    @Test("keywords are field and type names where the grammar allows")
    func keywordsAsNames() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            message message { int32 syntax = 1; message message = 2; enum enum = 3; string package = 4; repeated optional optional = 5; }
            message optional {}
            enum enum { option = 0; }
            """)
        let message = try #require(file.messages.first)
        #expect(message.allFields.map(\.name) == ["syntax", "message", "enum", "package", "optional"])
        #expect(message.allFields.map(\.type) == ["int32", "message", "enum", "string", "optional"])
        #expect(file.enums.first?.values.first?.name == "option")
    }

    @Test(
        "errors name the line and column of the offending token",
        arguments: [
            ("syntax = \"proto4\";", 1, 10, "Unrecognized syntax identifier \"proto4\""),
            ("syntax = \"proto3\";\nmessage M {\n  int32 a = ;\n}", 3, 13, "Expected field number"),
            ("message M {\n  int32 a = 1\n}", 3, 1, "Expected \";\", found \"}\""),
            ("message M { int32 a = 1;", 1, 25, "Reached end of input in message definition"),
            ("package a;\npackage b;", 2, 1, "Multiple package definitions"),
            ("message M { oneof o { optional int32 a = 1; } }", 1, 23, "Fields in oneofs must not have labels"),
            ("option x = \"unterminated;\n", 1, 12, "string literals cannot cross line boundaries"),
            ("message M { int32 a = 0x; }", 1, 23, "\"0x\" must be followed by hex digits"),
            ("message M { int32 a = 019; }", 1, 23, "numbers starting with leading zero must be in octal"),
            ("/* never closed", 1, 1, "unterminated /* comment"),
            ("message M { group lower = 1 {} }", 1, 19, "Group names must start with a capital letter"),
            ("message M { int32 a = 99999999999999999999; }", 1, 23, "Integer out of range"),
            ("syntax = \"proto3\";\nsyntax = \"proto3\";", 2, 1, "must come first"),
            ("service S { rpc A (B) (C); }", 1, 23, "Expected \"returns\""),
        ])
    func errors(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try ProtoParser.parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.location == ProtoSourceLocation(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("nesting is bounded: a deeply nested file is an error, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "message M { ", count: 5000) + String(repeating: "}", count: 5000)
        #expect(throws: ProtoError.self) { try ProtoParser.parse(text) }
        let aggregate = "option (x) = " + String(repeating: "{ a ", count: 5000) + String(repeating: "}", count: 5000) + ";"
        #expect(throws: ProtoError.self) { try ProtoParser.parse(aggregate) }
    }
}
