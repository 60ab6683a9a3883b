/// The unkeyed container of the typed encoder: array items, or the bytes of a `bytes`/`fixed`
/// value given one by one (Foundation's `Data` encodes that way).
///
/// Items are written in place; the count Avro puts first is inserted when the array is done.
struct AvroTypedUnkeyedEncoder: UnkeyedEncodingContainer {
    let state: AvroTypedEncoderState
    /// See ``AvroTypedKeyedEncoder/failed``.
    let failed: Bool

    init(state: AvroTypedEncoderState, failure: AvroTypedFailure?) {
        self.state = state
        failed = failure != nil
        if let failure { state.recordLaterFailure(failure) }
    }

    var failure: AvroTypedFailure? { state.containerFailure(failed) }

    var codingPath: [any CodingKey] { [] }
    var count: Int { Int(state.core.pointee.frame.cursor) }

    /// Runs `write` for the next item at the item node, in place or aside.
    @inline(__always)
    private func item(_ write: (Int32) throws(AvroTypedFailure) -> Void) throws(AvroTypedFailure) {
        if failed, let failure { throw failure }
        let c = state.core
        let index = c.pointee.frame.cursor
        guard c.pointee.frame.kind == .array else {
            throw AvroTypedFailure.wrap(AvroTypedFailure("expected a byte (0...255), found another value"), in: .index(Int(index)))
        }
        let itemNode = c.pointee.plan.nodes[Int(c.pointee.frame.node)].a
        c.pointee.frame.cursor = index &+ 1
        do throws(AvroTypedFailure) {
            if c.pointee.frame.deferred {
                let bytes = try state.encodeAside { () throws(AvroTypedFailure) in try write(itemNode) }
                c.pointee.pending.append(AvroTypedPendingValue(slot: index, key: [], content: .bytes(bytes)))
            } else {
                try write(itemNode)
            }
        } catch {
            throw AvroTypedFailure.wrap(error, in: .index(Int(index)))
        }
    }

    /// An integer item: an element of an array, or one byte of `bytes`/`fixed`.
    @inline(__always)
    private func integer(_ value: Int64) throws(AvroTypedFailure) {
        if failed, let failure { throw failure }
        let c = state.core
        if c.pointee.frame.kind == .byteElements {
            let index = c.pointee.frame.cursor
            guard let byte = UInt8(exactly: value) else {
                throw AvroTypedFailure("expected a byte (0...255), found \(value)", at: [.index(Int(index))])
            }
            c.pointee.sink.writeByte(byte)
            c.pointee.frame.cursor = index &+ 1
            return
        }
        try item { (n) throws(AvroTypedFailure) in try state.writeInteger(value, at: n) }
    }

    mutating func encodeNil() throws { try item { (n) throws(AvroTypedFailure) in try state.writeNil(at: n) } }
    mutating func encode(_ value: Bool) throws { try item { (n) throws(AvroTypedFailure) in try state.writeBool(value, at: n) } }
    mutating func encode(_ value: String) throws { try item { (n) throws(AvroTypedFailure) in try state.writeString(value, at: n) } }
    mutating func encode(_ value: Double) throws { try item { (n) throws(AvroTypedFailure) in try state.writeFloating(value, at: n) } }
    mutating func encode(_ value: Float) throws { try item { (n) throws(AvroTypedFailure) in try state.writeFloat(value, at: n) } }
    mutating func encode(_ value: Int) throws { try integer(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try integer(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try integer(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try integer(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(Int64(value)) }
    mutating func encode(_ value: UInt16) throws { try integer(Int64(value)) }
    mutating func encode(_ value: UInt32) throws { try integer(Int64(value)) }

    mutating func encode(_ value: UInt) throws {
        if let v = Int64(exactly: value) { try integer(v); return }
        try item { (n) throws(AvroTypedFailure) in try state.writeUnsigned(UInt64(value), at: n) }
    }

    mutating func encode(_ value: UInt64) throws {
        if let v = Int64(exactly: value) { try integer(v); return }
        try item { (n) throws(AvroTypedFailure) in try state.writeUnsigned(value, at: n) }
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try item { (n) throws(AvroTypedFailure) in try state.encodeValue(value, at: n) }
    }

    /// A nested container is filled after this call returns, so it and every later item are
    /// kept aside until the array is done.
    private func nestedEncoder() throws(AvroTypedFailure) -> AvroTypedEncoderState {
        if failed, let failure { throw failure }
        let c = state.core
        guard c.pointee.frame.kind == .array else { throw AvroTypedFailure("a byte array holds no nested containers") }
        let index = c.pointee.frame.cursor
        let nested = AvroTypedEncoderState.make(plan: c.pointee.plan, node: c.pointee.plan.nodes[Int(c.pointee.frame.node)].a)
        c.pointee.frame.deferred = true
        c.pointee.pending.append(AvroTypedPendingValue(slot: index, key: [], content: .encoder(nested)))
        c.pointee.frame.cursor = index &+ 1
        return nested
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        do throws(AvroTypedFailure) {
            return try nestedEncoder().container(keyedBy: keyType)
        } catch {
            return KeyedEncodingContainer(AvroTypedKeyedEncoder<NestedKey>(state: state, failure: error))
        }
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        do throws(AvroTypedFailure) {
            return try nestedEncoder().unkeyedContainer()
        } catch {
            return AvroTypedUnkeyedEncoder(state: state, failure: error)
        }
    }

    mutating func superEncoder() -> any Encoder {
        do throws(AvroTypedFailure) {
            return try nestedEncoder()
        } catch {
            state.recordLaterFailure(error)
            return AvroTypedEncoderState.make(plan: state.plan, node: state.plan.root)
        }
    }
}
