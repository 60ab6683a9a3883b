/// An unkeyed container over an array's items, or over the bytes of a `bytes`/`fixed` value.
struct AvroTreeUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let items: [CodableTree]
    let codingPath: [any CodingKey]
    /// Advances only after a successful decode, so a caller may retry an element as another type.
    private(set) var currentIndex = 0

    init(items: [CodableTree], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool {
        guard try current(Any.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.bool(at: $1) } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try $0.string(at: $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try $0.floating(type, at: $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try $0.floating(type, at: $1) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.integer(type, at: $1) } }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { try next { try $0.integer(type, at: $1) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next { try AvroTreeDecoder.decode(type, from: $0, codingPath: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next { try AvroTreeDecoder(node: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try AvroTreeDecoder(node: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { AvroTreeDecoder(node: $0, codingPath: $1) }
    }

    /// The current item, or `valueNotFound` past the end.
    private func current(_ type: Any.Type) throws -> CodableTree {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: codingPath + [AvroCodingKey(index: currentIndex)],
                    debugDescription: "no element at index \(currentIndex); the container has \(items.count)"
                )
            )
        }
        return items[currentIndex]
    }

    /// Decodes the current item with `body` and advances on success.
    private mutating func next<T>(_ body: (CodableTree, [any CodingKey]) throws -> T) throws -> T {
        let value = try body(current(T.self), codingPath + [AvroCodingKey(index: currentIndex)])
        currentIndex += 1
        return value
    }
}
