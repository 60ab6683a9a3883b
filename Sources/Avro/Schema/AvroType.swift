import JSONModel

/// One node of an Avro schema.
///
/// Named types (records, enums, fixed) appear in the tree only as `.named(fullName)`; their
/// definitions live once in `AvroSchema.types`. That keeps the tree a value type even for
/// recursive schemas, and it is also how Avro itself thinks: a name is defined once and then
/// referred to.
public indirect enum AvroType: Hashable, Sendable {
    /// `null`, `boolean`, `int`, `long`, `float`, `double`, `bytes` or `string`, possibly with a
    /// logical type and custom properties.
    case primitive(AvroPrimitiveType)
    /// `{"type":"array","items":...}`.
    case array(items: AvroType, properties: JSONObject)
    /// `{"type":"map","values":...}`; keys are always strings.
    case map(values: AvroType, properties: JSONObject)
    /// A union of branches, in declaration order (the order matters for encoding and defaults).
    case union([AvroType])
    /// A reference to the record, enum or fixed with this full name.
    case named(String)

    /// A bare primitive with no logical type or properties.
    public static func primitive(_ kind: AvroPrimitive) -> AvroType {
        .primitive(AvroPrimitiveType(kind))
    }

    public static let null = AvroType.primitive(.null)
    public static let boolean = AvroType.primitive(.boolean)
    public static let int = AvroType.primitive(.int)
    public static let long = AvroType.primitive(.long)
    public static let float = AvroType.primitive(.float)
    public static let double = AvroType.primitive(.double)
    public static let bytes = AvroType.primitive(.bytes)
    public static let string = AvroType.primitive(.string)
}

/// The eight primitive Avro types.
public enum AvroPrimitive: String, Hashable, Sendable, CaseIterable {
    case null, boolean, int, long, float, double, bytes, string
}

/// A primitive type as written in a schema: its kind, its logical type if one is valid, and
/// the custom properties Avro keeps (including `logicalType` itself, as Java Avro does).
public struct AvroPrimitiveType: Hashable, Sendable {
    /// The underlying primitive.
    public var kind: AvroPrimitive
    /// The logical type when the annotation is valid for `kind`; an invalid one is `nil` and
    /// stays only as a property, as the specification asks.
    public var logicalType: AvroLogicalType?
    /// Every attribute other than `type`, in document order.
    public var properties: JSONObject

    /// Creates a primitive type.
    public init(_ kind: AvroPrimitive, logicalType: AvroLogicalType? = nil, properties: JSONObject = [:]) {
        self.kind = kind
        self.logicalType = logicalType
        self.properties = properties
    }
}

/// How a field sorts (`order` attribute); it affects only Avro's sort order of binary data.
public enum AvroSortOrder: String, Hashable, Sendable {
    case ascending, descending, ignore
}

/// The logical types of the Avro 1.12 specification.
public enum AvroLogicalType: Hashable, Sendable {
    case decimal(precision: Int, scale: Int)
    case uuid
    case date
    case timeMillis
    case timeMicros
    case timestampMillis
    case timestampMicros
    case timestampNanos
    case localTimestampMillis
    case localTimestampMicros
    case localTimestampNanos
    case duration

    /// The `logicalType` attribute value.
    public var name: String {
        switch self {
        case .decimal: return "decimal"
        case .uuid: return "uuid"
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .timestampNanos: return "timestamp-nanos"
        case .localTimestampMillis: return "local-timestamp-millis"
        case .localTimestampMicros: return "local-timestamp-micros"
        case .localTimestampNanos: return "local-timestamp-nanos"
        case .duration: return "duration"
        }
    }
}
