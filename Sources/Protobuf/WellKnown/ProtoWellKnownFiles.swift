/// The well-known files every Protobuf user may import without supplying them
/// (`google/protobuf/timestamp.proto` and the rest, `confluent/meta.proto`, `google/type/*`),
/// as protoc and Confluent have them built in.
///
/// Written here from the types' published definitions (package, message and field names,
/// numbers, types, file options); a test checks that each gives the same descriptor as the copy
/// protoc ships with (`/usr/include/google/protobuf`, Debian's `libprotobuf-dev`).
public enum ProtoWellKnownFiles {
    /// The text of each built-in `google/protobuf/` file by import path (the files protoc
    /// ships); the other files Confluent bundles are in ``bundledTexts``.
    public static let texts: [String: String] = protobufTexts.merging(["google/protobuf/descriptor.proto": descriptorProto]) { a, _ in a }

    private static let protobufTexts: [String: String] = [
        "google/protobuf/any.proto": header("anypb", "AnyProto", arenas: false) + """
            message Any {
              string type_url = 1;
              bytes value = 2;
            }
            """,
        "google/protobuf/duration.proto": header("durationpb", "DurationProto") + """
            message Duration {
              int64 seconds = 1;
              int32 nanos = 2;
            }
            """,
        "google/protobuf/empty.proto": header("emptypb", "EmptyProto") + """
            message Empty {}
            """,
        "google/protobuf/field_mask.proto": header("fieldmaskpb", "FieldMaskProto") + """
            message FieldMask {
              repeated string paths = 1;
            }
            """,
        "google/protobuf/source_context.proto": header("sourcecontextpb", "SourceContextProto", arenas: false) + """
            message SourceContext {
              string file_name = 1;
            }
            """,
        "google/protobuf/struct.proto": header("structpb", "StructProto") + """
            message Struct {
              map<string, Value> fields = 1;
            }
            message Value {
              oneof kind {
                NullValue null_value = 1;
                double number_value = 2;
                string string_value = 3;
                bool bool_value = 4;
                Struct struct_value = 5;
                ListValue list_value = 6;
              }
            }
            enum NullValue {
              NULL_VALUE = 0;
            }
            message ListValue {
              repeated Value values = 1;
            }
            """,
        "google/protobuf/timestamp.proto": header("timestamppb", "TimestampProto") + """
            message Timestamp {
              int64 seconds = 1;
              int32 nanos = 2;
            }
            """,
        "google/protobuf/wrappers.proto": header("wrapperspb", "WrappersProto") + """
            message DoubleValue { double value = 1; }
            message FloatValue { float value = 1; }
            message Int64Value { int64 value = 1; }
            message UInt64Value { uint64 value = 1; }
            message Int32Value { int32 value = 1; }
            message UInt32Value { uint32 value = 1; }
            message BoolValue { bool value = 1; }
            message StringValue { string value = 1; }
            message BytesValue { bytes value = 1; }
            """,
        "google/protobuf/type.proto": header(
            "typepb", "TypeProto", imports: ["google/protobuf/any.proto", "google/protobuf/source_context.proto"]) + """
            message Type {
              string name = 1;
              repeated Field fields = 2;
              repeated string oneofs = 3;
              repeated Option options = 4;
              SourceContext source_context = 5;
              Syntax syntax = 6;
            }
            message Field {
              enum Kind {
                TYPE_UNKNOWN = 0;
                TYPE_DOUBLE = 1;
                TYPE_FLOAT = 2;
                TYPE_INT64 = 3;
                TYPE_UINT64 = 4;
                TYPE_INT32 = 5;
                TYPE_FIXED64 = 6;
                TYPE_FIXED32 = 7;
                TYPE_BOOL = 8;
                TYPE_STRING = 9;
                TYPE_GROUP = 10;
                TYPE_MESSAGE = 11;
                TYPE_BYTES = 12;
                TYPE_UINT32 = 13;
                TYPE_ENUM = 14;
                TYPE_SFIXED32 = 15;
                TYPE_SFIXED64 = 16;
                TYPE_SINT32 = 17;
                TYPE_SINT64 = 18;
              }
              enum Cardinality {
                CARDINALITY_UNKNOWN = 0;
                CARDINALITY_OPTIONAL = 1;
                CARDINALITY_REQUIRED = 2;
                CARDINALITY_REPEATED = 3;
              }
              Kind kind = 1;
              Cardinality cardinality = 2;
              int32 number = 3;
              string name = 4;
              string type_url = 6;
              int32 oneof_index = 7;
              bool packed = 8;
              repeated Option options = 9;
              string json_name = 10;
              string default_value = 11;
            }
            message Enum {
              string name = 1;
              repeated EnumValue enumvalue = 2;
              repeated Option options = 3;
              SourceContext source_context = 4;
              Syntax syntax = 5;
            }
            message EnumValue {
              string name = 1;
              int32 number = 2;
              repeated Option options = 3;
            }
            message Option {
              string name = 1;
              Any value = 2;
            }
            enum Syntax {
              SYNTAX_PROTO2 = 0;
              SYNTAX_PROTO3 = 1;
            }
            """,
        "google/protobuf/api.proto": header(
            "apipb", "ApiProto", arenas: false, imports: ["google/protobuf/source_context.proto", "google/protobuf/type.proto"]) + """
            message Api {
              string name = 1;
              repeated Method methods = 2;
              repeated Option options = 3;
              string version = 4;
              SourceContext source_context = 5;
              repeated Mixin mixins = 6;
              Syntax syntax = 7;
            }
            message Method {
              string name = 1;
              string request_type_url = 2;
              bool request_streaming = 3;
              string response_type_url = 4;
              bool response_streaming = 5;
              repeated Option options = 6;
              Syntax syntax = 7;
            }
            message Mixin {
              string name = 1;
              string root = 2;
            }
            """,
    ]

