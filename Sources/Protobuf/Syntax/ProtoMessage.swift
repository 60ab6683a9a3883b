/// `message Name { ... }`, or the body of a proto2 `group`.
public struct ProtoMessage: Sendable, Hashable {
    public var name: String
    public var location: ProtoSourceLocation
    /// Fields, oneofs, nested types, extensions and the rest, in declaration order.
    public var elements: [ProtoMessageElement] = []
    public var options: [ProtoOption] = []
    public var reservedRanges: [ProtoRange] = []
    public var reservedNames: [String] = []
    /// The `reserved` statements as written, each with its own numbers or names (the
    /// canonical text keeps their grouping).
    public var reservedStatements: [ProtoReserved] = []
    public var extensionRanges: [ProtoExtensionRange] = []
    /// The declaration's leading comment lines.
    public var comments: [String] = []
    /// Whether this is the synthetic entry message of a map field.
    public var isMapEntry = false

    public init(name: String, location: ProtoSourceLocation) {
        self.name = name
        self.location = location
    }

    /// Every field, those inside oneofs included, in declaration order.
    public var allFields: [ProtoField] {
        elements.flatMap { element -> [ProtoField] in
            switch element {
            case .field(let f): return [f]
            case .oneof(let o): return o.fields
            default: return []
            }
        }
    }

    /// The nested message types as protoc lists them (`nested_type`): declared messages,
    /// groups' bodies and the synthetic entry message of each map field, in declaration order.
    /// Message indexes count these.
    public var nestedMessages: [ProtoMessage] {
        func fromField(_ f: ProtoField) -> ProtoMessage? { f.group ?? f.mapEntry }
        return elements.flatMap { element -> [ProtoMessage] in
            switch element {
            case .message(let m): return [m]
            case .field(let f): return fromField(f).map { [$0] } ?? []
            case .oneof(let o): return o.fields.compactMap(fromField)
            default: return []
            }
        }
    }

    /// The nested enums, in declaration order.
    public var nestedEnums: [ProtoEnum] { elements.compactMap { if case .enum(let e) = $0 { e } else { nil } } }

    /// The oneofs, in declaration order.
    public var oneofs: [ProtoOneof] { elements.compactMap { if case .oneof(let o) = $0 { o } else { nil } } }
}

/// What a message body holds.
public enum ProtoMessageElement: Sendable, Hashable {
    case field(ProtoField)
    case oneof(ProtoOneof)
    case message(ProtoMessage)
    case `enum`(ProtoEnum)
    case extend(ProtoExtend)
}

/// A field: `optional string name = 1 [json_name = "n"];`, `map<string, int32> m = 2;`, or a
/// proto2 `repeated group Item = 3 { ... }`.
public struct ProtoField: Sendable, Hashable {
    public enum Label: String, Sendable, Hashable {
        case optional
        case required
        case repeated
    }

    /// The label as written; nil for none (proto3 implicit presence, oneof and map fields).
    public var label: Label?
    /// The type as written: a scalar (`int32`), a message or enum name (`.pkg.Msg`, `Msg`),
    /// `group` for groups.
    public var type: String
    /// For `map<K, V>` fields, the key and value types (`type` is then `map<K, V>`).
    public var map: ProtoMapTypes?
    public var name: String
    public var number: Int
    public var options: [ProtoOption] = []
    /// A group's body (its name is the group's, the field's is its lower-case form).
    public var group: ProtoMessage?
    public var location: ProtoSourceLocation
    public var comments: [String] = []

    public init(label: Label?, type: String, name: String, number: Int, location: ProtoSourceLocation) {
        self.label = label
        self.type = type
        self.name = name
        self.number = number
        self.location = location
    }
}

extension ProtoField {
    /// The synthetic message protoc makes for a map field: `<FieldName>Entry` with `key = 1`
    /// and `value = 2` and `option map_entry = true`.
    public var mapEntry: ProtoMessage? {
        guard let map else { return nil }
        var entry = ProtoMessage(name: Self.mapEntryName(name), location: location)
        entry.elements = [
            .field(ProtoField(label: .optional, type: map.key, name: "key", number: 1, location: location)),
            .field(ProtoField(label: .optional, type: map.value, name: "value", number: 2, location: location)),
        ]
        entry.options = [ProtoOption(name: [ProtoOptionNamePart("map_entry")], value: .identifier("true"), location: location)]
        entry.isMapEntry = true
        return entry
    }

    /// protoc's entry name for a map field: the first letter and every letter after an
    /// underscore upper-cased, the underscores dropped, then `Entry` (`by_name` -> `ByNameEntry`).
    static func mapEntryName(_ field: String) -> String { ProtoNames.camelCase(field, upperFirst: true) + "Entry" }
}

/// The key and value types of a map field.
public struct ProtoMapTypes: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// `oneof name { ... }`.
public struct ProtoOneof: Sendable, Hashable {
    public var name: String
    public var fields: [ProtoField] = []
    public var options: [ProtoOption] = []
    public var location: ProtoSourceLocation

    public init(name: String, location: ProtoSourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A range of field or enum numbers, both ends included; `end` nil means `max`.
public struct ProtoRange: Sendable, Hashable {
    public var start: Int
    public var end: Int?

    public init(start: Int, end: Int?) {
        self.start = start
        self.end = end
    }
}

/// One `reserved` statement: numbers and ranges, or names.
public struct ProtoReserved: Sendable, Hashable {
    public var ranges: [ProtoRange]
    public var names: [String]

    public init(ranges: [ProtoRange] = [], names: [String] = []) {
        self.ranges = ranges
        self.names = names
    }
}

/// `extensions 100 to 199 [declaration = ...];`: ranges with their options.
public struct ProtoExtensionRange: Sendable, Hashable {
    public var ranges: [ProtoRange]
    public var options: [ProtoOption] = []

    public init(ranges: [ProtoRange], options: [ProtoOption] = []) {
        self.ranges = ranges
        self.options = options
    }
}

/// `extend Type { fields }`.
public struct ProtoExtend: Sendable, Hashable {
    /// The extended message's name as written.
    public var extendee: String
    public var fields: [ProtoField] = []
    public var location: ProtoSourceLocation

    public init(extendee: String, location: ProtoSourceLocation) {
        self.extendee = extendee
        self.location = location
    }
}
