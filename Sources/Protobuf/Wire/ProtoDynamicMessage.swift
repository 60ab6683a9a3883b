/// A Protobuf message read without generated code: each field by name, typed by the schema, for
/// consumers that have the writer's schema but no generated type (tools, bridges, debugging).
///
/// Fields keep their order on the wire; a field that appears more than once (repeated, or a
/// packed run) is one entry holding a list. Unknown field numbers are kept by number, so
/// nothing read is lost.
public struct ProtoDynamicMessage: Hashable, Sendable {
    /// The message's full name (`shop.v1.Order`).
    public var typeName: String
    /// The fields present, by name (or `#number` for a number the schema does not declare).
    public var fields: [(name: String, value: ProtoDynamicValue)]

    /// A message of type `typeName` with `fields`.
    public init(typeName: String, fields: [(name: String, value: ProtoDynamicValue)]) {
        self.typeName = typeName
        self.fields = fields
    }

    /// The value of the field `name`, if present.
    public subscript(name: String) -> ProtoDynamicValue? {
        fields.first { $0.name == name }?.value
    }

    public static func == (a: ProtoDynamicMessage, b: ProtoDynamicMessage) -> Bool {
        a.typeName == b.typeName && a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

/// One field's value in a `ProtoDynamicMessage`.
public indirect enum ProtoDynamicValue: Hashable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    /// An enum value: its name when the schema has one for the number.
    case enumValue(name: String?, number: Int32)
    case message(ProtoDynamicMessage)
    /// A repeated field.
    case list([ProtoDynamicValue])
    /// A map field, entries in wire order.
    case map([ProtoDynamicMapEntry])
    /// A field the schema does not declare: its raw wire value.
    case unknown(wireType: Int, bytes: [UInt8])
}

/// One entry of a map field.
public struct ProtoDynamicMapEntry: Hashable, Sendable {
    public var key: ProtoDynamicValue
    public var value: ProtoDynamicValue

    public init(key: ProtoDynamicValue, value: ProtoDynamicValue) {
        self.key = key
        self.value = value
    }
}

/// Why bytes do not read as a message of the schema.
public struct ProtoDynamicDecodingError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Reads messages of a file (with the files it imports) without generated code.
public struct ProtoDynamicDecoder: Sendable {
    private let index: ProtoTypeIndex
    private let file: ProtoFile
    private var symbols: ProtoSymbolTable { index.symbols }
    private var messages: [String: (message: ProtoMessage, proto3: Bool)] { index.messages }
    private var enums: [String: ProtoEnum] { index.enums }

    /// A decoder for messages of `file`, whose imports are `dependencies` (the built-in files
    /// need not be given).
    public init(file: ProtoFile, dependencies: [ProtoFile] = []) {
        self.file = file
        index = ProtoTypeIndex(file: file, dependencies: dependencies)
    }

    /// The message at message indexes `path` of the file, read from `bytes`.
    public func decode(_ bytes: some Collection<UInt8>, messageAt path: [Int]) throws(ProtoDynamicDecodingError) -> ProtoDynamicMessage {
        guard let (name, _) = ProtoMessageIndexes.message(at: path, in: file) else {
            throw ProtoDynamicDecodingError(description: "no message at indexes \(path)")
        }
        return try decode(Array(bytes)[...], type: ProtoSymbolTable.join(file.package ?? "", name), depth: 0)
    }

    private func decode(_ bytes: ArraySlice<UInt8>, type: String, depth: Int) throws(ProtoDynamicDecodingError) -> ProtoDynamicMessage {
        var reader = ProtoWireReader(bytes: bytes)
        return try decodeFields(from: &reader, type: type, depth: depth, endingGroup: nil)
    }

    /// The fields of a message of `type` read from `reader`: to its end, or, for a proto2
    /// group, to the end-group record of field `endingGroup`.
    private func decodeFields(
        from reader: inout ProtoWireReader, type: String, depth: Int, endingGroup: Int?
    ) throws(ProtoDynamicDecodingError) -> ProtoDynamicMessage {
        guard depth < 100 else { throw ProtoDynamicDecodingError(description: "messages nested deeper than 100 levels") }
        guard let (message, proto3) = messages[type] else { throw ProtoDynamicDecodingError(description: "unknown message type \(type)") }
        let declared = message.allFields
        var result = ProtoDynamicMessage(typeName: type, fields: [])
        while true {
            if reader.isAtEnd {
                guard endingGroup == nil else { throw ProtoDynamicDecodingError(description: "the group \(type) has no end") }
                return result
            }
            let key = try reader.varint()
            let number = Int(key >> 3), wireType = Int(key & 7)
            if wireType == 4 {
                guard number == endingGroup else { throw ProtoDynamicDecodingError(description: "an end of group \(number) that was not started") }
                return result
            }
            guard number > 0 else { throw ProtoDynamicDecodingError(description: "field number 0 in \(type)") }
            guard let field = declared.first(where: { $0.number == number }) else {
                let raw = try reader.raw(wireType: wireType)
                append(.unknown(wireType: wireType, bytes: raw), named: "#\(number)", repeated: true, to: &result)
                continue
            }
            let values = try read(field, wireType: wireType, from: &reader, scope: type, proto3: proto3, depth: depth)
            let repeated = field.label == .repeated || field.map != nil
            for value in values { append(value, named: field.name, repeated: repeated, to: &result) }
        }
    }

    private func append(_ value: ProtoDynamicValue, named name: String, repeated: Bool, to message: inout ProtoDynamicMessage) {
        guard let index = message.fields.firstIndex(where: { $0.name == name }) else {
            if repeated {
                if case .map = value {
                    message.fields.append((name, value))
                } else {
                    message.fields.append((name, .list([value])))
                }
            } else {
                message.fields.append((name, value))
            }
            return
        }
        switch (message.fields[index].value, value) {
        case (.list(let items), _): message.fields[index].value = .list(items + [value])
        case (.map(let a), .map(let b)): message.fields[index].value = .map(a + b)
        default: message.fields[index].value = value  // a singular field seen again: the last wins
        }
    }