    /// The opening lines the well-known files share: proto3, package `google.protobuf`, the
    /// language options each carries.
    private static func header(_ goPackage: String, _ outerClass: String, arenas: Bool = true, imports: [String] = []) -> String {
        var text = "syntax = \"proto3\";\n\npackage google.protobuf;\n\n"
        for path in imports { text += "import \"\(path)\";\n" }
        if !imports.isEmpty { text += "\n" }
        text += "option csharp_namespace = \"Google.Protobuf.WellKnownTypes\";\n"
        if arenas { text += "option cc_enable_arenas = true;\n" }
        text += "option go_package = \"google.golang.org/protobuf/types/known/\(goPackage)\";\n"
        text += "option java_package = \"com.google.protobuf\";\n"
        text += "option java_outer_classname = \"\(outerClass)\";\n"
        text += "option java_multiple_files = true;\n"
        text += "option objc_class_prefix = \"GPB\";\n\n"
        return text
    }

    /// The parsed built-in file at `path`, nil when there is none.
    public static func file(_ path: String) -> ProtoFile? {
        parsed[path]
    }

    private static let parsed: [String: ProtoFile] = texts.merging(bundledTexts) { a, _ in a }.compactMapValues { try? ProtoParser.parse($0) }

    /// The files whose names `file` can use: `dependencies` (the files its imports name,
    /// theirs included) and every built-in file that `file` or a dependency imports, directly
    /// or through other built-in files.
    static func visibleFiles(for file: ProtoFile, dependencies: [ProtoFile]) -> [ProtoFile] {
        var seen: Set<String> = []
        var queue = ([file] + dependencies).flatMap { $0.imports.map(\.path) }
        var builtIns: [ProtoFile] = []
        while let path = queue.popLast() {
            guard seen.insert(path).inserted, let builtIn = parsed[path] else { continue }
            builtIns.append(builtIn)
            queue += builtIn.imports.map(\.path)
        }
        return dependencies + builtIns
    }
}
