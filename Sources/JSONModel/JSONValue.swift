/// A JSON document as the schema formats need it: object members keep their order and
/// integers keep every bit.
///
/// Foundation's `JSONSerialization` loses both (dictionaries are unordered and numbers become
/// `NSNumber`), but Avro's canonical text prints custom properties in document order and
/// Avro data carries 64-bit integers that a `Double` cannot hold, so the formats share this
/// model instead.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The string payload, or `nil` for any other kind of value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object payload, or `nil` for any other kind of value.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, or `nil` for any other kind of value.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The integer payload, or `nil` for any other kind of value (doubles included, even 1.0).
    public var integerValue: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The numeric value as a `Double`, for integers and doubles alike.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value, or `nil` for JSON `null`: for members whose null means absent.
    ///
    /// Written out because `JSONValue` is `ExpressibleByNilLiteral`: in `v.isNull ? nil : v`
    /// the `nil` is read as JSON null, so the expression never gives an absent value.
    public var nonNull: JSONValue? {
        if case .null = self { return nil }
        return self
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the kind of value, for error messages ("a string", "an object").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The members of a JSON object in document order.
///
/// Equality ignores order, as JSON's does; iteration and serialisation keep it. A key that
/// occurs twice keeps its first position and its last value, as Jackson's `ObjectNode` does.
public struct JSONObject: Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One member of an object.
    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in order.
    public private(set) var members: [Member]

    /// Creates an empty object.
    public init() { members = [] }

    /// Creates an object from members in order; later duplicates replace earlier values.
    public init(_ members: [Member]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for m in members { self[m.key] = m.value }
    }

    /// Creates an object from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Appends a member without looking for an earlier one with the same key.
    ///
    /// For builders that know their keys are distinct; it keeps construction linear.
    public mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// A copy with the members sorted by key (code-point order), recursively, for normal forms.
    public func sortedRecursively() -> JSONObject {
        var copy = JSONObject()
        copy.members = members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            .map { Member(key: $0.key, value: $0.value.sortedRecursively()) }
        return copy
    }
}

extension JSONValue {
    /// A copy in which every object's members are sorted by key.
    public func sortedRecursively() -> JSONValue {
        switch self {
        case .object(let o): return .object(o.sortedRecursively())
        case .array(let a): return .array(a.map { $0.sortedRecursively() })
        default: return self
        }
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for m in lhs.members where rhs[m.key] != m.value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with `==`.
        var combined = 0
        for m in members {
            var h = Hasher()
            h.combine(m)
            combined ^= h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
