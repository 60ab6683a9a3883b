/// One key/value pair of an Avro map datum.
///
/// Maps are stored as an ordered list of entries rather than a dictionary because Avro writes
/// entries in the order the producer supplied them, and re-encoding must reproduce the same bytes
/// (Schema Registry users compare and hash payloads). Lookups by key are linear; maps in events are
/// small, and ``AvroValue/mapValue(forKey:)`` exists for the occasional read.
public struct AvroMapEntry: Hashable, Sendable {
    /// The map key; Avro map keys are always strings.
    public var key: String
    /// The entry's value, of the map's `values` type.
    public var value: AvroValue

    /// Creates an entry.
    public init(key: String, value: AvroValue) {
        self.key = key
        self.value = value
    }
}

extension AvroValue {
    /// The value stored under `key` when this is a map (first match), so callers need not loop
    /// over entries for a single read.
    public func mapValue(forKey key: String) -> AvroValue? {
        guard case .map(let entries) = self else { return nil }
        for e in entries where e.key == key { return e.value }
        return nil
    }
}
