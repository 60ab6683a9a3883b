/// Encodes generic datums to Avro binary for one schema.
///
/// The schema is compiled once into an ``AvroBinaryPlan`` at initialisation, so per-message work is
/// a tight walk over integer-indexed nodes. The writer is immutable and `Sendable`: share one per
/// schema across tasks (Schema Registry serializers cache it by schema id).
public final class AvroDatumWriter: Sendable {
    /// The schema values are encoded with.
    public let schema: AvroSchema
    let plan: AvroBinaryPlan
    /// Copies of the plan's node and child tables in memory the writer owns, so that a message
    /// reads them through plain pointers (`plan.nodes.withUnsafeBufferPointer` retains and
    /// releases the array every time). Immutable after `init`, hence safe to share.
    nonisolated(unsafe) private let nodeTable: UnsafeMutablePointer<AvroBinaryPlan.Node>
    nonisolated(unsafe) private let childTable: UnsafeMutablePointer<Int32>

    /// Compiles `schema` for encoding.
    public init(schema: AvroSchema) {
        self.schema = schema
        let plan = AvroBinaryPlan(schema: schema)
        self.plan = plan
        nodeTable = .allocate(capacity: max(plan.nodes.count, 1))
        nodeTable.initialize(from: plan.nodes, count: plan.nodes.count)
        childTable = .allocate(capacity: max(plan.children.count, 1))
        childTable.initialize(from: plan.children, count: plan.children.count)
    }

    deinit {
        nodeTable.deallocate()
        childTable.deallocate()
    }

    /// The Avro binary body of `value`, in an exactly sized array.
    public func encode(_ value: AvroValue) throws(AvroEncodingError) -> [UInt8] {
        try encode(value, prefix: [])
    }

    /// `prefix` followed by the binary body of `value`, in one exactly sized allocation.
    ///
    /// Exists for framings such as Confluent's (`0x00` + 4-byte schema id): building the message in
    /// one step avoids a second copy of the body.
    public func encode(_ value: AvroValue, prefix: [UInt8]) throws(AvroEncodingError) -> [UInt8] {
        // `Array(UnsafeBufferPointer)` is specialised in this module, so allocating the result
        // costs one malloc; `Array(unsafeUninitializedCapacity:)` goes through the unspecialised
        // `_allocateBufferUninitialized`, which looks up the storage class metadata at run time.
        try withEncoded(value, prefix: prefix) { Array($0) }
    }

    /// Appends the binary body of `value` to `bytes`, for callers that assemble larger buffers
    /// (object container blocks, batches): one copy, straight from the scratch buffer.
    public func encode(_ value: AvroValue, appendingTo bytes: inout [UInt8]) throws(AvroEncodingError) {
        try withEncoded(value, prefix: []) { bytes.append(contentsOf: $0) }
    }

    /// Appends the body of `value` as the type at plan node `index` (a field's type, a union):
    /// for the typed codec, whose plan is this writer's, to write defaults and the values it
    /// hands to the tree bridge without compiling a writer of its own for each.
    func encode(_ value: AvroValue, atNode index: Int32, appendingTo bytes: inout [UInt8]) throws(AvroEncodingError) {
        try withEncoded(value, prefix: [], node: index) { bytes.append(contentsOf: $0) }
    }

