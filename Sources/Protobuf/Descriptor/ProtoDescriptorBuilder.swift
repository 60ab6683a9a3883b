import Foundation
import SwiftProtobuf

/// Whose `FileDescriptorProto` a builder makes of a file.
public enum ProtoDescriptorFlavor: Sendable {
    /// protoc's (`--descriptor_set_out`): every field's JSON name, every custom option
    /// encoded (an option that names no extension is an error, as in protoc).
    case protoc
    /// What protoc-generated code embeds (Java's and Python's `serialized_pb`), and so what
    /// Confluent's Java and Python serializers register: protoc's, with JSON names only where
    /// the text declares them.
    case generatedCode
    /// Confluent's for `?format=serialized`: JSON names only where the text declares them
    /// (so the descriptor reads back to the same text), and of the custom options only
    /// Confluent's own (`confluent.field_meta` and the like, which carry tags and rules).
    case confluentSerialized
}

/// Turns a parsed `.proto` file into the `FileDescriptorProto` protoc makes of it
/// (`protoc --descriptor_set_out`): names resolved to fully qualified ones, groups and map
/// entries as nested types, proto3 `optional` as synthetic oneofs, JSON names, defaults in
/// protoc's spelling, the standard options as their options messages.
///
/// Options of the descriptor options messages are set by name through the text format, so
/// every standard option is known without a table here; custom options (`(my.option)`) are
/// encoded under their extension's number, as protoc keeps them. The file is first checked as
/// protoc checks it (`ProtoValidator`).
public struct ProtoDescriptorBuilder {
    private(set) var symbols: ProtoSymbolTable
    private let file: ProtoFile
    private let package: String

    /// Whether options are turned into their options messages (`validate` skips them).
    private var includeOptions = true
    /// Whose descriptor is made.
    private var flavor = ProtoDescriptorFlavor.protoc
    /// Where custom options' extensions are found; made only when options are built (not on
    /// `validate`, which every registration runs).
    private var customOptions: ProtoCustomOptionEncoder?

    private init(file: ProtoFile, dependencies: [ProtoFile]) {
        self.file = file
        self.package = file.package ?? ""
        // The well-known files need no reference: they are built in, as in protoc and Confluent.
        symbols = ProtoSymbolTable(file: file, dependencies: dependencies)
    }

    /// A builder for `file` whose file has passed protoc's checks.
    private static func checked(_ file: ProtoFile, dependencies: [ProtoFile]) throws(ProtoError) -> ProtoDescriptorBuilder {
        let builder = ProtoDescriptorBuilder(file: file, dependencies: dependencies)
        var validator = ProtoValidator(file: file, symbols: builder.symbols)
        try validator.validate()
        return builder
    }

    /// The descriptor of `file`, named `name` (its import path); `dependencies` are the
    /// parsed files it imports (and theirs), whose types it may use.
    public static func descriptor(
        of file: ProtoFile, name: String, dependencies: [ProtoFile] = [], flavor: ProtoDescriptorFlavor = .protoc
    ) throws(ProtoError) -> Google_Protobuf_FileDescriptorProto {
        var builder = try checked(file, dependencies: dependencies)
        builder.flavor = flavor
        builder.customOptions = ProtoCustomOptionEncoder(file: file, dependencies: dependencies)
        return try builder.build(name: name)
    }

    /// The descriptor's bytes, as a client reading the wire format loads them
    /// (`?format=serialized`).
    public static func serializedDescriptor(
        of file: ProtoFile, name: String, dependencies: [ProtoFile] = [], flavor: ProtoDescriptorFlavor = .protoc
    ) throws(ProtoError) -> [UInt8] {
        let proto = try descriptor(of: file, name: name, dependencies: dependencies, flavor: flavor)
        do {
            return try proto.serializedBytes()
        } catch {
            throw ProtoError("The descriptor of \(name) could not be encoded: \(error)", at: ProtoSourceLocation(line: 0, column: 0))
        }
    }

