/// An unkeyed container appending to a shared ``AvroTreeEncodingSlot``: an array, or the bytes
/// of a `bytes`/`fixed` value written element by element (Foundation's `Data` does that).
struct AvroTreeUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let slot: AvroTreeEncodingSlot
    let codingPath: [any CodingKey]

    var count: Int { slot.count }

    func encodeNil() { append(.null) }
    func encode(_ value: Bool) { append(.bool(value)) }
    func encode(_ value: String) { append(.string(value)) }
    func encode(_ value: Double) { append(.floating(value)) }
    func encode(_ value: Float) { append(.floating(Double(value))) }
    func encode(_ value: Int) throws { try appendInteger(value) }
    func encode(_ value: Int8) throws { try appendInteger(value) }
    func encode(_ value: Int16) throws { try appendInteger(value) }
    func encode(_ value: Int32) throws { try appendInteger(value) }
    func encode(_ value: Int64) throws { try appendInteger(value) }
    func encode(_ value: Int128) throws { try appendInteger(value) }
    func encode(_ value: UInt) throws { try appendInteger(value) }
    func encode(_ value: UInt8) throws { try appendInteger(value) }
    func encode(_ value: UInt16) throws { try appendInteger(value) }
    func encode(_ value: UInt32) throws { try appendInteger(value) }
    func encode(_ value: UInt64) throws { try appendInteger(value) }
    func encode(_ value: UInt128) throws { try appendInteger(value) }

    func encode<T: Encodable>(_ value: T) throws {
        append(try AvroTreeEncoder.tree(of: value, codingPath: codingPath + [nextKey]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = slot.appendOpenChild()
        child.becomeKeyed()
        return KeyedEncodingContainer(AvroTreeKeyedEncodingContainer<NestedKey>(slot: child, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = slot.appendOpenChild()
        child.becomeUnkeyed()
        return AvroTreeUnkeyedEncodingContainer(slot: child, codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder {
        let key = nextKey
        return AvroTreeEncoder(slot: slot.appendOpenChild(), codingPath: codingPath + [key])
    }

    private var nextKey: AvroCodingKey { AvroCodingKey(index: slot.count) }

    private func append(_ tree: CodableTree) {
        slot.append(.value(tree))
    }

    private func appendInteger<T: BinaryInteger>(_ value: T) throws {
        append(try AvroTreeEncoder.integer(value, codingPath: codingPath + [nextKey]))
    }
}
