import Protobuf
import Testing

/// The canonical text, laid out as Confluent's renderer lays it out (the rules are in
/// `docs/reference/protobuf-canonical.md`).
@Suite("Protobuf: canonical text")
struct ProtoCanonicalTextTests {
    static func render(_ text: String) throws -> String { ProtoCanonicalText.render(try ProtoParser.parse(text)) }

    @Test("sections regrouped: imports plain then public, options, messages then enums, services; comments dropped")
    func layout() throws {
        let text = try Self.render(
            """
            // dropped comment
            syntax = "proto3";
            import "b.proto";
            package shop.v1;
            import public "a.proto";
            import weak "c.proto";
            option java_package = "x.y";
            enum Color { RED = 0; }
            message Order {
              message Line { string sku = 1; }
              oneof pay { string card = 3; string cash = 4; }
              int64 id = 1;
              map<string,int32> qty = 2 [json_name = "q", deprecated = true];
              reserved 10 to max;
              option deprecated = true;
            }
            service S { rpc Get (Order) returns (stream Order) { option deprecated = true; } }
            """)
        #expect(
            text == """
                syntax = "proto3";
                package shop.v1;

                import "b.proto";
                import public "a.proto";

                option java_package = "x.y";

                message Order {
                  reserved 10 to max;

                  option deprecated = true;

                  int64 id = 1;
                  map<string, int32> qty = 2 [
                    deprecated = true,
                    json_name = "q"
                  ];

                  oneof pay {
                    string card = 3;
                    string cash = 4;
                  }

                  message Line {
                    string sku = 1;
                  }
                }
                enum Color {
                  RED = 0;
                }

                service S {
                  rpc Get (Order) returns (stream Order) {
                    option deprecated = true;
                  };
                }

                """)
    }

    @Test("a blank line inside a nested block keeps its indentation; empty blocks are {}")
    func nestedBlankLines() throws {
        let text = try Self.render("message A { message B { option deprecated = true; optional int32 x = 1; } message C {} enum E {} }")
        #expect(
            text == """

                message A {
                  message B {
                    option deprecated = true;
                \("  ")
                    optional int32 x = 1;
                  }
                  message C {}
                  enum E {}
                }

                """)
    }

    @Test("proto2: labels, groups after the other fields, defaults last and printed by type, extensions and extends")
    func proto2() throws {
        let text = try Self.render(
            """
            syntax = "proto2";
            message M {
              repeated group Item = 1 { required string name = 2; }
              optional string s = 3 [default = "a\\"b", deprecated = true];
              optional bytes raw = 4 [default = "xyz"];
              optional int32 n = 5 [default = 0x10];
              extensions 100 to 199, 500 to max;
              reserved 7, 8 to 9;
              reserved "old";
            }
            extend M { optional int32 ext = 100; }
            """)
        #expect(
            text == """
                syntax = "proto2";

                message M {
                  reserved 7, 8 to 9;
                  reserved "old";

                  optional string s = 3 [
                    deprecated = true,
                    default = "a\\"b"
                  ];
                  optional bytes raw = 4 [default = xyz];
                  optional int32 n = 5 [default = 0x10];

                  repeated group Item = 1 {
                    required string name = 2;
                  }

                  extensions 100 to 199, 500 to max;
                }

                extend M {
                  optional int32 ext = 100;
                }

                """)
    }

    @Test("option values: strings re-escaped and double-quoted, numbers as written, aggregates one entry per line")
    func optionValues() throws {
        let text = try Self.render(
            """
            option (a) = 'it\\'s\\ttabbed';
            option (b) = -1.50;
            option (c).d = { name: "x" tags: ["t"] inner { n: 0x1 } };
            """)
        #expect(
            text == """

                option (a) = "it\\'s\\ttabbed";
                option (b) = -1.50;
                option (c).d = {
                  name: "x",
                  tags: [
                    "t"
                  ],
                  inner: {
                    n: 0x1
                  }
                };

                """)
    }

    @Test("the canonical text parses back to the same canonical text and the same fields (120 generated files)")
    func stable() throws {
        var texts: [String] = []
        for seed in 1...120 {
            var generator = ProtoCorpusGenerator(seed: UInt64(seed))
            texts.append(generator.file(package: "gen\(seed)"))
        }
        for text in texts {
            let file = try ProtoParser.parse(text)
            // Confluent prints a bytes field's default unquoted (its quirk), which does not read back.
            let bytesDefault = text.split(separator: "\n").contains { $0.contains("bytes ") && $0.contains("default =") }
            if bytesDefault { continue }
            let canonical = ProtoCanonicalText.render(file)
            let again = try ProtoParser.parse(canonical)
            #expect(ProtoCanonicalText.render(again) == canonical, "\(canonical)")
            // Fields are regrouped (plain ones before oneofs, groups after), so compare them by number.
            let before = try ProtoDescriptorBuilder.descriptor(of: file, name: "x.proto").messageType
            let after = try ProtoDescriptorBuilder.descriptor(of: again, name: "x.proto").messageType
            #expect(before.map(\.name) == after.map(\.name))
            #expect(
                zip(before, after).allSatisfy { $0.field.sorted { $0.number < $1.number } == $1.field.sorted { $0.number < $1.number } },
                "\(canonical)")
        }
    }

    @Test("an edition file keeps its edition statement, so its canonical text parses again (found by scripts/fuzz)")
    func edition() throws {
        let text = try Self.render(
            """
            edition = "2023";
            package next;
            message M { string a = 1 [features.field_presence = EXPLICIT]; }
            """)
        #expect(text.hasPrefix("edition = \"2023\";\npackage next;\n"))
        #expect(ProtoCanonicalText.render(try ProtoParser.parse(text)) == text)
    }

    @Test("an import path holding a quote or a backslash is escaped, so the text parses again (found by scripts/fuzz)")
    func escapedImportPath() throws {
        let text = try Self.render(#"syntax = "proto3"; import "odd\"name\\x.proto";"#)
        #expect(text.contains(#"import "odd\"name\\x.proto";"#))
        let again = try ProtoParser.parse(text)
        #expect(again.imports.map(\.path) == [#"odd"name\x.proto"#])
    }

    @Test("an edition string holding a backslash or a quote is escaped, so the text parses again (found by scripts/fuzz)")
    func escapedEdition() throws {
        let text = try Self.render(#"edition = "20\\23\""; package p;"#)
        #expect(text.hasPrefix(#"edition = "20\\23\"";"#))
        #expect(ProtoCanonicalText.render(try ProtoParser.parse(text)) == text)
    }

    @Test("a reserved name holding a newline or a quote is escaped, so the text parses again (found by scripts/fuzz)")
    func escapedReservedName() throws {
        let text = try Self.render(#"syntax = "proto3"; message M { reserved "a.\xaold", "q\"x"; enum E { reserved "e\n"; Z = 0; } }"#)
        #expect(text.contains(#"reserved "a.\nold", "q\"x";"#))
        #expect(text.contains(#"reserved "e\n";"#))
        let again = try ProtoParser.parse(text)
        #expect(again.messages.first?.reservedNames == ["a.\nold", "q\"x"])
        #expect(ProtoCanonicalText.render(again) == text)
    }

    @Test("a group inside a group keeps its body, and so does an extend inside a group (found by scripts/fuzz)")
    func nestedGroups() throws {
        let text = try Self.render("""
            syntax = "proto2";
            message Thing {
              optional group Extra = 2 { optional string id = 1; optional group Inner = 3 { optional string note = 4; } }
            }
            """)
        #expect(text.contains("  optional group Extra = 2 {\n    optional string id = 1;\n  \n    optional group Inner = 3 {\n      optional string note = 4;\n    }\n  }\n"))
        #expect(ProtoCanonicalText.render(try ProtoParser.parse(text)) == text)
    }
}