    /// Encodes `prefix` + `value` (as the type at `node`, the root by default) into scratch
    /// memory and lends the bytes to `body`.
    private func withEncoded<R>(
        _ value: AvroValue, prefix: [UInt8], node: Int32? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(AvroEncodingError) -> R {
        // 1 KiB is the size `withUnsafeTemporaryAllocation` always places on the stack; larger
        // requests may go to the heap (a malloc/free pair per message). Bigger datums move the
        // sink to the heap themselves.
        let result: Result<R, AvroEncodingError> = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { stack in
            var sink = AvroByteSink(initial: stack)
            defer { sink.release() }
            prefix.withUnsafeBytes { sink.writeRaw($0) }
            let failure: AvroEncodingError? = withEngine { engine in
                do throws(AvroEncodingError) {
                    try engine.writeComposite(value, node ?? plan.root, &sink)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { return .failure(failure) }
            return .success(body(UnsafeBufferPointer(start: sink.base, count: sink.count)))
        }
        return try result.get()
    }

    // MARK: - Engine

    /// The plan seen through raw pointers for the duration of one message: the walk then does no
    /// class-field loads, array bounds checks or retains per node. Valid only inside
    /// ``AvroDatumWriter/withEngine(_:)``, while the writer keeps the plan alive.
    struct Engine {
        let nodes: UnsafePointer<AvroBinaryPlan.Node>
        let children: UnsafePointer<Int32>
        unowned(unsafe) let plan: AvroBinaryPlan

        /// Writes the datum at `value` as the type at `index`: primitives, enums and unions of
        /// primitives inline, everything else through ``writeComposite(_:_:_:)``.
        ///
        /// Takes a pointer so that every pattern match reads the datum in place: a datum passed by
        /// value to a call that is not inlined is copied first (an outlined copy plus a retain and
        /// release of its payload), which cost more than writing its bytes.
        @inline(__always)
        func write(at value: UnsafePointer<AvroValue>, _ index: Int32, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
            let node = nodes[Int(index)]
            switch node.kind {
            case .null:
                if case .null = value.pointee { return }
            case .boolean:
                if case .boolean(let b) = value.pointee { sink.writeByte(b ? 1 : 0); return }
            case .int:
                if case .int(let i) = value.pointee { sink.writeLong(Int64(i)); return }
            case .long:
                if case .long(let l) = value.pointee { sink.writeLong(l); return }
            case .float:
                if case .float(let f) = value.pointee { sink.writeFloat(f); return }
            case .double:
                if case .double(let d) = value.pointee { sink.writeDouble(d); return }
            case .bytes:
                if case .bytes(let b) = value.pointee, sink.hasRoom(forBytes: b, plus: 0) { sink.writeBytesUnchecked(b); return }
            case .string:
                if case .string(let s) = value.pointee, sink.hasRoom(forString: s, plus: 0) { sink.writeStringUnchecked(s); return }
            case .enumeration:
                if case .enumeration(_, let i) = value.pointee, i >= 0 && i < node.b { sink.writeLong(Int64(i)); return }
            case .union:
                // Nullable fields are the common union: write a primitive branch right here. Strings
            // and bytes are written only when they fit without growing (see `AvroByteSink`);
            // otherwise, as for everything not handled here, `writeComposite` starts over.
                if case .union(let branch, let inner) = value.pointee, branch >= 0, branch < Int(node.b) {
                    let branchNode = nodes[Int(children[Int(node.a) &+ branch])]
                    switch branchNode.kind {
                    case .null:
                        if case .null = inner { sink.writeLong(Int64(branch)); return }
                    case .boolean:
                        if case .boolean(let b) = inner { sink.writeLong(Int64(branch)); sink.writeByte(b ? 1 : 0); return }
                    case .int:
                        if case .int(let i) = inner { sink.writeLong(Int64(branch)); sink.writeLong(Int64(i)); return }
                    case .long:
                        if case .long(let l) = inner { sink.writeLong(Int64(branch)); sink.writeLong(l); return }
                    case .float:
                        if case .float(let f) = inner { sink.writeLong(Int64(branch)); sink.writeFloat(f); return }
                    case .double:
                        if case .double(let d) = inner { sink.writeLong(Int64(branch)); sink.writeDouble(d); return }
                    case .string:
                        if case .string(let s) = inner, sink.hasRoom(forString: s, plus: 10) {
                            sink.writeLongUnchecked(Int64(branch))
                            sink.writeStringUnchecked(s)
                            return
                        }
                    case .bytes:
                        if case .bytes(let b) = inner, sink.hasRoom(forBytes: b, plus: 10) {
                            sink.writeLongUnchecked(Int64(branch))
                            sink.writeBytesUnchecked(b)
                            return
                        }
                    case .fixed, .enumeration, .array, .map, .record, .union:
                        break
                    }
                }
            case .fixed, .array, .map, .record:
                break
            }
            try writeComposite(value.pointee, index, &sink)
        }

        /// Any datum held by value (the root, union branches, map values), and whatever
        /// ``write(at:_:_:)`` does not take inline: containers, fixed, and every mismatch. The container
        /// loops live in their own functions so that each stays small enough for the inliner to
        /// expand ``write(at:_:_:)`` into it.
        @inline(never)
        func writeComposite(_ value: AvroValue, _ index: Int32, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
            let node = nodes[Int(index)]
            switch node.kind {
            case .array:
                guard case .array(let items) = value else { throw mismatch(node, value) }
                try writeArray(items, node.a, &sink)
            case .map:
                guard case .map(let entries) = value else { throw mismatch(node, value) }
                try writeMap(entries, node.a, &sink)
            case .record:
                guard case .record(let fields) = value else { throw mismatch(node, value) }
                guard fields.count == Int(node.b) else {
                    throw AvroEncodingError(path: "", reason: .fieldCountMismatch(expected: Int(node.b), found: fields.count))
                }
                try writeRecord(fields, Int(node.a), &sink)
            case .union:
                guard case .union(let branch, let inner) = value else { throw mismatch(node, value) }
                guard branch >= 0 && branch < Int(node.b) else {
                    throw AvroEncodingError(path: "", reason: .invalidUnionBranch(branch, branchCount: Int(node.b)))
                }
                sink.writeLong(Int64(branch))
                try writeComposite(inner, children[Int(node.a) &+ branch], &sink)
            case .null:
                guard case .null = value else { throw mismatch(node, value) }
            case .boolean:
                guard case .boolean(let b) = value else { throw mismatch(node, value) }
                sink.writeByte(b ? 1 : 0)
            case .int:
                guard case .int(let i) = value else { throw mismatch(node, value) }
                sink.writeLong(Int64(i))
            case .long:
                guard case .long(let l) = value else { throw mismatch(node, value) }
                sink.writeLong(l)
            case .float:
                guard case .float(let f) = value else { throw mismatch(node, value) }
                sink.writeFloat(f)
            case .double:
                guard case .double(let d) = value else { throw mismatch(node, value) }
                sink.writeDouble(d)
            case .bytes:
                guard case .bytes(let b) = value else { throw mismatch(node, value) }
                sink.writeBytes(b)
            case .string:
                guard case .string(let s) = value else { throw mismatch(node, value) }
                sink.writeString(s)
            case .fixed:
                guard case .fixed(let b) = value, b.count == Int(node.a) else { throw mismatch(node, value) }
                b.withUnsafeBytes { sink.writeRaw($0) }
            case .enumeration:
                guard case .enumeration(_, let i) = value, i >= 0 && i < node.b else { throw mismatch(node, value) }
                sink.writeLong(Int64(i))
            }
        }

        /// The fields of a record whose field slots start at `first` (count already checked).
        @inline(never)
        func writeRecord(_ fields: [AvroValue], _ first: Int, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
            try fields.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
                for i in 0..<buffer.count {
                    do throws(AvroEncodingError) { try write(at: buffer.baseAddress! + i, children[first &+ i], &sink) } catch {
                        throw error.nested(plan.childNames[first &+ i])
                    }
                }
            }
        }

        /// Array blocks: one block with the item count, then the end marker.
        @inline(never)
        func writeArray(_ items: [AvroValue], _ itemIndex: Int32, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
            if !items.isEmpty {
                sink.writeLong(Int64(items.count))
                try items.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
                    for i in 0..<buffer.count {
                        do throws(AvroEncodingError) { try write(at: buffer.baseAddress! + i, itemIndex, &sink) } catch { throw error.nested("\(i)") }
                    }
                }
            }
            sink.writeByte(0)
        }

        /// Map blocks, entries in their stored order.
        @inline(never)
        func writeMap(_ entries: [AvroMapEntry], _ valueIndex: Int32, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
            if !entries.isEmpty {
                sink.writeLong(Int64(entries.count))
                try entries.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
                    for i in 0..<buffer.count {
                        sink.writeString(buffer[i].key)
                        do throws(AvroEncodingError) { try writeComposite(buffer[i].value, valueIndex, &sink) } catch {
                            throw error.nested(buffer[i].key)
                        }
                    }
                }
            }
            sink.writeByte(0)
        }

        /// The error for a value that does not fit `node`.
        @inline(never)
        func mismatch(_ node: AvroBinaryPlan.Node, _ value: AvroValue) -> AvroEncodingError {
            switch (node.kind, value) {
            case (.fixed, .fixed(let b)):
                return AvroEncodingError(path: "", reason: .fixedSizeMismatch(expected: Int(node.a), found: b.count))
            case (.enumeration, .enumeration(_, let i)):
                return AvroEncodingError(path: "", reason: .invalidEnumIndex(Int(i), symbolCount: Int(node.b)))
            default:
                return AvroEncodingError(path: "", reason: .typeMismatch(expected: Self.expectedName(node.kind), found: value.kindName))
            }
        }

        static func expectedName(_ kind: AvroBinaryPlan.Kind) -> String {
            switch kind {
            case .null: return "null"
            case .boolean: return "boolean"
            case .int: return "int"
            case .long: return "long"
            case .float: return "float"
            case .double: return "double"
            case .bytes: return "bytes"
            case .string: return "string"
            case .fixed: return "fixed"
            case .enumeration: return "enum"
            case .array: return "array"
            case .map: return "map"
            case .record: return "record"
            case .union: return "union"
            }
        }
    }

    /// Runs `body` with an ``Engine`` over this writer's plan.
    @inline(__always)
    func withEngine<R>(_ body: (Engine) -> R) -> R {
        body(Engine(nodes: nodeTable, children: childTable, plan: plan))
    }
}

extension AvroEncodingError {
    /// The same error one level further out, so the path reads from the root.
    func nested(_ component: String) -> AvroEncodingError {
        AvroEncodingError(path: "/" + component + (path == "/" ? "" : path), reason: reason)
    }
}
