import Foundation
import SwiftProtobuf

/// Turns a `FileDescriptorProto` back into a `.proto` model, the way Confluent does when a
/// schema arrives as a base64 serialized descriptor (what confluent-kafka's Python serializer
/// registers).
///
/// The model follows Confluent's conversion rather than protoc's source, because the registry
/// stores and compares the text Confluent would: type names stay fully qualified with their
/// leading dot, map fields stay `repeated` fields of their nested `...Entry` message (which
/// keeps `option map_entry = true`), a group becomes a field of its nested message type,
/// proto3 labels appear only for `optional` fields with presence and `repeated` ones, defaults
/// only outside proto3, and only the standard options Confluent lists are kept, in its order.
/// Custom options (extensions of the options messages) and edition features are dropped,
/// except Confluent's own `confluent.*_meta` (documentation, parameters, tags, rules), as in
/// Confluent.
public enum ProtoDescriptorReader {
    /// The file a base64 serialized `FileDescriptorProto` describes, or `nil` when `text` is
    /// not base64 or its bytes are not a descriptor. Padding may be left out, as Java's decoder
    /// allows.
    public static func file(fromBase64 text: String) -> ProtoFile? {
        var padded = text
        if padded.utf8.count % 4 != 0 { padded += String(repeating: "=", count: 4 - padded.utf8.count % 4) }
        guard let bytes = Data(base64Encoded: padded),
              let descriptor = try? Google_Protobuf_FileDescriptorProto(serializedBytes: bytes)
        else { return nil }
        return file(from: descriptor)
    }

    /// The file a schema's text describes: `.proto` text, or else (as Confluent tries next) a
    /// base64 serialized `FileDescriptorProto`, read as Confluent reads it and then parsed back
    /// from its canonical text, so that a schema is the same model whichever form it came in
    /// (and whether it was registered or loaded from storage). Errors are the text's.
    public static func file(fromTextOrBase64 text: String) throws(ProtoError) -> ProtoFile {
        do {
            return try ProtoParser.parse(text)
        } catch {
            guard let decoded = file(fromBase64: text) else { throw error }
            return try ProtoParser.parse(ProtoCanonicalText.render(decoded))
        }
    }

    /// The `.proto` model of `descriptor`.
    public static func file(from descriptor: Google_Protobuf_FileDescriptorProto) -> ProtoFile {
        var reader = Reader(syntax: descriptor.syntax)
        return reader.file(descriptor)
    }

    /// Confluent's metadata option (`(confluent.field_meta)` and the like: extension 1088 of
    /// every options message, a `confluent.Meta`) found among an options message's unknown
    /// fields, as Confluent writes it back: `doc`, then `params` as a list of `{ key value }`
    /// (value first for `precision` and `scale`, as Confluent keeps them), `tags`, `rules`;
    /// empty parts left out, and no option at all when everything is empty.
    static func confluentMeta(_ name: String, in unknown: Data) -> [ProtoOption] {
        var meta: [UInt8] = []
        for (number, wireType, value) in ProtoWireRecords(Array(unknown)) where number == 1088 && wireType == 2 { meta += value }
        guard !meta.isEmpty else { return [] }
        var doc = "", params: [(String, String)] = [], tags: [String] = [], rules: [[(String, String)]] = []
        for (number, wireType, value) in ProtoWireRecords(meta) where wireType == 2 {
            switch number {
            case 1: doc = String(decoding: value, as: UTF8.self)
            case 2:
                var key = "", entryValue = ""
                for (n, w, v) in ProtoWireRecords(Array(value)) where w == 2 {
                    if n == 1 { key = String(decoding: v, as: UTF8.self) } else if n == 2 { entryValue = String(decoding: v, as: UTF8.self) }
                }
                if let index = params.firstIndex(where: { $0.0 == key }) { params[index].1 = entryValue } else { params.append((key, entryValue)) }
            case 3: tags.append(String(decoding: value, as: UTF8.self))
            case 4:
                var rule: [(String, String)] = []
                for (n, w, v) in ProtoWireRecords(Array(value)) where w == 2 && (1...4).contains(n) && !v.isEmpty {
                    rule.append((["name", "doc", "expr", "sql"][n - 1], String(decoding: v, as: UTF8.self)))
                }
                if !rule.isEmpty { rules.append(rule) }
            default: break
            }
        }
        func string(_ text: String) -> ProtoConstant { .string(Array(text.utf8)) }
        var fields: [ProtoAggregateField] = []
        if !doc.isEmpty { fields.append(ProtoAggregateField(name: "doc", value: string(doc))) }
        if !params.isEmpty {
            fields.append(ProtoAggregateField(name: "params", value: .list(params.map { key, value in
                let pair = [ProtoAggregateField(name: "key", value: string(key)), ProtoAggregateField(name: "value", value: string(value))]
                return .aggregate(key == "precision" || key == "scale" ? pair.reversed() : pair)
            })))
        }
        if !tags.isEmpty { fields.append(ProtoAggregateField(name: "tags", value: .list(tags.map(string)))) }
        if !rules.isEmpty {
            fields.append(ProtoAggregateField(name: "rules", value: .list(rules.map { rule in
                .aggregate(rule.map { ProtoAggregateField(name: $0.0, value: string($0.1)) })
            })))
        }
        guard !fields.isEmpty else { return [] }
        return [ProtoOption(name: [ProtoOptionNamePart("confluent." + name, isExtension: true)], value: .aggregate(fields), location: nowhere)]
    }

