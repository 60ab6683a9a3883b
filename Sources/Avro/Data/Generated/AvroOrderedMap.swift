/// An Avro map that keeps its entries in order.
///
/// Avro writes a map's entries in the order they are given, so two encoders agree byte for byte
/// only if they agree on that order; a Swift `Dictionary` has none. Generated code uses this
/// type for maps when asked (`--ordered-maps`), for producers whose bytes must be reproducible
/// (hashed, deduplicated, compared with another implementation's).
public struct AvroOrderedMap<Value> {
    /// The entries, in order; a key should appear once.
    public var entries: [(key: String, value: Value)]

    /// Creates a map of `entries`, in their order.
    public init(_ entries: [(key: String, value: Value)] = []) {
        self.entries = entries
    }

    /// The number of entries.
    public var count: Int { entries.count }
    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value of `key` (the last one if it repeats); setting appends a new key at the end.
    public subscript(key: String) -> Value? {
        get { entries.last { $0.key == key }?.value }
        set {
            if let i = entries.lastIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }
}

extension AvroOrderedMap: Sequence {
    /// Iterates the entries in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> {
        entries.makeIterator()
    }
}

extension AvroOrderedMap: ExpressibleByDictionaryLiteral {
    /// A map of the literal's entries, in the order written.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension AvroOrderedMap: Equatable where Value: Equatable {
    /// Equal entries in the same order.
    public static func == (a: Self, b: Self) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension AvroOrderedMap: Hashable where Value: Hashable {
    /// Hashes the entries in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}

extension AvroOrderedMap: Sendable where Value: Sendable {}

extension AvroOrderedMap: Codable where Value: Codable {
    struct EntryKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a keyed container's entries in the order it lists its keys (Avro's decoders
    /// list them as they come in the data).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: EntryKey.self)
        entries = try c.allKeys.map { ($0.stringValue, try c.decode(Value.self, forKey: $0)) }
    }

    /// Encodes the entries into a keyed container, in order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EntryKey.self)
        for (key, value) in entries { try c.encode(value, forKey: EntryKey(stringValue: key)) }
    }
}