    /// Checks `file` as protoc would before building its descriptor (numbers, names, syntax
    /// rules) and resolves every type it names, without its options: what a registry needs to
    /// accept a schema. Options are not checked, as Confluent does not check them: a custom
    /// option whose extension is not visible is kept in the text and left out of descriptors.
    public static func validate(_ file: ProtoFile, dependencies: [ProtoFile] = []) throws(ProtoError) {
        var builder = try checked(file, dependencies: dependencies)
        builder.includeOptions = false
        _ = try builder.build(name: "validate.proto")
    }

    private func build(name: String) throws(ProtoError) -> Google_Protobuf_FileDescriptorProto {
        var proto = Google_Protobuf_FileDescriptorProto()
        proto.name = name
        if let package = file.package { proto.package = package }
        // swift-protobuf's descriptor messages keep their fields in shared storage: appending to
        // a field in place copies the array each time, so every list is built here first.
        proto.dependency = file.imports.map(\.path)
        proto.publicDependency = file.imports.indices.filter { file.imports[$0].kind == .public }.map { Int32($0) }
        proto.weakDependency = file.imports.indices.filter { file.imports[$0].kind == .weak }.map { Int32($0) }
        var messages: [Google_Protobuf_DescriptorProto] = [], enums: [Google_Protobuf_EnumDescriptorProto] = []
        var services: [Google_Protobuf_ServiceDescriptorProto] = [], extensions: [Google_Protobuf_FieldDescriptorProto] = []
        for declaration in file.declarations {
            switch declaration {
            case .message(let m): messages.append(try message(m, scope: package))
            case .enum(let e): enums.append(try enumeration(e, scope: package))
            case .service(let s): services.append(try service(s))
            case .extend(let x): extensions += try extensionFields(x, scope: package)
            }
        }
        proto.messageType = messages
        proto.enumType = enums
        proto.service = services
        proto.extension = extensions
        if !file.options.isEmpty { proto.options = try options(file.options, as: Google_Protobuf_FileOptions.self, scope: package) }
        switch file.syntax {
        case .proto2: break
        case .proto3: proto.syntax = "proto3"
        case .edition: proto.syntax = "editions"
        }
        return proto
    }

    // MARK: Messages

    private func message(_ message: ProtoMessage, scope: String) throws(ProtoError) -> Google_Protobuf_DescriptorProto {
        var proto = Google_Protobuf_DescriptorProto()
        proto.name = message.name
        let fullName = ProtoSymbolTable.join(scope, message.name)
        var syntheticOneofs: [String] = []
        var fields: [Google_Protobuf_FieldDescriptorProto] = [], oneofs: [Google_Protobuf_OneofDescriptorProto] = []
        for element in message.elements {
            switch element {
            case .field(let f):
                var field = try self.field(f, scope: fullName)
                if file.syntax == .proto3, f.label == .optional, !message.isMapEntry {
                    // proto3 `optional`: presence through a synthetic oneof, added after the
                    // real ones.
                    field.proto3Optional = true
                    syntheticOneofs.append(f.name)
                    field.oneofIndex = -1  // set below, once the real oneofs are counted
                }
                fields.append(field)
            case .oneof(let o):
                var oneof = Google_Protobuf_OneofDescriptorProto()
                oneof.name = o.name
                if !o.options.isEmpty { oneof.options = try options(o.options, as: Google_Protobuf_OneofOptions.self, scope: fullName) }
                let index = Int32(oneofs.count)
                oneofs.append(oneof)
                for f in o.fields {
                    var field = try self.field(f, scope: fullName)
                    field.oneofIndex = index
                    fields.append(field)
                }
            case .message, .enum, .extend:
                break
            }
        }
        if !syntheticOneofs.isEmpty {
            var taken = Set(oneofs.map(\.name) + message.allFields.map(\.name))
            for name in syntheticOneofs {
                var oneof = Google_Protobuf_OneofDescriptorProto()
                oneof.name = Self.syntheticOneofName(for: name, taken: taken)
                taken.insert(oneof.name)
                let index = Int32(oneofs.count)
                oneofs.append(oneof)
                if let position = fields.firstIndex(where: { $0.name == name && $0.oneofIndex == -1 }) {
                    fields[position].oneofIndex = index
                }
            }
        }
        proto.field = fields
        proto.oneofDecl = oneofs
        var nestedTypes: [Google_Protobuf_DescriptorProto] = []
        for nested in message.nestedMessages { nestedTypes.append(try self.message(nested, scope: fullName)) }
        proto.nestedType = nestedTypes
        var nestedEnums: [Google_Protobuf_EnumDescriptorProto] = []
        for e in message.nestedEnums { nestedEnums.append(try enumeration(e, scope: fullName)) }
        proto.enumType = nestedEnums
        var extensions: [Google_Protobuf_FieldDescriptorProto] = []
        for element in message.elements {
            if case .extend(let x) = element { extensions += try extensionFields(x, scope: fullName) }
        }
        proto.extension = extensions
        let maximum = Int32(Self.maximumFieldNumber + 1)
        var extensionRanges: [Google_Protobuf_DescriptorProto.ExtensionRange] = []
        for range in message.extensionRanges {
            for r in range.ranges {
                var extensionRange = Google_Protobuf_DescriptorProto.ExtensionRange()
                extensionRange.start = Int32(truncatingIfNeeded: r.start)
                extensionRange.end = r.end.map { Int32(truncatingIfNeeded: $0 + 1) } ?? maximum
                if !range.options.isEmpty { extensionRange.options = try options(range.options, as: Google_Protobuf_ExtensionRangeOptions.self, scope: fullName) }
                extensionRanges.append(extensionRange)
            }
        }
        proto.extensionRange = extensionRanges
        proto.reservedRange = message.reservedRanges.map { r in
            var reserved = Google_Protobuf_DescriptorProto.ReservedRange()
            reserved.start = Int32(truncatingIfNeeded: r.start)
            reserved.end = r.end.map { Int32(truncatingIfNeeded: $0 + 1) } ?? maximum
            return reserved
        }
        proto.reservedName = message.reservedNames
        if !message.options.isEmpty { proto.options = try options(message.options, as: Google_Protobuf_MessageOptions.self, scope: fullName) }
        return proto
    }

