import JSONModel

/// A record, enum or fixed: the types that have a name and are defined once per schema.
public enum AvroNamedType: Hashable, Sendable {
    case record(AvroRecord)
    case enumeration(AvroEnum)
    case fixed(AvroFixed)

    /// The type's name and namespace.
    public var name: AvroName {
        switch self {
        case .record(let r): return r.name
        case .enumeration(let e): return e.name
        case .fixed(let f): return f.name
        }
    }

    /// The aliases, as full names.
    public var aliases: [String] {
        switch self {
        case .record(let r): return r.aliases
        case .enumeration(let e): return e.aliases
        case .fixed(let f): return f.aliases
        }
    }
}

/// A name with its namespace. The namespace is `nil` for the null namespace.
public struct AvroName: Hashable, Sendable, CustomStringConvertible {
    /// The simple name, without namespace.
    public var name: String
    /// The namespace, `nil` for none.
    public var namespace: String?

    /// Creates a name.
    public init(name: String, namespace: String?) {
        self.name = name
        self.namespace = (namespace?.isEmpty ?? true) ? nil : namespace
    }

    /// Splits a possibly dotted full name; a name without a dot takes `defaultNamespace`.
    public init(resolving text: String, in defaultNamespace: String?) {
        if let dot = text.lastIndex(of: ".") {
            self.init(name: String(text[text.index(after: dot)...]), namespace: String(text[..<dot]))
        } else {
            self.init(name: text, namespace: defaultNamespace)
        }
    }

    /// `namespace.name`, or `name` in the null namespace.
    public var fullName: String {
        if let namespace { return namespace + "." + name }
        return name
    }

    /// The name as written relative to `enclosingNamespace`: short when the namespaces agree.
    public func qualified(relativeTo enclosingNamespace: String?) -> String {
        namespace == enclosingNamespace ? name : fullName
    }

    public var description: String { fullName }
}

/// An Avro record (or `error`, which Avro treats as a record).
public struct AvroRecord: Hashable, Sendable {
    public var name: AvroName
    public var doc: String?
    /// Aliases as full names, de-duplicated, in declaration order.
    public var aliases: [String]
    public var fields: [AvroField]
    /// Attributes other than the reserved ones, in document order.
    public var properties: JSONObject
    /// Whether it was declared with `"type":"error"`.
    public var isError: Bool

    /// Creates a record.
    public init(
        name: AvroName, doc: String? = nil, aliases: [String] = [], fields: [AvroField],
        properties: JSONObject = [:], isError: Bool = false
    ) {
        self.name = name
        self.doc = doc
        self.aliases = aliases
        self.fields = fields
        self.properties = properties
        self.isError = isError
    }

    /// The position of the field named `name`.
    public func fieldIndex(named name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}

/// One field of a record.
public struct AvroField: Hashable, Sendable {
    public var name: String
    public var type: AvroType
    public var doc: String?
    /// The default as written (validated against `type`: a union's default matches its first branch).
    public var defaultValue: JSONValue?
    public var order: AvroSortOrder
    /// Field aliases (simple names), de-duplicated, in declaration order.
    public var aliases: [String]
    /// Attributes other than the reserved ones, in document order.
    public var properties: JSONObject

    /// Creates a field.
    public init(
        name: String, type: AvroType, doc: String? = nil, defaultValue: JSONValue? = nil,
        order: AvroSortOrder = .ascending, aliases: [String] = [], properties: JSONObject = [:]
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.defaultValue = defaultValue
        self.order = order
        self.aliases = aliases
        self.properties = properties
    }
}

/// An Avro enum.
public struct AvroEnum: Hashable, Sendable {
    public var name: AvroName
    public var doc: String?
    public var aliases: [String]
    public var symbols: [String]
    /// The enum-level `default` symbol, used when a reader meets a symbol it lacks.
    public var defaultSymbol: String?
    public var properties: JSONObject

    /// Creates an enum.
    public init(
        name: AvroName, doc: String? = nil, aliases: [String] = [], symbols: [String],
        defaultSymbol: String? = nil, properties: JSONObject = [:]
    ) {
        self.name = name
        self.doc = doc
        self.aliases = aliases
        self.symbols = symbols
        self.defaultSymbol = defaultSymbol
        self.properties = properties
    }
}

/// An Avro fixed: exactly `size` bytes.
public struct AvroFixed: Hashable, Sendable {
    public var name: AvroName
    public var doc: String?
    public var aliases: [String]
    public var size: Int
    /// `decimal` or `duration` when validly annotated.
    public var logicalType: AvroLogicalType?
    public var properties: JSONObject

    /// Creates a fixed.
    public init(
        name: AvroName, doc: String? = nil, aliases: [String] = [], size: Int,
        logicalType: AvroLogicalType? = nil, properties: JSONObject = [:]
    ) {
        self.name = name
        self.doc = doc
        self.aliases = aliases
        self.size = size
        self.logicalType = logicalType
        self.properties = properties
    }
}
