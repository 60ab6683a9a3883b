import Protobuf
import Testing

/// `normalize=true` as Confluent does it (`docs/reference/protobuf-canonical.md`, section 2).
@Suite("Protobuf: normalization")
struct ProtoNormalizerTests {
    static func normalized(_ text: String) throws -> String { ProtoNormalizer.normalizedText(try ProtoParser.parse(text)) }

    @Test("proto2 syntax line dropped, fields by tag, types qualified, options sorted")
    func basic() throws {
        let text = try Self.normalized(
            """
            syntax = "proto2";
            package p;
            message A { optional B b = 2; optional int32 a = 1 [json_name = "x", deprecated = true]; message B {} }
            """)
        #expect(
            text == """
                package p;

                message A {
                  optional int32 a = 1 [
                    deprecated = true,
                    json_name = "x"
                  ];
                  optional .p.A.B b = 2;

                  message B {}
                }

                """)
    }

    @Test("custom options: names resolved to full names, sub-field paths folded, statements of one extension merged, sorted without parentheses")
    func customOptions() throws {
        let text = try Self.normalized(
            """
            syntax = "proto3";
            package p;
            import "google/protobuf/descriptor.proto";
            message Rule { string name = 1; repeated string codes = 2; Rule inner = 3; }
            extend google.protobuf.FieldOptions { Rule rule = 50000; repeated string marks = 50001; }
            message M {
              string a = 1 [(rule).name = "x", (rule).codes = "c1", ctype = CORD, (rule) = { codes: ["c2"] inner { name: "i" } }, (rule).inner.codes = "k", (marks) = "m1", (marks) = "m2"];
            }
            """)
        // "ctype" sorts before "p.marks" and "p.rule" (Confluent compares names without the
        // parentheses); the repeated extension keeps its statements; the others merge.
        #expect(text.contains(
            """
              string a = 1 [
                ctype = CORD,
                (p.marks) = "m1",
                (p.marks) = "m2",
                (p.rule) = {
                  codes: [
                    "c1",
                    "c2"
                  ],
                  inner: {
                    codes: "k",
                    name: "i"
                  },
                  name: "x"
                }
              ];
            """), "\(text)")
    }

    @Test("imports sorted and de-duplicated; oneofs by lowest tag; enum constants by number then name; reserved one per statement")
    func ordering() throws {
        let text = try Self.normalized(
            """
            syntax = "proto3";
            import "b.proto";
            import "a.proto";
            import "b.proto";
            import public "z.proto";
            import public "y.proto";
            message M {
              oneof second { string s = 9; string t = 3; }
              oneof first { string u = 2; }
              oneof empty {}
              int32 x = 5;
              map<string, M> m = 1;
              reserved 20, 11 to 12;
              reserved "q", "p";
            }
            enum E { option allow_alias = true; ZERO = 0; B = 1; A = 1; ALSO_ZERO = 0; }
            """)
        #expect(
            text == """
                syntax = "proto3";

                import "a.proto";
                import "b.proto";
                import public "y.proto";
                import public "z.proto";

                message M {
                  reserved 11 to 12;
                  reserved 20;
                  reserved "p";
                  reserved "q";

                  map<string, .M> m = 1;
                  int32 x = 5;

                  oneof first {
                    string u = 2;
                  }
                  oneof second {
                    string t = 3;
                    string s = 9;
                  }
                }
                enum E {
                  option allow_alias = true;
                  ALSO_ZERO = 0;
                  ZERO = 0;
                  A = 1;
                  B = 1;
                }

                """)
    }

    @Test("numbers rewritten: decimal integers, at most three fraction digits, no trailing zeros", arguments: [
        ("0x10", "16"), ("010", "8"), ("1.0", "1"), ("1.23456", "1.235"), ("10f", "10"), ("-2.50", "-2.5"), ("inf", "inf"),
    ])
    func numbers(written: String, normalized: String) throws {
        let text = try Self.normalized("option (x) = \(written);")
        #expect(text == "\noption (x) = \(normalized);\n")
    }

    @Test("normalizing twice changes nothing (120 generated files)")
    func idempotent() throws {
        for seed in 1...120 {
            var generator = ProtoCorpusGenerator(seed: UInt64(seed))
            let text = generator.file(package: "gen\(seed)")
            guard !text.split(separator: "\n").contains(where: { $0.contains("bytes ") && $0.contains("default =") }) else { continue }
            let once = try Self.normalized(text)
            #expect(try Self.normalized(once) == once, "\(once)")
        }
    }
}