    /// The largest field number.
    static let maximumFieldNumber = 536_870_911

    /// protoc's name for the synthetic oneof of a proto3 optional field: `_name`, with more
    /// leading `X`s while it clashes with a field or oneof.
    static func syntheticOneofName(for field: String, taken: Set<String>) -> String {
        var name = "_" + field
        while taken.contains(name) { name = "X" + name }
        return name
    }

    private func field(_ field: ProtoField, scope: String) throws(ProtoError) -> Google_Protobuf_FieldDescriptorProto {
        var proto = Google_Protobuf_FieldDescriptorProto()
        proto.name = field.name
        proto.number = Int32(truncatingIfNeeded: field.number)
        proto.label =
            switch field.label {
            case .required: .required
            case .repeated: .repeated
            case .optional, nil: field.map != nil ? .repeated : .optional
            }
        if let group = field.group {
            proto.type = .group
            proto.typeName = "." + ProtoSymbolTable.join(scope, group.name)
        } else if let entry = field.mapEntry {
            proto.type = .message
            proto.typeName = "." + ProtoSymbolTable.join(scope, entry.name)
        } else if let scalar = Self.scalarTypes[field.type] {
            proto.type = scalar
        } else {
            guard let (fullName, kind) = symbols.resolve(field.type, in: scope) else {
                throw ProtoError("\"\(field.type)\" is not defined.", at: field.location)
            }
            guard kind != .package else { throw ProtoError("\"\(field.type)\" is not a type.", at: field.location) }
            proto.type = kind == .enum ? .enum : .message
            proto.typeName = "." + fullName
        }
        if flavor == .protoc { proto.jsonName = Self.jsonName(field.name) }  // the others: only where declared
        var remaining: [ProtoOption] = []
        for option in field.options {
            switch option.nameText {
            case "default":
                // Checked when validating too: a default that does not fit its field would be
                // stored as text that no parser reads back.
                let value = try defaultValue(option, for: proto.type, at: field.location)
                if includeOptions { proto.defaultValue = value }
            case "json_name":
                guard case .string(let bytes) = option.value else {
                    throw ProtoError("Expected string for json_name.", at: option.location)
                }
                proto.jsonName = String(decoding: bytes, as: UTF8.self)
            default:
                remaining.append(option)
            }
        }
        if !remaining.isEmpty { proto.options = try options(remaining, as: Google_Protobuf_FieldOptions.self, scope: scope) }
        return proto
    }

