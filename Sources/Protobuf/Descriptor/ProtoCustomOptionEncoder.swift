/// Encodes custom options (`option (my.option) = ...;`, `[(my.field_option).sub = 1]`) as
/// protoc does: the option names an extension of the options message, and its value is written
/// in the protobuf binary format under the extension's number, where a reader that knows the
/// extension finds it (the descriptor keeps it among the options message's unknown fields).
///
/// Extensions are looked up by name from the scope of the element carrying the option outwards,
/// among the `extend` declarations of the file and of every file it can see; values are checked
/// against the extension's type: numbers in range, enum values by name, aggregates (`{ a: 1
/// b: [2, 3] }`) field by field against the message type, maps as lists of `{ key value }`.
struct ProtoCustomOptionEncoder {
    typealias Extension = ProtoTypeIndex.Extension

    private let index: ProtoTypeIndex
    private var symbols: ProtoSymbolTable { index.symbols }
    private var messages: [String: (message: ProtoMessage, proto3: Bool)] { index.messages }
    private var enums: [String: ProtoEnum] { index.enums }
    private var extensions: [String: Extension] { index.extensions }

    /// An encoder for options of `file`, whose imports are `dependencies` (the built-in files
    /// need not be given).
    init(file: ProtoFile, dependencies: [ProtoFile]) {
        index = ProtoTypeIndex(file: file, dependencies: dependencies)
    }

    /// The binary encoding of `option` on an element of `optionsMessage` (for example
    /// `google.protobuf.FieldOptions`) declared in `scope`.
    func encode(_ option: ProtoOption, of optionsMessage: String, in scope: String) throws(ProtoError) -> [UInt8] {
        guard let first = option.name.first, first.isExtension else {
            throw ProtoError("Option \"\(option.nameText)\" unknown.", at: option.location)
        }
        guard let ext = lookup(first.name, in: scope) else {
            throw ProtoError("Option \"(\(first.name))\" unknown. Ensure that your proto definition file imports the proto which defines the option.", at: option.location)
        }
        guard ext.extendee == optionsMessage else {
            throw ProtoError("Option \"(\(first.name))\" is an extension of \"\(ext.extendee)\" and not of \"\(optionsMessage)\".", at: option.location)
        }
        return try encode(option.value, path: option.name.dropFirst(), field: ext.field, scope: ext.scope, at: option.location)
    }

    /// The extension `name` refers to from `scope`: tried in the innermost scope first.
    private func lookup(_ name: String, in scope: String) -> Extension? {
        extensionField(named: name, in: scope)?.declaration
    }

    /// The extension `name` refers to from `scope` (innermost scope first, then outwards, then
    /// as written), with its full name without a leading dot.
    func extensionField(named name: String, in scope: String) -> (fullName: String, declaration: Extension)? {
        if name.hasPrefix(".") {
            let full = String(name.dropFirst())
            return extensions[full].map { (full, $0) }
        }
        var parts = scope.split(separator: ".").map(String.init)
        while true {
            let candidate = ProtoSymbolTable.join(parts.joined(separator: "."), name)
            if let found = extensions[candidate] { return (candidate, found) }
            if parts.isEmpty { return nil }
            parts.removeLast()
        }
    }

    /// The message type of `field` (declared in `scope`), with its full name; nil for scalars,
    /// enums, maps and names that do not resolve.
    func messageType(of field: ProtoField, in scope: String) -> (fullName: String, message: ProtoMessage)? {
        guard field.map == nil, !ProtoSymbolTable.scalarNames.contains(field.type),
              let (fullName, kind) = symbols.resolve(field.type, in: scope), kind == .message,
              let message = messages[fullName]?.message
        else { return nil }
        return (fullName, message)
    }

    /// `field` (declared in `scope`) holding `value`, reached through the sub-field `path`.
    private func encode(
        _ value: ProtoConstant, path: ArraySlice<ProtoOptionNamePart>, field: ProtoField, scope: String, at location: ProtoSourceLocation
    ) throws(ProtoError) -> [UInt8] {
        guard let next = path.first else { return try encodeField(field, value: value, scope: scope, at: location) }
        guard field.map == nil, case .message(let typeName) = try kind(of: field, scope: scope, at: location), let message = messages[typeName]?.message else {
            throw ProtoError("Option \"\(field.name)\" is an atomic type, not a message.", at: location)
        }
        let inner: ProtoField, innerScope: String
        if next.isExtension {
            // `(a).(b)`: an extension of the message `a` holds.
            guard let ext = extensionField(named: next.name, in: typeName)?.declaration, ext.extendee == typeName else {
                throw ProtoError("Option field \"(\(next.name))\" is not a field or extension of message \"\(message.name)\".", at: location)
            }
            (inner, innerScope) = (ext.field, ext.scope)
        } else {
            guard let found = message.allFields.first(where: { $0.name == next.name }) else {
                throw ProtoError("Option field \"\(next.name)\" is not a field or extension of message \"\(message.name)\".", at: location)
            }
            (inner, innerScope) = (found, typeName)
        }
        let body = try encode(value, path: path.dropFirst(), field: inner, scope: innerScope, at: location)
        var out: [UInt8] = []
        ProtoWireWriter.tag(field.number, wireType: 2, to: &out)
        ProtoWireWriter.varint(UInt64(body.count), to: &out)
        return out + body
    }

