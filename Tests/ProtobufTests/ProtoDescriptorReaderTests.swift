import Foundation
import Protobuf
import SwiftProtobuf
import Testing

/// Schemas given as a serialized `FileDescriptorProto` (what confluent-kafka's Python serializer
/// registers) read back into `.proto` text the way Confluent reads them.
@Suite("Protobuf: descriptors read back into .proto text")
struct ProtoDescriptorReaderTests {
    /// The canonical text of the descriptor protoc-like building gives for `text`, without the
    /// JSON names, as generated code embeds it (Python's `serialized_pb`).
    static func readBack(_ text: String, name: String = "test.proto") throws -> String {
        func message(_ m: Google_Protobuf_DescriptorProto) -> Google_Protobuf_DescriptorProto {
            var m = m
            m.field = m.field.map { f in
                var f = f
                f.clearJsonName()
                return f
            }
            m.nestedType = m.nestedType.map(message)
            return m
        }
        var descriptor = try ProtoDescriptorBuilder.descriptor(of: try ProtoParser.parse(text), name: name)
        descriptor.messageType = descriptor.messageType.map(message)
        descriptor.extension = descriptor.extension.map { f in
            var f = f
            f.clearJsonName()
            return f
        }
        let base64 = try descriptor.serializedData().base64EncodedString()
        let file = try #require(ProtoDescriptorReader.file(fromBase64: base64))
        return ProtoCanonicalText.render(file)
    }