    private func extensionFields(_ extend: ProtoExtend, scope: String) throws(ProtoError) -> [Google_Protobuf_FieldDescriptorProto] {
        guard let (extendee, kind) = symbols.resolve(extend.extendee, in: scope), kind == .message else {
            throw ProtoError("\"\(extend.extendee)\" is not defined.", at: extend.location)
        }
        var fields: [Google_Protobuf_FieldDescriptorProto] = []
        for f in extend.fields {
            var field = try self.field(f, scope: scope)
            field.extendee = "." + extendee
            fields.append(field)
        }
        return fields
    }

    /// The scalar types by their `.proto` names.
    static let scalarTypes: [String: Google_Protobuf_FieldDescriptorProto.TypeEnum] = [
        "double": .double, "float": .float, "int64": .int64, "uint64": .uint64, "int32": .int32, "fixed64": .fixed64,
        "fixed32": .fixed32, "bool": .bool, "string": .string, "bytes": .bytes, "uint32": .uint32, "sfixed32": .sfixed32,
        "sfixed64": .sfixed64, "sint32": .sint32, "sint64": .sint64,
    ]

    /// protoc's default JSON name: underscores dropped, the letter after each upper-cased.
    static func jsonName(_ name: String) -> String { ProtoNames.camelCase(name, upperFirst: false) }

    /// A `[default = ...]` in the form protoc stores it: integers in decimal, floats in
    /// shortest form (`inf`, `-inf`, `nan` as such), booleans and enum values by name,
    /// strings as their text, bytes C-escaped. A value of the wrong kind is refused with
    /// protoc's message for the field's type.
    private func defaultValue(
        _ option: ProtoOption, for type: Google_Protobuf_FieldDescriptorProto.TypeEnum, at location: ProtoSourceLocation
    ) throws(ProtoError) -> String {
        let at = option.location
        let outOfRange = ProtoError("Default value does not fit the field's type.", at: at)
        switch type {
        case .string, .bytes:
            guard case .string(let bytes) = option.value else { throw ProtoError("Expected string for field default value.", at: at) }
            return type == .string ? String(decoding: bytes, as: UTF8.self) : Self.cEscaped(bytes)
        case .bool:
            guard case .identifier(let name) = option.value, name == "true" || name == "false" else {
                throw ProtoError("Expected \"true\" or \"false\".", at: at)
            }
            return name
        case .enum:
            guard case .identifier(let name) = option.value else {
                throw ProtoError("Expected enum identifier for field default value.", at: at)
            }
            return name
        case .message, .group:
            throw ProtoError("Messages can't have default values.", at: at)
        case .double, .float:
            switch option.value {
            case .integer(let negative, let literal):
                guard let magnitude = ProtoParser.integerValue(literal) else { throw outOfRange }
                return Self.shortest(negative ? -Double(magnitude) : Double(magnitude), single: type == .float)
            case .float(let negative, let literal):
                if literal == "inf" { return negative ? "-inf" : "inf" }
                if literal == "nan" { return "nan" }
                let trimmed = literal.hasSuffix("f") || literal.hasSuffix("F") ? String(literal.dropLast()) : literal
                guard let value = Double(trimmed) else { throw outOfRange }
                return Self.shortest(negative ? -value : value, single: type == .float)
            case .identifier(let name) where name == "inf" || name == "nan":
                return name
            default:
                throw ProtoError("Expected number.", at: at)
            }
        default:  // the integer types
            guard case .integer(let negative, let literal) = option.value else {
                throw ProtoError("Expected integer for field default value.", at: at)
            }
            if negative, [.uint32, .uint64, .fixed32, .fixed64].contains(type) {
                throw ProtoError("Unsigned field can't have negative default value.", at: at)
            }
            guard let magnitude = ProtoParser.integerValue(literal) else { throw outOfRange }
            return negative ? "-\(magnitude)" : "\(magnitude)"
        }
    }