    /// Where every element of a converted file is said to be: it has no source.
    static let nowhere = ProtoSourceLocation(line: 0, column: 0)

    private struct Reader {
        let isProto3: Bool
        let syntax: String

        init(syntax: String) {
            self.syntax = syntax
            isProto3 = syntax == "proto3"
        }

        mutating func file(_ d: Google_Protobuf_FileDescriptorProto) -> ProtoFile {
            var file = ProtoFile()
            switch syntax {
            case "proto2": file.declaresSyntax = true
            case "proto3": file.syntax = .proto3; file.declaresSyntax = true
            default: break  // Confluent leaves the syntax out for anything else (editions included)
            }
            if !d.package.isEmpty { file.package = d.package }
            let publicIndexes = Set(d.publicDependency.map(Int.init)), weakIndexes = Set(d.weakDependency.map(Int.init))
            // Confluent lists plain imports, then public, then weak ones.
            var plain: [ProtoImport] = [], publicImports: [ProtoImport] = [], weak: [ProtoImport] = []
            for (index, path) in d.dependency.enumerated() {
                if publicIndexes.contains(index) {
                    publicImports.append(ProtoImport(path: path, kind: .public, location: nowhere))
                } else if weakIndexes.contains(index) {
                    weak.append(ProtoImport(path: path, kind: .weak, location: nowhere))
                } else {
                    plain.append(ProtoImport(path: path, location: nowhere))
                }
            }
            file.imports = plain + publicImports + weak
            if d.hasOptions { file.options = fileOptions(d.options) }
            var declarations: [ProtoDeclaration] = d.messageType.map { .message(message($0)) }
            declarations += d.enumType.map { .enum(enumeration($0)) }
            declarations += d.service.map { .service(service($0)) }
            declarations += extends(d.extension).map { .extend($0) }
            file.declarations = declarations
            return file
        }

        // MARK: Messages

