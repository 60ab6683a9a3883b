/// The unkeyed container of the typed decoder: array items read block by block, or the bytes of
/// a `bytes`/`fixed` value offered one by one (how Foundation's `Data` decodes).
struct AvroTypedUnkeyedDecoder: UnkeyedDecodingContainer {
    let state: AvroTypedDecoderState
    /// Set for bytes and fixed, read whole when the container was opened.
    let bytes: [UInt8]?
    private var byteIndex = 0

    init(state: AvroTypedDecoderState, bytes: [UInt8]?) {
        self.state = state
        self.bytes = bytes
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { bytes?.count }

    var currentIndex: Int {
        bytes == nil ? Int(state.core.pointee.frame.cursor) : byteIndex
    }

    var isAtEnd: Bool {
        if let bytes { return byteIndex >= bytes.count }
        do throws(AvroTypedFailure) {
            return try atEnd()
        } catch {
            // `isAtEnd` cannot throw: the failure is kept and thrown by the next read (or when
            // the value is done), so a bad block count never passes for the end.
            state.core.pointee.failure = state.core.pointee.failure ?? AvroTypedFailure.wrap(error, in: .index(currentIndex))
            return false
        }
    }

    /// Reads the next block count when the current block is used up.
    private func atEnd() throws(AvroTypedFailure) -> Bool {
        let c = state.core
        while c.pointee.frame.blockRemaining == 0 {
            if c.pointee.frame.ended { return true }
            let item = c.pointee.plan.nodes[Int(c.pointee.frame.node)].a
            let count = try state.readBlockCount(item)
            if count == 0 { c.pointee.frame.ended = true } else { c.pointee.frame.blockRemaining = count }
        }
        return false
    }

    /// Runs `read` at the next item.
    @inline(__always)
    private func item<R>(_ read: (Int32) throws(AvroTypedFailure) -> R) throws(AvroTypedFailure) -> R {
        let c = state.core
        let index = Int(c.pointee.frame.cursor)
        if let failure = c.pointee.failure { throw failure }
        do throws(AvroTypedFailure) {
            guard try !atEnd() else { throw AvroTypedFailure("unkeyed container is at its end") }
        } catch {
            throw AvroTypedFailure.wrap(error, in: .index(index))
        }
        let (start, remaining) = (c.pointee.src.p, c.pointee.frame.blockRemaining)
        c.pointee.frame.blockRemaining &-= 1
        c.pointee.frame.cursor &+= 1
        do throws(AvroTypedFailure) {
            return try read(c.pointee.plan.nodes[Int(c.pointee.frame.node)].a)
        } catch {
            // Put the item back, so that the type may try again.
            (c.pointee.src.p, c.pointee.frame.blockRemaining, c.pointee.frame.cursor) = (start, remaining, Int32(index))
            throw AvroTypedFailure.wrap(error, in: .index(index))
        }
    }

    /// An integer item: an array element, or the next byte of `bytes`/`fixed`.
    @inline(__always)
    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws(AvroTypedFailure) -> T {
        if let bytes {
            guard byteIndex < bytes.count else { throw AvroTypedFailure("unkeyed container is at its end", at: [.index(byteIndex)]) }
            let byte = bytes[byteIndex]
            guard let value = T(exactly: byte) else { throw AvroTypedFailure("\(byte) does not fit in \(T.self)", at: [.index(byteIndex)]) }
            byteIndex += 1
            return value
        }
        return try item { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) }
    }

    private func notBytes(_ expected: String) throws(AvroTypedFailure) {
        if bytes != nil { throw AvroTypedFailure("expected \(expected), found a byte", at: [.index(byteIndex)]) }
    }

    mutating func decodeNil() throws -> Bool {
        if bytes != nil { return false }
        let c = state.core
        guard try !atEnd() else { return false }
        let node = c.pointee.plan.nodes[Int(c.pointee.frame.node)].a
        guard try state.peekNil(at: node) else { return false }
        _ = try item { (n) throws(AvroTypedFailure) in try state.resolve(n) }
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try notBytes("a boolean"); return try item { (n) throws(AvroTypedFailure) in try state.readBool(at: n) } }
    mutating func decode(_ type: String.Type) throws -> String { try notBytes("a string"); return try item { (n) throws(AvroTypedFailure) in try state.readString(at: n) } }
    mutating func decode(_ type: Double.Type) throws -> Double {
        if bytes != nil { return Double(try integer(UInt8.self)) }
        return try item { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) }
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        if bytes != nil { return Float(try integer(UInt8.self)) }
        return try item { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) }
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try notBytes("\(T.self)")
        return try item { (n) throws(AvroTypedFailure) in try state.decodeValue(type, at: n) }
    }

    /// A decoder of its own at the next item, which this container then passes.
    private mutating func nestedDecoder() throws -> AvroTypedDecoderState {
        try notBytes("a nested container")
        let c = state.core
        return try item { (n) throws(AvroTypedFailure) in
            let decoder = AvroTypedDecoderState.make(plan: c.pointee.plan, source: c.pointee.src, node: n)
            try state.skip(n)
            return decoder
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nestedDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nestedDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try nestedDecoder()
    }
}
