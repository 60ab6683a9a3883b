/// The keyed container of the typed encoder: record fields by name, or map entries.
///
/// A field that comes in schema order is written where the output stands; the first one that
/// does not (or a nested container, filled later) switches the record to keeping values aside
/// until it is finished.
struct AvroTypedKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: AvroTypedEncoderState
    /// Whether the container could not be opened (`container(keyedBy:)` cannot throw); see
    /// ``AvroTypedEncoderState/containerFailure(_:)``.
    let failed: Bool

    init(state: AvroTypedEncoderState, failure: AvroTypedFailure?) {
        self.state = state
        failed = failure != nil
        if let failure { state.recordLaterFailure(failure) }
    }

    /// Why the container could not be opened.
    var failure: AvroTypedFailure? { state.containerFailure(failed) }

    var codingPath: [any CodingKey] { [] }

    /// Runs `write` for the value of `key` at the node it belongs to, in place or aside.
    @inline(__always)
    private func field(_ key: Key, _ write: (Int32) throws(AvroTypedFailure) -> Void) throws(AvroTypedFailure) {
        if failed, let failure { throw failure }
        let c = state.core
        let name = key.stringValue
        if c.pointee.frame.kind == .record {
            let slot = c.pointee.frame.cursor
            if !c.pointee.frame.deferred && slot < c.pointee.frame.end && c.pointee.plan.childNames[Int(slot)] == name {
                c.pointee.frame.cursor = slot &+ 1
                do throws(AvroTypedFailure) {
                    try write(c.pointee.plan.children[Int(slot)])
                } catch {
                    throw AvroTypedFailure.wrap(error, in: .key(name))
                }
                return
            }
        }
        try fieldAside(name, write)
    }

    /// Map entries, and record fields out of schema order.
    private func fieldAside(_ name: String, _ write: (Int32) throws(AvroTypedFailure) -> Void) throws(AvroTypedFailure) {
        let c = state.core
        let plan = c.pointee.plan
        let frame = c.pointee.frame
        do throws(AvroTypedFailure) {
            if frame.kind == .map {
                let valueNode = plan.nodes[Int(frame.node)].a
                if !frame.deferred {
                    c.pointee.sink.writeString(name)
                    c.pointee.frame.cursor &+= 1
                    try write(valueNode)
                    return
                }
                let keyBytes = Self.encodedKey(name)
                let bytes = try state.encodeAside { () throws(AvroTypedFailure) in try write(valueNode) }
                c.pointee.pending.append(AvroTypedPendingValue(slot: frame.cursor, key: keyBytes, content: .bytes(bytes)))
                c.pointee.frame.cursor &+= 1
                return
            }
            let slot = try recordSlot(name)
            let bytes = try state.encodeAside { () throws(AvroTypedFailure) in try write(plan.children[slot]) }
            keepAside(AvroTypedPendingValue(slot: Int32(slot), key: [], content: .bytes(bytes)))
        } catch {
            throw AvroTypedFailure.wrap(error, in: .key(name))
        }
    }

    /// A map key as Avro writes it (length, UTF-8), for an entry kept aside.
    private static func encodedKey(_ name: String) -> [UInt8] {
        var key = AvroByteSink(initial: UnsafeMutableBufferPointer(start: nil, count: 0))
        defer { key.release() }
        key.writeString(name)
        return Array(UnsafeBufferPointer(start: key.base, count: key.count))
    }

    /// The slot of a record field that cannot be written in place; unknown names are errors
    /// (a misspelt optional field would otherwise vanish into its default).
    private func recordSlot(_ name: String) throws(AvroTypedFailure) -> Int {
        let c = state.core
        let plan = c.pointee.plan
        let node = plan.nodes[Int(c.pointee.frame.node)]
        guard let slot = plan.fieldSlot(name, in: node) else {
            throw AvroTypedFailure(
                "unknown field '\(name)'; record \(plan.binary.names[Int(c.pointee.frame.node)]) has fields \(plan.fieldList(node))")
        }
        guard Int32(slot) >= c.pointee.frame.cursor else {
            throw AvroTypedFailure("field '\(name)' was encoded twice")
        }
        return slot
    }

    private func keepAside(_ value: AvroTypedPendingValue) {
        let c = state.core
        c.pointee.frame.deferred = true
        let start = Int(c.pointee.frame.pendingStart)
        if let i = c.pointee.pending[start...].firstIndex(where: { $0.slot == value.slot }) {
            c.pointee.pending[i] = value
        } else {
            c.pointee.pending.append(value)
        }
    }

    /// An encoder for `key` whose content arrives later (nested containers, super encoders).
    private func nestedEncoder(_ name: String) throws(AvroTypedFailure) -> AvroTypedEncoderState {
        if failed, let failure { throw failure }
        let c = state.core
        let plan = c.pointee.plan
        let frame = c.pointee.frame
        if frame.kind == .map {
            let keyBytes = Self.encodedKey(name)
            let nested = AvroTypedEncoderState.make(plan: plan, node: plan.nodes[Int(frame.node)].a)
            c.pointee.frame.deferred = true
            c.pointee.pending.append(AvroTypedPendingValue(slot: frame.cursor, key: keyBytes, content: .encoder(nested)))
            c.pointee.frame.cursor &+= 1
            return nested
        }
        let slot: Int
        do throws(AvroTypedFailure) { slot = try recordSlot(name) } catch { throw AvroTypedFailure.wrap(error, in: .key(name)) }
        let nested = AvroTypedEncoderState.make(plan: plan, node: plan.children[slot])
        keepAside(AvroTypedPendingValue(slot: Int32(slot), key: [], content: .encoder(nested)))
        return nested
    }

    // MARK: KeyedEncodingContainerProtocol

    mutating func encodeNil(forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeNil(at: n) } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeBool(value, at: n) } }
    mutating func encode(_ value: String, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeString(value, at: n) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeFloating(value, at: n) } }
    mutating func encode(_ value: Float, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeFloat(value, at: n) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(value, at: n) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeUnsigned(UInt64(value), at: n) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeInteger(Int64(value), at: n) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try field(key) { (n) throws(AvroTypedFailure) in try state.writeUnsigned(value, at: n) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try field(key) { (n) throws(AvroTypedFailure) in try state.encodeValue(value, at: n) }
    }

    // `encodeIfPresent` is answered here rather than by the protocol's default so that a `nil`
    // in schema order is written in place as the field's absent value (its default, else
    // null): skipping it would push the rest of the record aside. As with the tree bridge, a
    // `nil` is a left-out key: its default applies, and a key the schema lacks is no error.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeBool(v, at: n) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeString(v, at: n) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeFloating(v, at: n) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeFloat(v, at: n) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(v, at: n) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeUnsigned(UInt64(v), at: n) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeInteger(Int64(v), at: n) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.writeUnsigned(v, at: n) } }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try optional(value, key) { (v, n) throws(AvroTypedFailure) in try state.encodeValue(v, at: n) }
    }

    /// `nil` as null (the field's null branch), a value as itself.
    @inline(__always)
    private func optional<V>(_ value: V?, _ key: Key, _ write: (V, Int32) throws(AvroTypedFailure) -> Void) throws(AvroTypedFailure) {
        if let value {
            try field(key) { (n) throws(AvroTypedFailure) in try write(value, n) }
        } else {
            try leaveOut(key.stringValue)
        }
    }

    /// A key encoded as `nil` by `encodeIfPresent`: in schema order, the field's absent value
    /// is written now; otherwise nothing is, and the record's end fills it in.
    @inline(__always)
    private func leaveOut(_ name: String) throws(AvroTypedFailure) {
        if failed, let failure { throw failure }
        let c = state.core
        guard c.pointee.frame.kind == .record else { return }
        let slot = c.pointee.frame.cursor
        guard !c.pointee.frame.deferred && slot < c.pointee.frame.end && c.pointee.plan.childNames[Int(slot)] == name else { return }
        guard let bytes = c.pointee.plan.absentEncodings[Int(slot)] else {
            throw AvroTypedFailure(c.pointee.plan.absentMessages[Int(slot)], at: [.key(name)])
        }
        c.pointee.frame.cursor = slot &+ 1
        bytes.withUnsafeBytes { c.pointee.sink.writeRaw($0) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        do throws(AvroTypedFailure) {
            return try nestedEncoder(key.stringValue).container(keyedBy: keyType)
        } catch {
            return KeyedEncodingContainer(AvroTypedKeyedEncoder<NestedKey>(state: state, failure: error))
        }
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        do throws(AvroTypedFailure) {
            return try nestedEncoder(key.stringValue).unkeyedContainer()
        } catch {
            return AvroTypedUnkeyedEncoder(state: state, failure: error)
        }
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: AvroCodingKey.superKey.stringValue)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key.stringValue)
    }

    private func superEncoder(named name: String) -> any Encoder {
        do throws(AvroTypedFailure) {
            return try nestedEncoder(name)
        } catch {
            state.recordLaterFailure(AvroTypedFailure.wrap(error, in: .key(name)))
            return AvroTypedEncoderState.make(plan: state.plan, node: state.plan.root)
        }
    }
}