        func message(_ d: Google_Protobuf_DescriptorProto) -> ProtoMessage {
            var message = ProtoMessage(name: d.name, location: nowhere)
            var oneofs = d.oneofDecl.map { ProtoOneof(name: $0.name, location: nowhere) }
            var elements: [ProtoMessageElement] = []
            for f in d.field {
                if f.hasOneofIndex, !f.proto3Optional, oneofs.indices.contains(Int(f.oneofIndex)) {
                    oneofs[Int(f.oneofIndex)].fields.append(field(f, inOneof: true))
                } else {
                    elements.append(.field(field(f, inOneof: false)))
                }
            }
            // A proto3 optional field's synthetic oneof is left empty, and empty ones go.
            elements += oneofs.filter { !$0.fields.isEmpty }.map { .oneof($0) }
            elements += d.nestedType.map { .message(self.message($0)) }
            elements += d.enumType.map { .enum(enumeration($0)) }
            elements += extends(d.extension).map { .extend($0) }
            message.elements = elements
            // Ranges are half-open in a message's descriptor.
            var statements = d.reservedRange.map { ProtoReserved(ranges: [fieldRange($0.start, $0.end)]) }
            statements += d.reservedName.map { ProtoReserved(names: [$0]) }
            message.reservedStatements = statements
            message.reservedRanges = statements.flatMap(\.ranges)
            message.reservedNames = d.reservedName
            message.extensionRanges = d.extensionRange.map { r in
                var options: [ProtoOption] = []
                if r.hasOptions, r.options.hasVerification {
                    options.append(option("verification", literal(of: r.options, keeping: \.verification)))
                }
                return ProtoExtensionRange(ranges: [fieldRange(r.start, r.end)], options: options)
            }
            if d.hasOptions {
                let o = d.options
                var options: [ProtoOption] = []
                if o.hasNoStandardDescriptorAccessor { options.append(option("no_standard_descriptor_accessor", bool(o.noStandardDescriptorAccessor))) }
                if o.hasDeprecated { options.append(option("deprecated", bool(o.deprecated))) }
                if o.hasMapEntry { options.append(option("map_entry", bool(o.mapEntry))) }
                message.options = options + ProtoDescriptorReader.confluentMeta("message_meta", in: o.unknownFields.data)
            }
            return message
        }

        func field(_ d: Google_Protobuf_FieldDescriptorProto, inOneof: Bool) -> ProtoField {
            let type = d.hasTypeName ? d.typeName : Self.scalarName(d.type)
            var field = ProtoField(label: inOneof ? nil : label(d), type: type, name: d.name, number: Int(d.number), location: nowhere)
            var options: [ProtoOption] = []
            if d.hasOptions {
                let o = d.options
                if o.hasCtype { options.append(option("ctype", literal(of: o, keeping: \.ctype))) }
                if o.hasPacked { options.append(option("packed", bool(o.packed))) }
                if o.hasJstype { options.append(option("jstype", literal(of: o, keeping: \.jstype))) }
                if o.hasDeprecated { options.append(option("deprecated", bool(o.deprecated))) }
                if o.hasDebugRedact { options.append(option("debug_redact", bool(o.debugRedact))) }
                if o.hasRetention { options.append(option("retention", literal(of: o, keeping: \.retention))) }
                for target in o.targets {
                    var single = Google_Protobuf_FieldOptions()
                    single.targets = [target]
                    options.append(option("targets", literal(of: single)))
                }
                options += ProtoDescriptorReader.confluentMeta("field_meta", in: o.unknownFields.data)
            }
            // Wire keeps `default` and `json_name` apart from the other options; the canonical
            // text puts them last whatever their place here.
            if !isProto3, d.hasDefaultValue { options.append(option("default", defaultValue(d.defaultValue, of: d.type))) }
            if d.hasJsonName { options.append(option("json_name", .string(Array(d.jsonName.utf8)))) }
            field.options = options
            return field
        }

        /// Confluent's label: proto3 shows `optional` only with explicit presence, and hides
        /// `required` (which proto3 does not have).
        func label(_ d: Google_Protobuf_FieldDescriptorProto) -> ProtoField.Label? {
            if d.proto3Optional { return .optional }
            switch d.label {
            case .repeated: return .repeated
            case .required: return isProto3 ? nil : .required
            case .optional: return isProto3 ? nil : .optional
            }
        }

