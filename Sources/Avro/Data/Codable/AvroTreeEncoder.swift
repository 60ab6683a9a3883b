/// The `Encoder` that records a value as a ``CodableTree``; also its own single-value container,
/// since a single value needs no state beyond the slot.
final class AvroTreeEncoder: Encoder, SingleValueEncodingContainer {
    let slot: AvroTreeEncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(slot: AvroTreeEncodingSlot, codingPath: [any CodingKey]) {
        self.slot = slot
        self.codingPath = codingPath
    }

    /// The tree of `value`, with errors still in Codable's form (the caller wraps them).
    static func tree<T: Encodable>(of value: T) throws -> CodableTree {
        try tree(of: value, codingPath: [])
    }

    /// Encodes `value` on its own and returns the finished tree. `[UInt8]` is recognised before
    /// it dissolves into an unkeyed container of numbers, so `bytes` and `fixed` can be told from
    /// arrays when picking a union branch.
    static func tree<T: Encodable>(of value: T, codingPath: [any CodingKey]) throws -> CodableTree {
        // The metatype comparison is cheap; the dynamic cast only runs when it matches.
        if T.self == [UInt8].self, let bytes = value as? [UInt8] { return .bytes(bytes) }
        let slot = AvroTreeEncodingSlot()
        try value.encode(to: AvroTreeEncoder(slot: slot, codingPath: codingPath))
        return slot.tree
    }

    /// The tree of an integer, or the error Foundation would give for one that does not fit any
    /// Avro type (only `Int128`/`UInt128` can be that large).
    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> CodableTree {
        guard let tree = CodableTree.integer(value) else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: codingPath, debugDescription: "\(value) does not fit in 64 bits, the widest Avro integer"
                )
            )
        }
        return tree
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.becomeKeyed()
        return KeyedEncodingContainer(AvroTreeKeyedEncodingContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.becomeUnkeyed()
        return AvroTreeUnkeyedEncodingContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    // MARK: SingleValueEncodingContainer

    func encodeNil() { slot.store(.null) }
    func encode(_ value: Bool) { slot.store(.bool(value)) }
    func encode(_ value: String) { slot.store(.string(value)) }
    func encode(_ value: Double) { slot.store(.floating(value)) }
    func encode(_ value: Float) { slot.store(.floating(Double(value))) }
    func encode(_ value: Int) throws { try encodeInteger(value) }
    func encode(_ value: Int8) throws { try encodeInteger(value) }
    func encode(_ value: Int16) throws { try encodeInteger(value) }
    func encode(_ value: Int32) throws { try encodeInteger(value) }
    func encode(_ value: Int64) throws { try encodeInteger(value) }
    func encode(_ value: Int128) throws { try encodeInteger(value) }
    func encode(_ value: UInt) throws { try encodeInteger(value) }
    func encode(_ value: UInt8) throws { try encodeInteger(value) }
    func encode(_ value: UInt16) throws { try encodeInteger(value) }
    func encode(_ value: UInt32) throws { try encodeInteger(value) }
    func encode(_ value: UInt64) throws { try encodeInteger(value) }
    func encode(_ value: UInt128) throws { try encodeInteger(value) }

    func encode<T: Encodable>(_ value: T) throws {
        slot.store(try Self.tree(of: value, codingPath: codingPath))
    }

    private func encodeInteger<T: BinaryInteger>(_ value: T) throws {
        slot.store(try Self.integer(value, codingPath: codingPath))
    }
}
