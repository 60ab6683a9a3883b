import Protobuf
import SwiftProtobuf
import Testing

@Suite("Protobuf: building descriptors")
struct ProtoDescriptorBuilderTests {
    static func descriptor(_ text: String, dependencies: [String] = []) throws -> Google_Protobuf_FileDescriptorProto {
        try ProtoDescriptorBuilder.descriptor(of: try ProtoParser.parse(text), name: "test.proto", dependencies: try dependencies.map(ProtoParser.parse))
    }

    @Test("names resolve innermost scope first, then outwards, as protoc's do")
    func scoping() throws {
        let file = try Self.descriptor(
            """
            syntax = "proto3";
            package a.b;
            message Kind {}
            message Outer {
              message Kind {}
              Kind inner = 1;
              .a.b.Kind top = 2;
              b.Kind via_package = 3;
            }
            """)
        #expect(file.messageType[1].field.map(\.typeName) == [".a.b.Outer.Kind", ".a.b.Kind", ".a.b.Kind"])
    }

    @Test("a dotted name whose first part is found does not look further out (protoc's rule)")
    func noBacktracking() throws {
        #expect(throws: ProtoError.self) {
            try Self.descriptor(
                """
                syntax = "proto3";
                package p;
                message Target { message Leaf {} }
                message Outer {
                  message Target {}
                  Target.Leaf leaf = 1;
                }
                """)
        }
    }

    @Test("types from imported files resolve through their packages")
    func imports() throws {
        let file = try Self.descriptor(
            "syntax = \"proto3\"; package app; import \"money.proto\"; message Order { shared.Money total = 1; }",
            dependencies: ["syntax = \"proto3\"; package shared; message Money { int64 units = 1; }"])
        #expect(file.messageType[0].field[0].typeName == ".shared.Money" && file.messageType[0].field[0].type == .message)
        #expect(file.dependency == ["money.proto"])
    }

    @Test("an unknown type is an error naming it and where it is used")
    func unknownType() {
        do {
            _ = try Self.descriptor("syntax = \"proto3\";\nmessage M {\n  Missing m = 1;\n}")
            Issue.record("built a descriptor with an unknown type")
        } catch let error as ProtoError {
            #expect(error.message == "\"Missing\" is not defined." && error.location == ProtoSourceLocation(line: 3, column: 3))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("an unknown standard option is an error; custom options are refused for now")
    func options() {
        #expect(throws: ProtoError.self) { try Self.descriptor("option no_such_option = true;") }
        #expect(throws: ProtoError.self) { try Self.descriptor("option (my.custom) = 1;") }
    }

    @Test("standard options of the wrong kind: protoc's descriptor refuses them, Confluent's reads their text")
    func optionValuesReadAsConfluent() throws {
        let file = try ProtoParser.parse("""
            syntax = "proto3";
            option java_package = 5;
            option java_multiple_files = "True";
            option optimize_for = "CODE_SIZE";
            message M {
              option deprecated = "yes";
              string a = 1 [deprecated = TRUE, ctype = "CORD"];
              bool b = 2 [deprecated = true];
            }
            """)
        #expect(throws: ProtoError.self) { try ProtoDescriptorBuilder.descriptor(of: file, name: "test.proto") }
        let confluent = try ProtoDescriptorBuilder.descriptor(of: file, name: "default", flavor: .confluentSerialized)
        #expect(confluent.options.javaPackage == "5")
        #expect(confluent.options.javaMultipleFiles == true)
        #expect(confluent.options.optimizeFor == .codeSize)
        let message = try #require(confluent.messageType.first)
        #expect(message.options.hasDeprecated && message.options.deprecated == false)
        #expect(message.field.map(\.options.deprecated) == [true, true])
        #expect(message.field[0].options.ctype == .cord)
    }

    @Test("proto3 optional fields get synthetic oneofs after the real ones; map entries do not")
    func proto3Optional() throws {
        let file = try Self.descriptor(
            "syntax = \"proto3\"; message M { optional int32 a = 1; oneof _a { string b = 2; } map<string, int32> m = 3; optional string xa_ = 4; }")
        let message = file.messageType[0]
        // As protoc names them (checked with protoc 3.21): `_` + the field's name, `X`s in front while it clashes.
        #expect(message.oneofDecl.map(\.name) == ["_a", "X_a", "_xa_"])
        #expect(message.field.map(\.oneofIndex) == [1, 0, 0, 2])
        #expect(message.field.map(\.proto3Optional) == [true, false, false, true])
        #expect(message.nestedType[0].field.allSatisfy { !$0.hasOneofIndex && !$0.proto3Optional })
    }

    @Test("defaults in protoc's spelling", arguments: [
        ("int32", "0x1F", "31"), ("int64", "-017", "-15"), ("double", "1e10", "10000000000"), ("float", "1e10", "1e+10"),
        ("double", "0.1", "0.1"), ("float", "0.1", "0.1"), ("double", "-inf", "-inf"), ("bytes", "\"a\\001\\n\"", "a\\001\\n"),
        ("string", "\"tab\\t\"", "tab\t"), ("bool", "false", "false"),
    ])
    func defaults(type: String, written: String, stored: String) throws {
        let file = try Self.descriptor("syntax = \"proto2\"; message M { optional \(type) f = 1 [default = \(written)]; }")
        #expect(file.messageType[0].field[0].defaultValue == stored)
    }

    @Test(
        "a default of the wrong kind for its field is refused as protoc refuses it (found by scripts/fuzz)",
        arguments: [
            ("optional int32 a = 1 [default = \"k/g\"];", "Expected integer for field default value."),
            ("optional uint32 a = 1 [default = -1];", "Unsigned field can't have negative default value."),
            ("optional double a = 1 [default = \"x\"];", "Expected number."),
            ("optional bool a = 1 [default = 1];", "Expected \"true\" or \"false\"."),
            ("optional string a = 1 [default = 7];", "Expected string for field default value."),
            ("optional E a = 1 [default = \"B\"];", "Expected enum identifier for field default value."),
            ("optional M a = 1 [default = 1];", "Messages can't have default values."),
        ])
    func defaultOfTheWrongKind(field: String, message: String) throws {
        let file = try ProtoParser.parse("syntax = \"proto2\"; enum E { B = 0; } message M { \(field) }")
        #expect(throws: ProtoError.self) { try ProtoDescriptorBuilder.validate(file) }
        do {
            try ProtoDescriptorBuilder.validate(file)
        } catch {
            #expect(error.description.contains(message))
        }
    }

    @Test("defaults that fit their fields pass")
    func defaultsThatFit() throws {
        let file = try ProtoParser.parse("""
            syntax = "proto2"; enum E { B = 0; }
            message M {
              optional int32 a = 1 [default = -3]; optional double b = 2 [default = inf]; optional float c = 3 [default = 1.5];
              optional bool d = 4 [default = true]; optional string e = 5 [default = "x"]; optional bytes f = 6 [default = "\\001"];
              optional E g = 7 [default = B]; optional uint64 h = 8 [default = 0x10];
            }
            """)
        try ProtoDescriptorBuilder.validate(file)
    }
}
