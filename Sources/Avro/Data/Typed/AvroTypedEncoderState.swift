/// The mutable part of one typed encoding: the output, the schema node the next value is for,
/// and the container being filled.
///
/// Kept in the header of ``AvroTypedEncoderState`` (a `ManagedBuffer`) and reached through a
/// pointer, so that the many small writes of a message pay no dynamic exclusivity checks, and
/// the sink's first buffer is the same allocation's tail.
struct AvroTypedEncoderCore {
    unowned(unsafe) let plan: AvroTypedPlan
    var sink: AvroByteSink
    /// The node the value now being encoded belongs to.
    var node: Int32
    var frame: AvroTypedEncoderFrame
    /// Values that could not be written in place (out of schema order, or nested containers
    /// filled later), for all open frames; each frame owns the entries from its `pendingStart`.
    var pending: [AvroTypedPendingValue]
    /// The first failure that could not be thrown where it happened (`container(keyedBy:)` and
    /// `superEncoder()` cannot throw), reported when the value is done.
    var laterFailure: AvroTypedFailure?
}

/// The container a value opened: what has been written of it and where it started.
struct AvroTypedEncoderFrame {
    enum Kind: UInt8 {
        /// Nothing encoded yet.
        case none
        /// A single value was written.
        case single
        case record, map, array
        /// `bytes` or `fixed` filled element by element (Foundation's `Data`).
        case byteElements
    }

    var kind: Kind = .none
    /// The container's node (after union branch selection).
    var node: Int32 = 0
    /// record: the next field slot; map, array, bytes: items written.
    var cursor: Int32 = 0
    /// record: one past the last field slot.
    var end: Int32 = 0
    /// Sink offset where the container's items begin (maps and arrays get their count there).
    var start: Int = 0
    var pendingStart: Int32 = 0
    /// Whether later values go to `pending` (an earlier one could not be written in place).
    var deferred = false
}

/// A value kept aside until its container is finished.
struct AvroTypedPendingValue {
    enum Content {
        case bytes([UInt8])
        /// A nested container or super encoder, filled by the caller at any time before the
        /// enclosing value is done.
        case encoder(AvroTypedEncoderState)
    }

    /// Record: field slot; array and map: position.
    var slot: Int32
    /// A map entry's encoded key.
    var key: [UInt8]
    var content: Content
}

/// The `Encoder` of the typed codec: writes Avro binary straight from `encode(to:)` calls,
/// steered by the compiled schema, without building a tree.
///
/// Values arrive in the order the Swift type encodes them. Record fields that come in schema
/// order (the usual case: generated or hand-kept models) are written in place; others are
/// encoded aside and put in order when the record is done, so any declaration order works.
final class AvroTypedEncoderState: ManagedBuffer<AvroTypedEncoderCore, UInt8>, Encoder, SingleValueEncodingContainer {
    /// Bytes of first output buffer in the same allocation; a larger message moves to the heap.
    static let inlineCapacity = 768

    static func make(plan: AvroTypedPlan, node: Int32) -> AvroTypedEncoderState {
        let buffer = create(minimumCapacity: inlineCapacity) { buffer in
            // The sink starts on this object's own tail: one allocation for state and output.
            let tail = buffer.withUnsafeMutablePointerToElements { $0 }
            return AvroTypedEncoderCore(
                plan: plan, sink: AvroByteSink(initial: UnsafeMutableBufferPointer(start: tail, count: inlineCapacity)),
                node: node, frame: AvroTypedEncoderFrame(), pending: [], laterFailure: nil
            )
        }
        return unsafeDowncast(buffer, to: AvroTypedEncoderState.self)
    }

    deinit {
        withUnsafeMutablePointerToHeader { $0.pointee.sink.release() }
    }

    @inline(__always)
    var core: UnsafeMutablePointer<AvroTypedEncoderCore> {
        withUnsafeMutablePointerToHeader { $0 }
    }

    @inline(__always)
    var plan: AvroTypedPlan { core.pointee.plan }

