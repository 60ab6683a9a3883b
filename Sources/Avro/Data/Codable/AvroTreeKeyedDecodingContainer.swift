/// A keyed container over a record's fields or a map's entries.
///
/// Only keys present in the tree exist: for a record that is every schema field, so a Swift
/// property the schema lacks is absent (`nil` for an Optional, `keyNotFound` otherwise) and a
/// schema field the Swift type lacks is simply never asked for.
struct AvroTreeKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(key: String, value: CodableTree)]
    let codingPath: [any CodingKey]
    /// Key positions, only for large objects; records are small and a linear scan beats hashing.
    private let positions: [String: Int]?

    private static var indexThreshold: Int { 16 }

    init(entries: [(key: String, value: CodableTree)], codingPath: [any CodingKey]) {
        self.entries = entries
        self.codingPath = codingPath
        if entries.count > Self.indexThreshold {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(entries.count)
            for (i, entry) in entries.enumerated() where positions[entry.key] == nil { positions[entry.key] = i }
            self.positions = positions
        } else {
            positions = nil
        }
    }

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { position(of: key.stringValue) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try node(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try node(key).bool(at: codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try node(key).string(at: codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try floating(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try floating(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try integer(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try AvroTreeDecoder.decode(type, from: node(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try AvroTreeDecoder(node: node(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try AvroTreeDecoder(node: node(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    /// A decoder for the `super` entry, or for null when there is none, as Foundation's decoders do.
    func superDecoder() throws -> any Decoder {
        let key = AvroCodingKey.superKey
        let node = position(of: key.stringValue).map { entries[$0].value } ?? .null
        return AvroTreeDecoder(node: node, codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let node = position(of: key.stringValue).map { entries[$0].value } ?? .null
        return AvroTreeDecoder(node: node, codingPath: codingPath + [key])
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return entries.firstIndex { $0.key == key }
    }

    private func node(_ key: Key) throws -> CodableTree {
        guard let i = position(of: key.stringValue) else {
            let present = entries.map(\.key).joined(separator: ", ")
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "no value for '\(key.stringValue)'; present: \(present.isEmpty ? "none" : present)"
                )
            )
        }
        return entries[i].value
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try node(key).integer(type, at: codingPath + [key])
    }

    private func floating<T: BinaryFloatingPoint>(_ type: T.Type, _ key: Key) throws -> T {
        try node(key).floating(type, at: codingPath + [key])
    }
}
