/// The `Decoder` that offers a ``CodableTree`` to `init(from:)`; also its own single-value
/// container, since a single value needs no state beyond the node.
final class AvroTreeDecoder: Decoder, SingleValueDecodingContainer {
    let node: CodableTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: CodableTree, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Decodes `type` from `node`. `[UInt8]` is taken straight from a `bytes`/`fixed` node
    /// instead of element by element.
    static func decode<T: Decodable>(_ type: T.Type, from node: CodableTree, codingPath: [any CodingKey]) throws -> T {
        if T.self == [UInt8].self, case .bytes(let bytes) = node, let value = bytes as? T { return value }
        return try T(from: AvroTreeDecoder(node: node, codingPath: codingPath))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let entries) = node else {
            throw node.mismatch([String: Any].self, "a record or map", codingPath)
        }
        return KeyedDecodingContainer(AvroTreeKeyedDecodingContainer<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch node {
        case .array(let items):
            return AvroTreeUnkeyedDecodingContainer(items: items, codingPath: codingPath)
        case .bytes(let bytes):
            return AvroTreeUnkeyedDecodingContainer(items: bytes.map { .signed(Int64($0)) }, codingPath: codingPath)
        default:
            throw node.mismatch([Any].self, "an array, bytes or fixed", codingPath)
        }
    }

    func singleValueContainer() -> any SingleValueDecodingContainer {
        self
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try node.bool(at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try node.string(at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try node.floating(type, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try node.floating(type, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try node.integer(type, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.integer(type, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.integer(type, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.integer(type, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.integer(type, at: codingPath) }
    func decode(_ type: Int128.Type) throws -> Int128 { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.integer(type, at: codingPath) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try node.integer(type, at: codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Self.decode(type, from: node, codingPath: codingPath)
    }
}