    // MARK: Encoder

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(AvroTypedKeyedEncoder<Key>(state: self, failure: openKeyed()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        AvroTypedUnkeyedEncoder(state: self, failure: openUnkeyed())
    }

    /// Keeps the first failure that could not be thrown, for ``finish()`` and the top level.
    func recordLaterFailure(_ failure: AvroTypedFailure) {
        if core.pointee.laterFailure == nil { core.pointee.laterFailure = failure }
    }

    /// What a container that could not be opened reports on use: the failure kept for it.
    /// Containers keep a flag rather than the failure itself, which keeps them small (every
    /// call copies them); opening one that failed records the failure here.
    func containerFailure(_ failed: Bool) -> AvroTypedFailure? {
        failed ? core.pointee.laterFailure ?? AvroTypedFailure("the container could not be opened") : nil
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    /// Opens (or re-opens) the record or map the current node denotes. A failure is handed to
    /// the container, which reports it on first use: `container(keyedBy:)` cannot throw.
    func openKeyed() -> AvroTypedFailure? {
        let c = core
        switch c.pointee.frame.kind {
        case .record, .map: return nil
        case .none: break
        default: return AvroTypedFailure("a keyed container was requested after another kind of value")
        }
        var node = c.pointee.node
        if c.pointee.plan.nodes[Int(node)].kind == .union {
            guard let branch = c.pointee.plan.unionCandidates[Int(node)].keyed.first else {
                return mismatch(node, "a record or map")
            }
            c.pointee.sink.writeLong(Int64(branch.index))
            node = branch.node
        }
        let n = c.pointee.plan.nodes[Int(node)]
        switch n.kind {
        case .record:
            c.pointee.frame = AvroTypedEncoderFrame(
                kind: .record, node: node, cursor: n.a, end: n.a &+ n.b, start: c.pointee.sink.count,
                pendingStart: Int32(c.pointee.pending.count)
            )
        case .map:
            c.pointee.frame = AvroTypedEncoderFrame(
                kind: .map, node: node, start: c.pointee.sink.count, pendingStart: Int32(c.pointee.pending.count)
            )
        default:
            return mismatch(node, "a record or map")
        }
        return nil
    }

    func openUnkeyed() -> AvroTypedFailure? {
        let c = core
        switch c.pointee.frame.kind {
        case .array, .byteElements: return nil
        case .none: break
        default: return AvroTypedFailure("an unkeyed container was requested after another kind of value")
        }
        var node = c.pointee.node
        if c.pointee.plan.nodes[Int(node)].kind == .union {
            guard let branch = c.pointee.plan.unionCandidates[Int(node)].unkeyed.first else {
                return mismatch(node, "an array")
            }
            c.pointee.sink.writeLong(Int64(branch.index))
            node = branch.node
        }
        let kind: AvroTypedEncoderFrame.Kind
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .array: kind = .array
        case .bytes, .fixed: kind = .byteElements
        default: return mismatch(node, "an array")
        }
        c.pointee.frame = AvroTypedEncoderFrame(
            kind: kind, node: node, start: c.pointee.sink.count, pendingStart: Int32(c.pointee.pending.count)
        )
        return nil
    }

    // MARK: Values

    /// Encodes a nested value at `node`: its container, if it opens one, is finished here, once
    /// `encode(to:)` returns.
    @inline(__always)
    func encodeValue<T: Encodable>(_ value: T, at node: Int32) throws(AvroTypedFailure) {
        if T.self == [UInt8].self {
            try writeByteArray(value as! [UInt8], at: node)
            return
        }
        // Only unions can need the tree: the set is consulted for them alone.
        if plan.nodes[Int(node)].kind == .union && plan.treeUnions.contains(node) {
            try encodeThroughTree(value, at: node)
            return
        }
        let c = core
        let savedFrame = c.pointee.frame
        let savedNode = c.pointee.node
        c.pointee.frame = AvroTypedEncoderFrame()
        c.pointee.node = node
        do {
            try value.encode(to: self)
        } catch {
            throw AvroTypedFailure.from(error)
        }
        try finishFrame()
        c.pointee.frame = savedFrame
        c.pointee.node = savedNode
    }

    /// Completes the current container: fields left out or kept aside, item counts, sizes.
    func finishFrame() throws(AvroTypedFailure) {
        let c = core
        let frame = c.pointee.frame
        switch frame.kind {
        case .single:
            return
        case .record:
            if !frame.deferred && frame.cursor == frame.end { return }
            try finishRecord(frame)
        case .map, .array:
            try finishItems(frame)
        case .byteElements:
            let written = c.pointee.sink.count &- frame.start
            let node = c.pointee.plan.nodes[Int(frame.node)]
            if node.kind == .fixed {
                guard written == Int(node.a) else {
                    throw AvroTypedFailure("\(plan.describe(frame.node)) holds exactly \(node.a) bytes, found \(written)")
                }
            } else {
                insertCount(written, at: frame.start, terminated: false)
            }
        case .none:
            // Nothing encoded: a record with every field left out, else an error.
            let node = c.pointee.node
            guard c.pointee.plan.nodes[Int(node)].kind == .record, openKeyed() == nil else {
                throw AvroTypedFailure("no value was encoded for \(plan.describe(node))")
            }
            try finishRecord(c.pointee.frame)
        }
    }

    private func finishRecord(_ frame: AvroTypedEncoderFrame) throws(AvroTypedFailure) {
        let c = core
        let plan = c.pointee.plan
        let pendingStart = Int(frame.pendingStart)
        var slot = frame.cursor
        while slot < frame.end {
            if let i = c.pointee.pending[pendingStart...].lastIndex(where: { $0.slot == slot }) {
                try emit(c.pointee.pending[i], name: plan.childNames[Int(slot)])
            } else if let bytes = plan.absentEncodings[Int(slot)] {
                bytes.withUnsafeBytes { c.pointee.sink.writeRaw($0) }
            } else {
                throw AvroTypedFailure(plan.absentMessages[Int(slot)], at: [.key(plan.childNames[Int(slot)])])
            }
            slot &+= 1
        }
        c.pointee.pending.removeSubrange(pendingStart...)
    }

    private func finishItems(_ frame: AvroTypedEncoderFrame) throws(AvroTypedFailure) {
        let c = core
        let pendingStart = Int(frame.pendingStart)
        if frame.deferred {
            for entry in c.pointee.pending[pendingStart...] {
                entry.key.withUnsafeBytes { c.pointee.sink.writeRaw($0) }
                try emit(entry, name: nil)
            }
            c.pointee.pending.removeSubrange(pendingStart...)
        }
        insertCount(Int(frame.cursor), at: frame.start, terminated: true)
    }

    private func emit(_ entry: AvroTypedPendingValue, name: String?) throws(AvroTypedFailure) {
        let component: AvroCodablePath.Component = name.map { .key($0) } ?? .index(Int(entry.slot))
        switch entry.content {
        case .bytes(let bytes):
            bytes.withUnsafeBytes { core.pointee.sink.writeRaw($0) }
        case .encoder(let nested):
            do {
                let bytes = try nested.finish()
                bytes.withUnsafeBytes { core.pointee.sink.writeRaw($0) }
            } catch {
                throw AvroTypedFailure.wrap(error, in: component)
            }
        }
    }

    /// Puts an item count (or byte length) before the items written since `start`, and the
    /// end-of-blocks marker after them for arrays and maps: Avro wants the count first, and a
    /// container learns it only at the end.
    private func insertCount(_ count: Int, at start: Int, terminated: Bool) {
        let c = core
        if count == 0 && terminated {
            c.pointee.sink.writeByte(0)
            return
        }
        var varint = UInt64(count) << 1
        var length = 1
        while varint >= 0x80 { varint >>= 7; length += 1 }
        c.pointee.sink.ensure(length + 1)
        let base = c.pointee.sink.base
        let moved = c.pointee.sink.count - start
        (base + start + length).update(from: base + start, count: moved)
        c.pointee.sink.count = start
        c.pointee.sink.writeLongUnchecked(Int64(count))
        c.pointee.sink.count = start + length + moved
        if terminated { c.pointee.sink.writeByte(0) }
    }

    /// The bytes of this encoder when it serves a nested container or a super encoder.
    func finish() throws(AvroTypedFailure) -> [UInt8] {
        if let failure = core.pointee.laterFailure { throw failure }
        try finishFrame()
        if let failure = core.pointee.laterFailure { throw failure }
        let sink = core.pointee.sink
        return Array(UnsafeBufferPointer(start: sink.base, count: sink.count))
    }

    /// Encodes `body`'s output aside, for a value that cannot be written in place.
    func encodeAside(_ body: () throws(AvroTypedFailure) -> Void) throws(AvroTypedFailure) -> [UInt8] {
        let c = core
        var sink = AvroByteSink(initial: UnsafeMutableBufferPointer(start: nil, count: 0))
        swap(&sink, &c.pointee.sink)
        defer {
            swap(&sink, &c.pointee.sink)
            sink.release()
        }
        try body()
        return Array(UnsafeBufferPointer(start: c.pointee.sink.base, count: c.pointee.sink.count))
    }

    /// A union whose branch depends on the whole value (two records, or an array beside bytes):
    /// the value goes through the tree bridge, which tries the branches in turn.
    private func encodeThroughTree<T: Encodable>(_ value: T, at node: Int32) throws(AvroTypedFailure) {
        let plan = self.plan
        var bytes: [UInt8] = []
        do {
            let tree = try AvroTreeEncoder.tree(of: value)
            var path = AvroCodablePath()
            let datum = try AvroValueBuilder(schema: plan.schema).value(tree, plan.types[Int(node)], &path)
            try plan.generic.encode(datum, atNode: node, appendingTo: &bytes)
        } catch {
            throw AvroTypedFailure.from(error)
        }
        bytes.withUnsafeBytes { core.pointee.sink.writeRaw($0) }
    }

    func mismatch(_ node: Int32, _ found: String) -> AvroTypedFailure {
        AvroTypedFailure("expected \(plan.describe(node)), found \(found)")
    }
}