    @Test("proto3: types fully qualified, map fields as their entry messages, optional only with presence")
    func proto3() throws {
        let text = try Self.readBack(
            """
            syntax = "proto3";
            package shop.v1;
            import "google/protobuf/timestamp.proto";
            option java_package = "com.shop";
            option go_package = "shop/v1";
            message Order {
              int64 id = 1;
              map<string, int32> qty = 2;
              optional string note = 3;
              repeated Line lines = 4;
              google.protobuf.Timestamp at = 5;
              oneof pay { string card = 6; string cash = 7; }
              message Line { string sku = 1; }
              Status status = 8;
            }
            enum Status { UNKNOWN = 0; PAID = 1; }
            """)
        #expect(
            text == """
                syntax = "proto3";
                package shop.v1;

                import "google/protobuf/timestamp.proto";

                option java_package = "com.shop";
                option go_package = "shop/v1";

                message Order {
                  int64 id = 1;
                  repeated .shop.v1.Order.QtyEntry qty = 2;
                  optional string note = 3;
                  repeated .shop.v1.Order.Line lines = 4;
                  .google.protobuf.Timestamp at = 5;
                  .shop.v1.Status status = 8;

                  oneof pay {
                    string card = 6;
                    string cash = 7;
                  }

                  message QtyEntry {
                    option map_entry = true;
                \("  ")
                    string key = 1;
                    int32 value = 2;
                  }
                  message Line {
                    string sku = 1;
                  }
                }
                enum Status {
                  UNKNOWN = 0;
                  PAID = 1;
                }

                """)
    }

    @Test("proto2: labels, defaults in protoc's spelling, ranges closed again, extensions grouped by extendee")
    func proto2() throws {
        let text = try Self.readBack(
            """
            syntax = "proto2";
            package p;
            message M {
              required int32 a = 1 [default = -7];
              optional bytes b = 2 [default = "\\001x"];
              optional double c = 3 [default = -inf, deprecated = true];
              optional E e = 4 [default = TWO];
              reserved 10, 20 to 30, 100 to max;
              reserved "old";
              extensions 1000 to max;
              enum E { ONE = 1; TWO = 2; reserved 5 to 6; }
            }
            extend M { optional string note = 1000; }
            service S { rpc Get (M) returns (stream M) { option idempotency_level = NO_SIDE_EFFECTS; } }
            """)
        #expect(text.contains("required int32 a = 1 [default = -7];"))
        // As Confluent prints it: protoc's escaped text, unquoted.
        #expect(text.contains(#"optional bytes b = 2 [default = \001x];"#))
        #expect(text.contains("optional double c = 3 [\n    deprecated = true,\n    default = -inf\n  ];"))
        #expect(text.contains("optional .p.M.E e = 4 [default = TWO];"))
        #expect(text.contains("reserved 10;\n  reserved 20 to 30;\n  reserved 100 to max;\n  reserved \"old\";"))
        #expect(text.contains("extensions 1000 to max;"))
        #expect(text.contains("reserved 5 to 6;"))
        #expect(text.contains("extend .p.M {\n  optional string note = 1000;\n}"))
        #expect(text.contains("rpc Get (.p.M) returns (stream .p.M) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }"))
    }

    @Test("custom options: only Confluent's metadata survives, written as Confluent writes it")
    func customOptions() throws {
        let text = try Self.readBack(
            """
            syntax = "proto3";
            package p;
            import "google/protobuf/descriptor.proto";
            import "confluent/meta.proto";
            extend google.protobuf.FieldOptions { string owner = 50000; }
            message M {
              option (confluent.message_meta) = { doc: "An order" };
              string card = 1 [(owner) = "payments", (confluent.field_meta) = { tags: ["PII", "PCI"], params: [{ key: "precision", value: "8" }, { key: "k", value: "v" }] }];
            }
            enum E { option (confluent.enum_meta) = { tags: ["X"] }; A = 0 [(confluent.enum_value_meta) = { rules: [{ name: "r", expr: "x > 1" }] }]; }
            """)
        #expect(!text.contains("owner = \"payments\""))
        #expect(text.contains("option (confluent.message_meta) = {\n    doc: \"An order\"\n  };"))
        #expect(text.contains(
            "string card = 1 [(confluent.field_meta) = {\n    params: [\n      {\n        value: \"8\",\n        key: \"precision\"\n      },\n      {\n        key: \"k\",\n        value: \"v\"\n      }\n    ],\n    tags: [\n      \"PII\",\n      \"PCI\"\n    ]\n  }];"
        ), "\(text)")
        #expect(text.contains("option (confluent.enum_meta) = {"))
        #expect(text.contains("A = 0 [(confluent.enum_value_meta) = {"))
        // The text reads back, and its descriptor carries the metadata again (Confluent's flavor).
        let again = try ProtoParser.parse(text)
        let serialized = try ProtoDescriptorBuilder.descriptor(of: again, name: "default", flavor: .confluentSerialized)
        #expect(!serialized.messageType[0].field[0].options.unknownFields.data.isEmpty)
    }

    @Test("not base64, or not a descriptor: nil")
    func notADescriptor() {
        #expect(ProtoDescriptorReader.file(fromBase64: "message M {}") == nil)
        #expect(ProtoDescriptorReader.file(fromBase64: "////") == nil)
    }

    @Test("base64 without padding is read, as Java's decoder reads it")
    func unpadded() throws {
        var descriptor = Google_Protobuf_FileDescriptorProto()
        descriptor.name = "a.proto"
        descriptor.package = "ab"
        let base64 = try descriptor.serializedData().base64EncodedString()
        #expect(base64.hasSuffix("="))
        let file = try #require(ProtoDescriptorReader.file(fromBase64: base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))))
        #expect(file.package == "ab")
    }

    @Test("ignore_extensions: extend blocks, extension ranges and custom options go, confluent's stay")
    func ignoringExtensions() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto2";
            import "google/protobuf/descriptor.proto";
            message M {
              option (my.opt) = 1;
              option (confluent.message_meta) = { doc: "kept" };
              optional int32 a = 1 [(my.field) = true, deprecated = true];
              extensions 100 to 200;
              extend M { optional int32 b = 100; }
            }
            extend google.protobuf.FieldOptions { optional bool field = 5000; }
            """)
        let text = ProtoCanonicalText.render(file.withoutExtensions())
        #expect(!text.contains("extend"))
        #expect(!text.contains("extensions"))
        #expect(!text.contains("my."))
        #expect(text.contains("confluent.message_meta"))
        #expect(text.contains("optional int32 a = 1 [deprecated = true];"))
    }
}

/// protoc's descriptors read back and built again give protoc's descriptors, up to what
/// Confluent's reading changes on purpose (fields regrouped, oneof members after the others;
/// groups become message fields).
@Suite("Protobuf: protoc's descriptors survive reading back", .enabled(if: ProtoCorpus.protoc != nil))
struct ProtoDescriptorRoundTripTests {
    /// `descriptor` with the differences Confluent's reading makes on purpose taken out.
    static func comparable(_ descriptor: Google_Protobuf_FileDescriptorProto) -> Google_Protobuf_FileDescriptorProto {
        func field(_ f: Google_Protobuf_FieldDescriptorProto) -> Google_Protobuf_FieldDescriptorProto {
            var f = f
            if f.type == .group { f.type = .message }
            return f
        }
        func message(_ m: Google_Protobuf_DescriptorProto) -> Google_Protobuf_DescriptorProto {
            var m = m
            m.field = m.field.map(field).sorted { $0.number < $1.number }
            m.extension = m.extension.map(field).sorted { $0.number < $1.number }
            m.nestedType = m.nestedType.map(message)
            return m
        }
        var d = descriptor
        d.messageType = d.messageType.map(message)
        d.extension = d.extension.map(field).sorted { $0.number < $1.number }
        // An rpc's empty body (`{}`) is an empty options message to protoc; Confluent keeps
        // only options that are set.
        d.service = d.service.map { s in
            var s = s
            s.method = s.method.map { m in
                var m = m
                if m.options == Google_Protobuf_MethodOptions() { m.clearOptions() }
                return m
            }
            return s
        }
        // Confluent lists plain imports before public and weak ones.
        let publicIndexes = Set(d.publicDependency), weakIndexes = Set(d.weakDependency)
        let indexes = d.dependency.indices
        let order = indexes.filter { !publicIndexes.contains(Int32($0)) && !weakIndexes.contains(Int32($0)) }
            + indexes.filter { publicIndexes.contains(Int32($0)) } + indexes.filter { weakIndexes.contains(Int32($0)) }
        d.publicDependency = order.indices.filter { publicIndexes.contains(Int32(order[$0])) }.map(Int32.init)
        // The canonical text drops weak imports, as Wire does.
        d.dependency = order.filter { !weakIndexes.contains(Int32($0)) }.map { descriptor.dependency[$0] }
        d.weakDependency = []
        return d
    }

    /// `descriptor` without `bytes` defaults, which Confluent prints so that they do not read
    /// back (see `bytesDefaultRefused`).
    static func withoutBytesDefaults(_ descriptor: Google_Protobuf_FileDescriptorProto) -> Google_Protobuf_FileDescriptorProto {
        func message(_ m: Google_Protobuf_DescriptorProto) -> Google_Protobuf_DescriptorProto {
            var m = m
            m.field = m.field.map { f in
                var f = f
                if f.type == .bytes { f.clearDefaultValue() }
                return f
            }
            m.nestedType = m.nestedType.map(message)
            return m
        }
        var d = descriptor
        d.messageType = d.messageType.map(message)
        return d
    }

    /// The first lines where the two descriptors' text differs, with some context.
    static func difference(_ ours: Google_Protobuf_FileDescriptorProto, _ theirs: Google_Protobuf_FileDescriptorProto) -> String {
        let a = comparable(ours).textFormatString().split(separator: "\n"), b = comparable(theirs).textFormatString().split(separator: "\n")
        let first = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        let from = max(0, first - 8)
        return "ours from line \(from):\n" + a[from..<min(a.count, first + 6)].joined(separator: "\n")
            + "\nprotoc's:\n" + b[from..<min(b.count, first + 6)].joined(separator: "\n")
    }

    static func roundTrip(_ descriptor: Google_Protobuf_FileDescriptorProto, dependencies: [ProtoFile]) throws -> Google_Protobuf_FileDescriptorProto {
        let file = try #require(ProtoDescriptorReader.file(fromBase64: try descriptor.serializedData().base64EncodedString()))
        let text = ProtoCanonicalText.render(file)
        do {
            return try ProtoDescriptorBuilder.descriptor(of: try ProtoParser.parse(text), name: descriptor.name, dependencies: dependencies)
        } catch {
            throw ProtoDifferentialError("\(error) in the text read back:\n\(text)")
        }
    }

    /// Every corpus file but those made of custom options, which Confluent's reading drops
    /// (all but its own `confluent.*_meta`; see `customOptions`).
    @Test("corpus files", arguments: ProtoCorpus.files.filter { !$0.hasPrefix("custom_options") })
    func corpus(_ name: String) throws {
        let (_, dependencies) = try ProtoDescriptorDifferentialTests.parseWithImports(name)
        let theirs = Self.withoutBytesDefaults(try ProtoDescriptorDifferentialTests.protocDescriptor(name))
        let ours = try Self.roundTrip(theirs, dependencies: dependencies)
        #expect(Self.comparable(ours) == Self.comparable(theirs), "\(Self.difference(ours, theirs))")
    }

    @Test("generated files", arguments: 1...120)
    func generated(seed: Int) throws {
        let (text, _, protoc) = try ProtoDescriptorDifferentialTests.generated(seed: seed)
        let theirs = Self.withoutBytesDefaults(protoc)
        let ours = try Self.roundTrip(theirs, dependencies: [])
        #expect(Self.comparable(ours) == Self.comparable(theirs), "\(text)\n\(Self.difference(ours, theirs))")
    }
}