    /// What a field's type is, resolved.
    private enum Kind {
        case scalar(String)
        case message(String)
        case `enum`(String)
    }

    private func kind(of field: ProtoField, scope: String, at location: ProtoSourceLocation) throws(ProtoError) -> Kind {
        if ProtoSymbolTable.scalarNames.contains(field.type) { return .scalar(field.type) }
        guard let (fullName, kind) = symbols.resolve(field.type, in: scope) else {
            throw ProtoError("\"\(field.type)\" is not defined.", at: location)
        }
        return kind == .enum ? .enum(fullName) : .message(fullName)
    }

    /// One field with `value`: each element of a list for a repeated field, map entries as
    /// messages with `key` 1 and `value` 2.
    private func encodeField(_ field: ProtoField, value: ProtoConstant, scope: String, at location: ProtoSourceLocation) throws(ProtoError) -> [UInt8] {
        if case .list(let values) = value {
            guard field.label == .repeated || field.map != nil else {
                throw ProtoError("Value of \"\(field.name)\" is a list, but the field is not repeated.", at: location)
            }
            var out: [UInt8] = []
            for element in values { out += try encodeField(field, value: element, scope: scope, at: location) }
            return out
        }
        if let map = field.map {
            guard case .aggregate(let entries) = value else {
                throw ProtoError("Value of map field \"\(field.name)\" must be a message with key and value.", at: location)
            }
            var entry = ProtoMessage(name: "Entry", location: location)
            entry.elements = [
                .field(ProtoField(label: .optional, type: map.key, name: "key", number: 1, location: location)),
                .field(ProtoField(label: .optional, type: map.value, name: "value", number: 2, location: location)),
            ]
            let body = try encodeMessage(entry, proto3: true, scope: scope, fields: entries, at: location)
            var out: [UInt8] = []
            ProtoWireWriter.tag(field.number, wireType: 2, to: &out)
            ProtoWireWriter.varint(UInt64(body.count), to: &out)
            return out + body
        }
        var out: [UInt8] = []
        switch try kind(of: field, scope: scope, at: location) {
        case .scalar, .enum:
            let (wireType, payload) = try scalarPayload(value, field: field, scope: scope, at: location)
            ProtoWireWriter.tag(field.number, wireType: wireType, to: &out)
            out += payload
        case .message(let name):
            guard let (message, proto3) = messages[name], case .aggregate(let fields) = value else {
                throw ProtoError("Option \"\(field.name)\" is a message. To set the entire message, use syntax like \"\(field.name) = { <proto text format> }\".", at: location)
            }
            let body = try encodeMessage(message, proto3: proto3, scope: name, fields: fields, at: location)
            ProtoWireWriter.tag(field.number, wireType: 2, to: &out)
            ProtoWireWriter.varint(UInt64(body.count), to: &out)
            out += body
        }
        return out
    }

    /// The fields of an aggregate value of `message` (whose field types resolve in `scope`),
    /// as protoc writes them: it reads the aggregate into a message and serializes that, so
    /// fields come in number order (values of one field in the order given), and repeated
    /// numbers are packed where the message's syntax or `packed` says so.
    private func encodeMessage(
        _ message: ProtoMessage, proto3: Bool, scope: String, fields: [ProtoAggregateField], at location: ProtoSourceLocation
    ) throws(ProtoError) -> [UInt8] {
        // Each field with the scope its type resolves in: the message's, or for an extension
        // (`[pkg.ext]: value`) the scope of its declaration.
        var groups: [(field: ProtoField, values: [ProtoConstant], scope: String)] = []
        for entry in fields {
            let field: ProtoField, fieldScope: String
            if entry.isExtension {
                guard let ext = extensionField(named: entry.name, in: "")?.declaration, ext.extendee == scope else {
                    throw ProtoError("Extension \"\(entry.name)\" is not an extension of \"\(scope)\".", at: location)
                }
                (field, fieldScope) = (ext.field, ext.scope)
            } else {
                guard let found = message.allFields.first(where: { $0.name == entry.name }) else {
                    throw ProtoError("Message type \"\(message.name)\" has no field named \"\(entry.name)\".", at: location)
                }
                (field, fieldScope) = (found, scope)
            }
            let values: [ProtoConstant] = if case .list(let list) = entry.value { list } else { [entry.value] }
            if let index = groups.firstIndex(where: { $0.field.number == field.number }) {
                groups[index].values += values
            } else {
                groups.append((field, values, fieldScope))
            }
        }
        var out: [UInt8] = []
        for (field, values, scope) in groups.sorted(by: { $0.field.number < $1.field.number }) {
            if try isPacked(field, proto3: proto3, scope: scope, at: location) {
                var payload: [UInt8] = []
                for value in values { payload += try scalarPayload(value, field: field, scope: scope, at: location).payload }
                ProtoWireWriter.tag(field.number, wireType: 2, to: &out)
                ProtoWireWriter.varint(UInt64(payload.count), to: &out)
                out += payload
            } else {
                for value in values { out += try encodeField(field, value: value, scope: scope, at: location) }
            }
        }
        return out
    }

