/// A keyed container writing into a shared ``AvroTreeEncodingSlot``: a record's fields or a
/// map's entries, told apart later by the schema.
struct AvroTreeKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: AvroTreeEncodingSlot
    let codingPath: [any CodingKey]

    func encodeNil(forKey key: Key) { set(.null, key) }
    func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
    func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    func encode(_ value: Double, forKey key: Key) { set(.floating(value), key) }
    func encode(_ value: Float, forKey key: Key) { set(.floating(Double(value)), key) }
    func encode(_ value: Int, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: Int8, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: Int16, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: Int32, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: Int64, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: Int128, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt8, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt16, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt32, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt64, forKey key: Key) throws { try setInteger(value, key) }
    func encode(_ value: UInt128, forKey key: Key) throws { try setInteger(value, key) }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try AvroTreeEncoder.tree(of: value, codingPath: codingPath + [key]), key)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = slot.openChild(forKey: key.stringValue)
        child.becomeKeyed()
        return KeyedEncodingContainer(AvroTreeKeyedEncodingContainer<NestedKey>(slot: child, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = slot.openChild(forKey: key.stringValue)
        child.becomeUnkeyed()
        return AvroTreeUnkeyedEncodingContainer(slot: child, codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder {
        let key = AvroCodingKey.superKey
        return AvroTreeEncoder(slot: slot.openChild(forKey: key.stringValue), codingPath: codingPath + [key])
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        AvroTreeEncoder(slot: slot.openChild(forKey: key.stringValue), codingPath: codingPath + [key])
    }

    private func set(_ tree: CodableTree, _ key: Key) {
        slot.set(.value(tree), forKey: key.stringValue)
    }

    private func setInteger<T: BinaryInteger>(_ value: T, _ key: Key) throws {
        set(try AvroTreeEncoder.integer(value, codingPath: codingPath + [key]), key)
    }
}
