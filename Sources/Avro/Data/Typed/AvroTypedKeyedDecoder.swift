/// The keyed container of the typed decoder: a record's fields by name, or a map's entries.
///
/// Fields a type asks for in schema order are read where the input stands. A field asked for
/// ahead of its turn skips the ones between; one asked for after the input has passed it is
/// found again from the record's start. A field the schema lacks is absent: `nil` for
/// `decodeIfPresent`, `keyNotFound` otherwise.
struct AvroTypedKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: AvroTypedDecoderState
    /// Set for a map, whose entries were read ahead; `nil` for a record.
    let map: AvroTypedMapTable?

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        if let map { return map.keys.compactMap { Key(stringValue: $0) } }
        let c = state.core
        let node = c.pointee.plan.nodes[Int(c.pointee.frame.node)]
        return (Int(node.a)..<Int(node.a + node.b)).compactMap { Key(stringValue: c.pointee.plan.childNames[$0]) }
    }

    func contains(_ key: Key) -> Bool {
        if let map { return map.position(of: key.stringValue) != nil }
        let c = state.core
        return c.pointee.plan.fieldSlot(key.stringValue, in: c.pointee.plan.nodes[Int(c.pointee.frame.node)]) != nil
    }

    /// Positions the input at the value of `name` and runs `read` there; `nil` when the
    /// record or map has no such key.
    @inline(__always)
    private func at<R>(_ name: String, _ read: (Int32) throws(AvroTypedFailure) -> R) throws(AvroTypedFailure) -> R? {
        let c = state.core
        if map == nil {
            let slot = c.pointee.frame.cursor
            if slot < c.pointee.frame.end && c.pointee.plan.childNames[Int(slot)] == name {
                let start = c.pointee.src.p
                c.pointee.frame.cursor = slot &+ 1
                do throws(AvroTypedFailure) {
                    return try read(c.pointee.plan.children[Int(slot)])
                } catch {
                    // Put the input back, so that the type may try again (another type, say).
                    (c.pointee.src.p, c.pointee.frame.cursor) = (start, slot)
                    throw AvroTypedFailure.wrap(error, in: .key(name))
                }
            }
        }
        return try atOutOfTurn(name, read)
    }

    private func atOutOfTurn<R>(_ name: String, _ read: (Int32) throws(AvroTypedFailure) -> R) throws(AvroTypedFailure) -> R? {
        let c = state.core
        let (start, cursor) = (c.pointee.src.p, c.pointee.frame.cursor)
        do throws(AvroTypedFailure) {
            if let map {
                guard let i = map.position(of: name) else { return nil }
                c.pointee.src.p = map.values[i]
                defer { c.pointee.src.p = map.end }
                return try read(map.valueNode)
            }
            let frame = c.pointee.frame
            guard let slot = c.pointee.plan.fieldSlot(name, in: c.pointee.plan.nodes[Int(frame.node)]) else { return nil }
            if Int32(slot) >= frame.cursor {
                var s = frame.cursor
                while s < Int32(slot) {
                    try state.skip(c.pointee.plan.children[Int(s)])
                    s &+= 1
                }
                c.pointee.frame.cursor = Int32(slot) &+ 1
                return try read(c.pointee.plan.children[slot])
            }
            // Passed already: find it again from the record's start, then come back.
            let resume = c.pointee.src.p
            defer { c.pointee.src.p = resume }
            c.pointee.src.p = frame.start!
            var s = c.pointee.plan.nodes[Int(frame.node)].a
            while s < Int32(slot) {
                try state.skip(c.pointee.plan.children[Int(s)])
                s &+= 1
            }
            return try read(c.pointee.plan.children[slot])
        } catch {
            if map == nil { (c.pointee.src.p, c.pointee.frame.cursor) = (start, cursor) }
            throw AvroTypedFailure.wrap(error, in: .key(name))
        }
    }

    /// The value of `key`, which must be there.
    @inline(__always)
    private func required<R>(_ key: Key, _ read: (Int32) throws(AvroTypedFailure) -> R) throws -> R {
        guard let value = try at(key.stringValue, read) else { throw missing(key) }
        return value
    }

    /// The value of `key`, or `nil` when it is absent or null.
    @inline(__always)
    private func optional<R>(_ key: Key, _ read: (Int32) throws(AvroTypedFailure) -> R) throws -> R? {
        let value: R?? = try at(key.stringValue) { (node) throws(AvroTypedFailure) -> R? in
            let c = state.core
            var n = node
            if c.pointee.plan.nodes[Int(n)].kind == .union { n = try state.resolve(n) }
            if c.pointee.plan.nodes[Int(n)].kind == .null { return nil }
            return try read(n)
        }
        return value ?? nil
    }

    private func missing(_ key: Key) -> DecodingError {
        let present = allKeys.map(\.stringValue).joined(separator: ", ")
        return DecodingError.keyNotFound(
            key, DecodingError.Context(codingPath: [], debugDescription: "no value for '\(key.stringValue)'; present: \(present.isEmpty ? "none" : present)")
        )
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        // Looks without consuming: the caller decodes the same key next when it is not null.
        let c = state.core
        let (p, cursor) = (c.pointee.src.p, c.pointee.frame.cursor)
        defer { (c.pointee.src.p, c.pointee.frame.cursor) = (p, cursor) }
        guard let isNil = try at(key.stringValue, { (n) throws(AvroTypedFailure) in try state.peekNil(at: n) }) else {
            throw missing(key)
        }
        return isNil
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(key) { (n) throws(AvroTypedFailure) in try state.readBool(at: n) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(key) { (n) throws(AvroTypedFailure) in try state.readString(at: n) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try required(key) { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try required(key) { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try required(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try required(key) { (n) throws(AvroTypedFailure) in try state.decodeValue(type, at: n) }
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readBool(at: n) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readString(at: n) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readFloating(type, at: n) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(key) { (n) throws(AvroTypedFailure) in try state.readInteger(type, at: n) } }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optional(key) { (n) throws(AvroTypedFailure) in try state.decodeValue(type, at: n) }
    }

    // MARK: Nested containers

    /// A decoder of its own positioned at `name`'s value, which this container then passes.
    private func nestedDecoder(_ key: Key) throws -> AvroTypedDecoderState {
        let c = state.core
        let nested: AvroTypedDecoderState? = try at(key.stringValue) { (n) throws(AvroTypedFailure) in
            let decoder = AvroTypedDecoderState.make(plan: c.pointee.plan, source: c.pointee.src, node: n)
            try state.skip(n)
            return decoder
        }
        guard let nested else { throw missing(key) }
        return nested
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try nestedDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try nestedDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: AvroCodingKey.superKey.stringValue) else {
            throw AvroTypedFailure("this record has no 'super' field")
        }
        return try nestedDecoder(key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try nestedDecoder(key)
    }
}