    /// Whether a repeated field's values are written packed.
    private func isPacked(_ field: ProtoField, proto3: Bool, scope: String, at location: ProtoSourceLocation) throws(ProtoError) -> Bool {
        guard field.label == .repeated, field.map == nil else { return false }
        switch try kind(of: field, scope: scope, at: location) {
        case .message: return false
        case .scalar(let type) where type == "string" || type == "bytes": return false
        case .scalar, .enum:
            let packed = field.options.first { $0.nameText == "packed" }?.value
            if case .identifier(let flag)? = packed { return flag == "true" }
            return proto3
        }
    }

    /// A scalar or enum value without its tag: the wire type and the bytes.
    private func scalarPayload(_ value: ProtoConstant, field: ProtoField, scope: String, at location: ProtoSourceLocation) throws(ProtoError) -> (wireType: UInt64, payload: [UInt8]) {
        switch try kind(of: field, scope: scope, at: location) {
        case .scalar(let type):
            return try Self.scalarPayload(value, type: type, at: location)
        case .enum(let name):
            guard case .identifier(let valueName) = value, let number = enums[name]?.values.first(where: { $0.name == valueName })?.number else {
                throw ProtoError("Enum type \"\(name)\" has no value named \"\(Self.describe(value))\" for option \"\(field.name)\".", at: location)
            }
            var out: [UInt8] = []
            ProtoWireWriter.varint(UInt64(bitPattern: Int64(number)), to: &out)
            return (0, out)
        case .message:
            throw ProtoError("Option \"\(field.name)\" is a message, not a number.", at: location)
        }
    }

    // MARK: Scalars

    private static func scalarPayload(_ value: ProtoConstant, type: String, at location: ProtoSourceLocation) throws(ProtoError) -> (wireType: UInt64, payload: [UInt8]) {
        let mismatch = ProtoError("Value \(describe(value)) does not fit option type \(type).", at: location)
        var out: [UInt8] = []
        switch type {
        case "string", "bytes":
            guard case .string(let bytes) = value else { throw mismatch }
            ProtoWireWriter.varint(UInt64(bytes.count), to: &out)
            return (2, out + bytes)
        case "bool":
            guard case .identifier(let name) = value, name == "true" || name == "false" else { throw mismatch }
            return (0, [name == "true" ? 1 : 0])
        case "double", "float":
            guard let double = floatingValue(value) else { throw mismatch }
            if type == "double" {
                withUnsafeBytes(of: double.bitPattern.littleEndian) { out += $0 }
                return (1, out)
            }
            withUnsafeBytes(of: Float(double).bitPattern.littleEndian) { out += $0 }
            return (5, out)
        default:
            guard case .integer(let negative, let literal) = value, let magnitude = ProtoParser.integerValue(literal) else { throw mismatch }
            let (low, high): (Int64, UInt64) =
                switch type {
                case "int32", "sint32", "sfixed32": (Int64(Int32.min), UInt64(Int32.max))
                case "uint32", "fixed32": (0, UInt64(UInt32.max))
                case "uint64", "fixed64": (0, UInt64.max)
                default: (Int64.min, UInt64(Int64.max))
                }
            if negative {
                let largestNegative: UInt64 = low == 0 ? 0 : UInt64(-(low + 1)) + 1
                guard magnitude <= largestNegative else { throw mismatch }
            } else {
                guard magnitude <= high else { throw mismatch }
            }
            // Two's complement of the value in 64 bits.
            let bits = negative ? 0 &- magnitude : magnitude
            switch type {
            case "sint32", "sint64":
                let signed = Int64(bitPattern: bits)
                ProtoWireWriter.zigZag(signed, to: &out)
                return (0, out)
            case "fixed32", "sfixed32":
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian) { out += $0 }
                return (5, out)
            case "fixed64", "sfixed64":
                withUnsafeBytes(of: bits.littleEndian) { out += $0 }
                return (1, out)
            default:
                ProtoWireWriter.varint(bits, to: &out)
                return (0, out)
            }
        }
    }

    private static func floatingValue(_ value: ProtoConstant) -> Double? {
        switch value {
        case .integer(let negative, let literal):
            return ProtoParser.integerValue(literal).map { negative ? -Double($0) : Double($0) }
        case .float(let negative, let literal):
            let magnitude: Double? =
                switch literal {
                case "inf": .infinity
                case "nan": .nan
                default: Double(literal.hasSuffix("f") || literal.hasSuffix("F") ? String(literal.dropLast()) : literal)
                }
            return magnitude.map { negative ? -$0 : $0 }
        case .identifier("inf"): return .infinity
        case .identifier("nan"): return .nan
        default: return nil
        }
    }

    private static func describe(_ value: ProtoConstant) -> String { ProtoDescriptorBuilder.textFormat(value) }
}