    /// The value (or, for a packed run, values) of one record of `field`.
    private func read(
        _ field: ProtoField, wireType: Int, from reader: inout ProtoWireReader, scope: String, proto3: Bool, depth: Int
    ) throws(ProtoDynamicDecodingError) -> [ProtoDynamicValue] {
        if let map = field.map {
            let entryBytes = try reader.lengthDelimited()
            var entryReader = ProtoWireReader(bytes: entryBytes)
            var key: ProtoDynamicValue?, value: ProtoDynamicValue?
            let keyField = ProtoField(label: nil, type: map.key, name: "key", number: 1, location: field.location)
            let valueField = ProtoField(label: nil, type: map.value, name: "value", number: 2, location: field.location)
            while !entryReader.isAtEnd {
                let entryKey = try entryReader.varint()
                switch entryKey >> 3 {
                case 1: key = try read(keyField, wireType: Int(entryKey & 7), from: &entryReader, scope: scope, proto3: proto3, depth: depth).last
                case 2: value = try read(valueField, wireType: Int(entryKey & 7), from: &entryReader, scope: scope, proto3: proto3, depth: depth).last
                default: _ = try entryReader.raw(wireType: Int(entryKey & 7))
                }
            }
            return [.map([ProtoDynamicMapEntry(
                key: key ?? zero(of: keyField, scope: scope), value: value ?? zero(of: valueField, scope: scope))])]
        }
        let scalar = ProtoSymbolTable.scalarNames.contains(field.type) ? field.type : nil
        let resolved = scalar == nil ? symbols.resolve(field.type, in: scope) : nil
        if field.group != nil || (resolved?.kind == .message) {
            let typeName = field.group.map { ProtoSymbolTable.join(scope, $0.name) } ?? resolved!.fullName
            if wireType == 3 {
                return [.message(try decodeFields(from: &reader, type: typeName, depth: depth + 1, endingGroup: field.number))]
            }
            return [.message(try decode(try reader.lengthDelimited(), type: typeName, depth: depth + 1))]
        }
        // A packed run of numbers.
        if wireType == 2, scalar != "string", scalar != "bytes" {
            var run = ProtoWireReader(bytes: try reader.lengthDelimited())
            var values: [ProtoDynamicValue] = []
            while !run.isAtEnd { values.append(try number(of: field, scalar: scalar, enumName: resolved?.fullName, wireType: packedWireType(scalar), from: &run)) }
            return values
        }
        if let scalar, scalar == "string" || scalar == "bytes" {
            let bytes = try reader.lengthDelimited()
            return [scalar == "string" ? .string(String(decoding: bytes, as: UTF8.self)) : .bytes(Array(bytes))]
        }
        return [try number(of: field, scalar: scalar, enumName: resolved?.fullName, wireType: wireType, from: &reader)]
    }

    private func packedWireType(_ scalar: String?) -> Int {
        switch scalar {
        case "fixed32", "sfixed32", "float": 5
        case "fixed64", "sfixed64", "double": 1
        default: 0
        }
    }

    private func number(
        of field: ProtoField, scalar: String?, enumName: String?, wireType: Int, from reader: inout ProtoWireReader
    ) throws(ProtoDynamicDecodingError) -> ProtoDynamicValue {
        switch wireType {
        case 0:
            let raw = try reader.varint()
            switch scalar {
            case "bool": return .bool(raw != 0)
            case "uint32", "uint64": return .uint(scalar == "uint32" ? UInt64(UInt32(truncatingIfNeeded: raw)) : raw)
            case "sint32", "sint64": return .int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
            case "int32": return .int(Int64(Int32(truncatingIfNeeded: raw)))
            case nil:
                let number = Int32(truncatingIfNeeded: raw)
                let name = enumName.flatMap { enums[$0] }?.values.first { $0.number == Int(number) }?.name
                return .enumValue(name: name, number: number)
            default: return .int(Int64(bitPattern: raw))
            }
        case 1:
            let raw = try reader.fixed(8)
            switch scalar {
            case "double": return .double(Double(bitPattern: raw))
            case "sfixed64": return .int(Int64(bitPattern: raw))
            default: return .uint(raw)
            }
        case 5:
            let raw = UInt32(truncatingIfNeeded: try reader.fixed(4))
            switch scalar {
            case "float": return .float(Float(bitPattern: raw))
            case "sfixed32": return .int(Int64(Int32(bitPattern: raw)))
            default: return .uint(UInt64(raw))
            }
        default:
            throw ProtoDynamicDecodingError(description: "wire type \(wireType) does not fit field \(field.name)")
        }
    }

    /// The value a map entry's missing key or value stands for.
    private func zero(of field: ProtoField, scope: String) -> ProtoDynamicValue {
        switch field.type {
        case "string": return .string("")
        case "bytes": return .bytes([])
        case "bool": return .bool(false)
        case "double": return .double(0)
        case "float": return .float(0)
        case "uint32", "uint64", "fixed32", "fixed64": return .uint(0)
        case "int32", "int64", "sint32", "sint64", "sfixed32", "sfixed64": return .int(0)
        default:
            guard let (name, kind) = symbols.resolve(field.type, in: scope) else { return .unknown(wireType: 0, bytes: []) }
            if kind == .enum {
                return .enumValue(name: enums[name]?.values.first { $0.number == 0 }?.name, number: 0)
            }
            return .message(ProtoDynamicMessage(typeName: name, fields: []))
        }
    }
}
