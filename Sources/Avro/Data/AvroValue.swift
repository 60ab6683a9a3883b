/// A generic Avro datum: what a reader produces when no generated type exists, and what a
/// writer accepts.
///
/// The shape follows the schema rather than the JSON model, so that encoding needs no lookups:
/// - `record` holds its field values **positionally**, in the schema's field order. Reading by
///   name goes through ``AvroRecord/fieldIndex(named:)`` once and then indexes (see
///   ``AvroValue/subscript(field:in:)`` and ``AvroValue/field(named:in:)``); positional storage avoids a hash table
///   per record, which dominates decoding cost otherwise.
/// - `map` keeps entries in insertion order (`[AvroMapEntry]`), because Avro maps carry order
///   on the wire and byte-identical re-encoding depends on it.
/// - `enumeration` keeps the symbol next to its index, so a user can print it without the schema;
///   the symbol is stored first so that the whole enum fits in 24 bytes per element.
/// - `union` records the branch index explicitly: a value alone cannot say which branch it
///   belongs to (`["int","long"]`). Only this case is `indirect`, so the hot cases stay unboxed.
///
/// `Hashable` compares floating-point payloads with IEEE equality, so a datum holding NaN is not
/// equal to itself; compare bit patterns yourself if you need that.
public enum AvroValue: Hashable, Sendable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    /// Exactly the schema's `size` bytes.
    case fixed([UInt8])
    /// An enum symbol and its position in the schema's symbol list; the index is what is encoded.
    case enumeration(symbol: String, index: Int32)
    case array([AvroValue])
    /// Entries in wire (insertion) order; keys are expected to be distinct.
    case map([AvroMapEntry])
    /// Field values in the schema's field order.
    case record([AvroValue])
    /// The value of the union branch at `branch` (0-based, in declaration order).
    indirect case union(branch: Int, value: AvroValue)
}

extension AvroValue {
    /// The value inside a union, or the value itself otherwise; lets callers ignore nullability
    /// wrappers when they only want the payload.
    public var unwrappedUnion: AvroValue {
        if case .union(_, let v) = self { return v }
        return self
    }

    /// The positional field values when this is a record; `nil` otherwise.
    public var recordFields: [AvroValue]? {
        if case .record(let f) = self { return f }
        return nil
    }

    /// The field called `name` of this record value, looked up through `record`'s schema, because
    /// the value itself stores only positions. `nil` when this is not a record or there is no such field.
    public func field(named name: String, in record: AvroRecord) -> AvroValue? {
        guard case .record(let values) = self, let i = record.fieldIndex(named: name), i < values.count else { return nil }
        return values[i]
    }

    /// The string payload (also of a union branch), for convenient reads of optional strings.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .union(_, let v): return v.stringValue
        default: return nil
        }
    }

    /// The integer payload of `int` or `long` (also inside a union), widened so callers need not
    /// care which of the two the schema chose.
    public var integerValue: Int64? {
        switch self {
        case .int(let i): return Int64(i)
        case .long(let l): return l
        case .union(_, let v): return v.integerValue
        default: return nil
        }
    }

    /// Whether this is `null` or a union holding `null`, the common meaning of "absent".
    public var isNull: Bool {
        switch self {
        case .null: return true
        case .union(_, let v): return v.isNull
        default: return false
        }
    }

    /// A short kind name for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .bytes: return "bytes"
        case .string: return "string"
        case .fixed: return "fixed"
        case .enumeration: return "enum"
        case .array: return "array"
        case .map: return "map"
        case .record: return "record"
        case .union: return "union"
        }
    }
}

extension AvroValue {
    /// The value of the field called `name`, resolved through `schema` because records store
    /// values by position. Returns `nil` for a non-record or unknown field.
    public subscript(field name: String, in schema: AvroSchema) -> AvroValue? {
        guard let record = schema.record(schema.root) else { return nil }
        return field(named: name, in: record)
    }
}