        /// A descriptor's default value (protoc's text for it) as a constant: strings and bytes
        /// as the text (Confluent prints a `bytes` default as protoc's C-escaped text, unquoted,
        /// which no parser reads back, so such a schema is refused), enums and booleans as names.
        func defaultValue(_ text: String, of type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> ProtoConstant {
            switch type {
            case .string, .bytes: return .string(Array(text.utf8))
            case .bool, .enum: return .identifier(text)
            default:
                let negative = text.hasPrefix("-")
                let magnitude = negative ? String(text.dropFirst()) : text
                if magnitude == "inf" || magnitude == "nan" || magnitude.contains(where: { ".eE".contains($0) }) {
                    return .float(negative: negative, literal: magnitude)
                }
                return .integer(negative: negative, literal: magnitude)
            }
        }

        static func scalarName(_ type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> String {
            switch type {
            case .double: "double"
            case .float: "float"
            case .int64: "int64"
            case .uint64: "uint64"
            case .int32: "int32"
            case .fixed64: "fixed64"
            case .fixed32: "fixed32"
            case .bool: "bool"
            case .string: "string"
            case .group: "group"
            case .message: "message"
            case .bytes: "bytes"
            case .uint32: "uint32"
            case .enum: "enum"
            case .sfixed32: "sfixed32"
            case .sfixed64: "sfixed64"
            case .sint32: "sint32"
            case .sint64: "sint64"
            }
        }

        /// Extension fields grouped by the (fully qualified) message they extend, in order of
        /// first appearance.
        func extends(_ fields: [Google_Protobuf_FieldDescriptorProto]) -> [ProtoExtend] {
            var result: [ProtoExtend] = []
            for f in fields {
                if let index = result.firstIndex(where: { $0.extendee == f.extendee }) {
                    result[index].fields.append(field(f, inOneof: false))
                } else {
                    var extend = ProtoExtend(extendee: f.extendee, location: nowhere)
                    extend.fields = [field(f, inOneof: false)]
                    result.append(extend)
                }
            }
            return result
        }

        // MARK: Enums and services

        func enumeration(_ d: Google_Protobuf_EnumDescriptorProto) -> ProtoEnum {
            var value = ProtoEnum(name: d.name, location: nowhere)
            value.values = d.value.map { v in
                var constant = ProtoEnumValue(name: v.name, number: Int(v.number), location: nowhere)
                if v.hasOptions {
                    if v.options.hasDeprecated { constant.options.append(option("deprecated", bool(v.options.deprecated))) }
                    if v.options.hasDebugRedact { constant.options.append(option("debug_redact", bool(v.options.debugRedact))) }
                    constant.options += ProtoDescriptorReader.confluentMeta("enum_value_meta", in: v.options.unknownFields.data)
                }
                return constant
            }
            // Ranges are closed in an enum's descriptor.
            var statements = d.reservedRange.map { r in
                ProtoReserved(ranges: [ProtoRange(start: Int(r.start), end: r.end == Int32.max ? nil : Int(r.end))])
            }
            statements += d.reservedName.map { ProtoReserved(names: [$0]) }
            value.reservedStatements = statements
            value.reservedRanges = statements.flatMap(\.ranges)
            value.reservedNames = d.reservedName
            if d.hasOptions {
                if d.options.hasAllowAlias { value.options.append(option("allow_alias", bool(d.options.allowAlias))) }
                if d.options.hasDeprecated { value.options.append(option("deprecated", bool(d.options.deprecated))) }
                value.options += ProtoDescriptorReader.confluentMeta("enum_meta", in: d.options.unknownFields.data)
            }
            return value
        }

        func service(_ d: Google_Protobuf_ServiceDescriptorProto) -> ProtoService {
            var service = ProtoService(name: d.name, location: nowhere)
            service.methods = d.method.map { m in
                var method = ProtoMethod(
                    name: m.name, inputType: m.inputType, outputType: m.outputType,
                    clientStreaming: m.clientStreaming, serverStreaming: m.serverStreaming, location: nowhere)
                if m.hasOptions {
                    if m.options.hasDeprecated { method.options.append(option("deprecated", bool(m.options.deprecated))) }
                    if m.options.hasIdempotencyLevel { method.options.append(option("idempotency_level", literal(of: m.options, keeping: \.idempotencyLevel))) }
                }
                method.hasBody = !method.options.isEmpty
                return method
            }
            if d.hasOptions, d.options.hasDeprecated { service.options.append(option("deprecated", bool(d.options.deprecated))) }
            return service
        }

        // MARK: Options

        /// The file options Confluent keeps, in its order.
        func fileOptions(_ o: Google_Protobuf_FileOptions) -> [ProtoOption] {
            var options: [ProtoOption] = []
            func string(_ name: String, _ present: Bool, _ value: String) {
                if present { options.append(option(name, .string(Array(value.utf8)))) }
            }
            func flag(_ name: String, _ present: Bool, _ value: Bool) {
                if present { options.append(option(name, bool(value))) }
            }
            string("java_package", o.hasJavaPackage, o.javaPackage)
            string("java_outer_classname", o.hasJavaOuterClassname, o.javaOuterClassname)
            flag("java_multiple_files", o.hasJavaMultipleFiles, o.javaMultipleFiles)
            flag("java_generate_equals_and_hash", o.hasJavaGenerateEqualsAndHash, o.javaGenerateEqualsAndHash)
            flag("java_string_check_utf8", o.hasJavaStringCheckUtf8, o.javaStringCheckUtf8)
            if o.hasOptimizeFor { options.append(option("optimize_for", literal(of: o, keeping: \.optimizeFor))) }
            string("go_package", o.hasGoPackage, o.goPackage)
            flag("cc_generic_services", o.hasCcGenericServices, o.ccGenericServices)
            flag("java_generic_services", o.hasJavaGenericServices, o.javaGenericServices)
            flag("py_generic_services", o.hasPyGenericServices, o.pyGenericServices)
            flag("deprecated", o.hasDeprecated, o.deprecated)
            flag("cc_enable_arenas", o.hasCcEnableArenas, o.ccEnableArenas)
            string("objc_class_prefix", o.hasObjcClassPrefix, o.objcClassPrefix)
            string("csharp_namespace", o.hasCsharpNamespace, o.csharpNamespace)
            string("swift_prefix", o.hasSwiftPrefix, o.swiftPrefix)
            string("php_class_prefix", o.hasPhpClassPrefix, o.phpClassPrefix)
            string("php_namespace", o.hasPhpNamespace, o.phpNamespace)
            string("php_metadata_namespace", o.hasPhpMetadataNamespace, o.phpMetadataNamespace)
            string("ruby_package", o.hasRubyPackage, o.rubyPackage)
            return options + ProtoDescriptorReader.confluentMeta("file_meta", in: o.unknownFields.data)
        }

        func option(_ name: String, _ value: ProtoConstant) -> ProtoOption {
            ProtoOption(name: [ProtoOptionNamePart(name)], value: value, location: nowhere)
        }

        func bool(_ value: Bool) -> ProtoConstant { .identifier(value ? "true" : "false") }

        /// An enum or boolean option's value as the text format spells it (`CORD`,
        /// `IDEMPOTENT`): the options message with only that field kept, printed.
        func literal<M: SwiftProtobuf.Message, V>(of options: M, keeping field: WritableKeyPath<M, V>) -> ProtoConstant {
            var single = M()
            single[keyPath: field] = options[keyPath: field]
            return literal(of: single)
        }

        func literal<M: SwiftProtobuf.Message>(of single: M) -> ProtoConstant {
            let text = single.textFormatString()
            let value = text.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            return .identifier(value)
        }

        /// A message's half-open range of field numbers as the model holds it: closed, with
        /// no end for `max`.
        func fieldRange(_ start: Int32, _ end: Int32) -> ProtoRange {
            ProtoRange(start: Int(start), end: Int(end) - 1 >= ProtoDescriptorBuilder.maximumFieldNumber ? nil : Int(end) - 1)
        }
    }
}


/// The records of protobuf binary data, as (field number, wire type, bytes of a
/// length-delimited value or empty); reading stops at the first malformed record.
struct ProtoWireRecords: Sequence, IteratorProtocol {
    private var reader: ProtoWireReader

    init(_ bytes: [UInt8]) {
        reader = ProtoWireReader(bytes: bytes[...])
    }

    mutating func next() -> (number: Int, wireType: Int, value: ArraySlice<UInt8>)? {
        guard !reader.isAtEnd, let key = try? reader.varint() else { return nil }
        let number = Int(truncatingIfNeeded: key >> 3), wireType = Int(key & 7)
        if wireType == 2 { return (try? reader.lengthDelimited()).map { (number, wireType, $0) } }
        guard (try? reader.raw(wireType: wireType)) != nil else { return nil }
        return (number, wireType, [])
    }
}