    /// A float or double as protoc prints a default (`SimpleFtoa`, `SimpleDtoa`): `%g` with 6
    /// (float) or 15 (double) significant digits when that reads back the same, else 9 or 17.
    static func shortest(_ value: Double, single: Bool) -> String {
        let (short, long) = single ? (6, 9) : (15, 17)
        let first = String(format: "%.\(short)g", value)
        let readsBack = single ? Float(first).map { $0 == Float(value) } ?? false : Double(first) == value
        return readsBack ? first : String(format: "%.\(long)g", value)
    }

    /// Bytes as protoc's `CEscape` writes them.
    static func cEscaped(_ bytes: [UInt8]) -> String {
        var text = ""
        for b in bytes {
            switch b {
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x22: text += "\\\""
            case 0x27: text += "\\'"
            case 0x5C: text += "\\\\"
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let octal = String(b, radix: 8)
                text += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return text
    }

    // MARK: Enums and services

    private func enumeration(_ value: ProtoEnum, scope: String) throws(ProtoError) -> Google_Protobuf_EnumDescriptorProto {
        var proto = Google_Protobuf_EnumDescriptorProto()
        proto.name = value.name
        var values: [Google_Protobuf_EnumValueDescriptorProto] = []
        for constant in value.values {
            var v = Google_Protobuf_EnumValueDescriptorProto()
            v.name = constant.name
            v.number = Int32(truncatingIfNeeded: constant.number)
            if !constant.options.isEmpty { v.options = try options(constant.options, as: Google_Protobuf_EnumValueOptions.self, scope: scope) }
            values.append(v)
        }
        proto.value = values
        proto.reservedRange = value.reservedRanges.map { r in
            var reserved = Google_Protobuf_EnumDescriptorProto.EnumReservedRange()
            reserved.start = Int32(truncatingIfNeeded: r.start)
            reserved.end = r.end.map { Int32(truncatingIfNeeded: $0) } ?? Int32.max
            return reserved
        }
        proto.reservedName = value.reservedNames
        if !value.options.isEmpty { proto.options = try options(value.options, as: Google_Protobuf_EnumOptions.self, scope: scope) }
        return proto
    }

    private func service(_ service: ProtoService) throws(ProtoError) -> Google_Protobuf_ServiceDescriptorProto {
        var proto = Google_Protobuf_ServiceDescriptorProto()
        proto.name = service.name
        var methods: [Google_Protobuf_MethodDescriptorProto] = []
        for method in service.methods {
            var m = Google_Protobuf_MethodDescriptorProto()
            m.name = method.name
            m.inputType = try messageName(method.inputType, at: method.location)
            m.outputType = try messageName(method.outputType, at: method.location)
            if method.clientStreaming { m.clientStreaming = true }
            if method.serverStreaming { m.serverStreaming = true }
            if !method.options.isEmpty || method.hasBody { m.options = try options(method.options, as: Google_Protobuf_MethodOptions.self, scope: package) }
            methods.append(m)
        }
        proto.method = methods
        if !service.options.isEmpty { proto.options = try options(service.options, as: Google_Protobuf_ServiceOptions.self, scope: package) }
        return proto
    }

    private func messageName(_ name: String, at location: ProtoSourceLocation) throws(ProtoError) -> String {
        guard let (fullName, kind) = symbols.resolve(name, in: package) else {
            throw ProtoError("\"\(name)\" is not defined.", at: location)
        }
        guard kind == .message else { throw ProtoError("\"\(name)\" is not a message type.", at: location) }
        return "." + fullName
    }

    // MARK: Options

    /// The options message holding `options`: the standard ones set by name through the text
    /// format, custom ones encoded under their extension's number (`ProtoCustomOptionEncoder`)
    /// and merged in, where protoc keeps them. `scope` is where the element carrying them is
    /// declared, which custom option names are resolved from.
    private func options<M: SwiftProtobuf.Message>(_ options: [ProtoOption], as type: M.Type, scope: String) throws(ProtoError) -> M {
        guard includeOptions else { return M() }
        var text = ""
        var custom: [UInt8] = []
        for option in options {
            if option.name.first?.isExtension == true, let customOptions {
                switch flavor {
                case .protoc, .generatedCode:
                    custom += try customOptions.encode(option, of: M.protoMessageName, in: scope)
                case .confluentSerialized:
                    // Confluent's descriptors carry only its own options (field metadata and
                    // tags); an option it cannot read is left out rather than failing the whole
                    // descriptor.
                    guard option.name[0].name.hasPrefix("confluent.") else { continue }
                    custom += (try? customOptions.encode(option, of: M.protoMessageName, in: scope)) ?? []
                }
                continue
            }
            // `a.b.c = v` becomes `a { b { c: v } }`.
            let names = option.name.map(\.name)
            let value = flavor == .confluentSerialized ? Self.readAsConfluent(option, of: M.protoMessageName) : option.value
            text += names.dropLast().map { "\($0) { " }.joined() + "\(names.last!): \(Self.textFormat(value))"
            text += String(repeating: " }", count: names.count - 1) + "\n"
        }
        do {
            var message = try M(textFormatString: text)
            if !custom.isEmpty { try message.merge(serializedBytes: custom) }
            return message
        } catch {
            throw ProtoError("Option \(options.map(\.nameText).joined(separator: ", ")) is not valid here: \(error)", at: options[0].location)
        }
    }

    /// A standard option's value as Confluent's descriptor reads it: Wire keeps every value as
    /// its text, and Confluent sets a string option to that text (`java_package = 5` is
    /// `"5"`), a bool option to whether it is `true` in any case (`deprecated = "yes"` is
    /// false), an enum option to the constant it names. protoc refuses such values; Confluent
    /// accepts and serves them, so its `?format=serialized` answer is matched rather than
    /// refused. Other options, and values of the right kind, are left as written.
    static func readAsConfluent(_ option: ProtoOption, of optionsMessage: String) -> ProtoConstant {
        guard option.name.count == 1, !option.name[0].isExtension,
            let type = standardOptionTypes[optionsMessage]?[option.name[0].name]
        else { return option.value }
        let text: String
        switch option.value {
        case .identifier(let name): text = name
        case .integer(let negative, let literal), .float(let negative, let literal): text = (negative ? "-" : "") + literal
        case .string(let bytes): text = String(decoding: bytes, as: UTF8.self)
        case .aggregate, .list: return option.value
        }
        switch type {
        case .string: return .string(Array(text.utf8))
        case .bool: return .identifier(text.lowercased() == "true" ? "true" : "false")
        case .enumeration: return .identifier(text)
        }
    }

    /// The kinds of standard option Confluent reads from their text.
    private enum StandardOptionType {
        case string, bool, enumeration
    }

    /// The string, bool and enum fields of the standard options messages, by message
    /// (`google.protobuf.FileOptions`) and field name, from the built-in `descriptor.proto`.
    private static let standardOptionTypes: [String: [String: StandardOptionType]] = {
        guard let descriptor = ProtoWellKnownFiles.file("google/protobuf/descriptor.proto") else { return [:] }
        var types: [String: [String: StandardOptionType]] = [:]
        for message in descriptor.messages where message.name.hasSuffix("Options") {
            let enums = Set(message.nestedEnums.map(\.name))
            var fields: [String: StandardOptionType] = [:]
            for field in message.allFields {
                switch field.type {
                case "string": fields[field.name] = .string
                case "bool": fields[field.name] = .bool
                case let type where enums.contains(type): fields[field.name] = .enumeration
                default: break
                }
            }
            types["google.protobuf." + message.name] = fields
        }
        return types
    }()

    /// A constant in the text format.
    static func textFormat(_ value: ProtoConstant) -> String {
        switch value {
        case .identifier(let name): return name
        case .integer(let negative, let literal): return (negative ? "-" : "") + literal
        case .float(let negative, let literal): return (negative ? "-" : "") + literal
        case .string(let bytes): return "\"" + cEscaped(bytes) + "\""
        case .aggregate(let fields):
            return "{ " + fields.map { ($0.isExtension ? "[\($0.name)]" : $0.name) + ": " + textFormat($0.value) }.joined(separator: " ") + " }"
        case .list(let values): return "[" + values.map(textFormat).joined(separator: ", ") + "]"
        }
    }
}
