/// Encodes generic datums to Avro binary for one schema.
///
/// The schema is compiled once into an ``AvroBinaryPlan`` at initialisation, so per-message work is
/// a tight walk over integer-indexed nodes. The writer is immutable and `Sendable`: share one per
/// schema across tasks (Schema Registry serializers cache it by schema id).
public final class AvroDatumWriter: Sendable {
    /// The schema values are encoded with.
    public let schema: AvroSchema
    let plan: AvroBinaryPlan

    /// Compiles `schema` for encoding.
    public init(schema: AvroSchema) {
        self.schema = schema
        self.plan = AvroBinaryPlan(schema: schema)
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
        // 1 KiB is the size `withUnsafeTemporaryAllocation` always places on the stack; larger
        // requests may go to the heap (a malloc/free pair per message). Bigger datums move the
        // sink to the heap themselves.
        let result: Result<[UInt8], AvroEncodingError> = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { stack in
            var sink = AvroByteSink(initial: stack)
            defer { sink.release() }
            prefix.withUnsafeBytes { sink.writeRaw($0) }
            do throws(AvroEncodingError) {
                try write(value, plan.root, &sink)
            } catch {
                return .failure(error)
            }
            // `Array(UnsafeBufferPointer)` is specialised in this module, so allocating the result
            // costs one malloc; `Array(unsafeUninitializedCapacity:)` goes through the unspecialised
            // `_allocateBufferUninitialized`, which looks up the storage class metadata at run time.
            return .success(Array(UnsafeBufferPointer(start: sink.base, count: sink.count)))
        }
        return try result.get()
    }

    /// Appends the binary body of `value` to `bytes`, for callers that assemble larger buffers
    /// (object container blocks, batches).
    public func encode(_ value: AvroValue, appendingTo bytes: inout [UInt8]) throws(AvroEncodingError) {
        let body = try encode(value)
        bytes.append(contentsOf: body)
    }

    // MARK: - Engine

    func write(_ value: AvroValue, _ index: Int32, _ sink: inout AvroByteSink) throws(AvroEncodingError) {
        let node = plan.nodes[Int(index)]
        switch node.kind {
        case .null:
            guard case .null = value else { throw mismatch("null", value) }
        case .boolean:
            guard case .boolean(let b) = value else { throw mismatch("boolean", value) }
            sink.writeByte(b ? 1 : 0)
        case .int:
            guard case .int(let i) = value else { throw mismatch("int", value) }
            sink.writeLong(Int64(i))
        case .long:
            guard case .long(let l) = value else { throw mismatch("long", value) }
            sink.writeLong(l)
        case .float:
            guard case .float(let f) = value else { throw mismatch("float", value) }
            sink.writeFloat(f)
        case .double:
            guard case .double(let d) = value else { throw mismatch("double", value) }
            sink.writeDouble(d)
        case .bytes:
            guard case .bytes(let b) = value else { throw mismatch("bytes", value) }
            sink.writeBytes(b)
        case .string:
            guard case .string(let s) = value else { throw mismatch("string", value) }
            sink.writeString(s)
        case .fixed:
            guard case .fixed(let b) = value else { throw mismatch("fixed", value) }
            guard b.count == Int(node.a) else {
                throw AvroEncodingError(path: "", reason: .fixedSizeMismatch(expected: Int(node.a), found: b.count))
            }
            b.withUnsafeBytes { sink.writeRaw($0) }
        case .enumeration:
            guard case .enumeration(_, let i) = value else { throw mismatch("enum", value) }
            guard i >= 0 && i < node.b else {
                throw AvroEncodingError(path: "", reason: .invalidEnumIndex(Int(i), symbolCount: Int(node.b)))
            }
            sink.writeLong(Int64(i))
        case .array:
            guard case .array(let items) = value else { throw mismatch("array", value) }
            if !items.isEmpty {
                sink.writeLong(Int64(items.count))
                try items.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
                    for i in 0..<buffer.count {
                        do throws(AvroEncodingError) { try write(buffer[i], node.a, &sink) } catch { throw error.nested("\(i)") }
                    }
                }
            }
            sink.writeByte(0)
        case .map:
            guard case .map(let entries) = value else { throw mismatch("map", value) }
            if !entries.isEmpty {
                sink.writeLong(Int64(entries.count))
                for entry in entries {
                    sink.writeString(entry.key)
                    do { try write(entry.value, node.a, &sink) } catch { throw error.nested(entry.key) }
                }
            }
            sink.writeByte(0)
        case .record:
            guard case .record(let fields) = value else { throw mismatch("record", value) }
            guard fields.count == Int(node.b) else {
                throw AvroEncodingError(path: "", reason: .fieldCountMismatch(expected: Int(node.b), found: fields.count))
            }
            // Borrow the elements through a buffer pointer: iterating the array copies each
            // element (a retain/release pair per field), which dominated encoding.
            let first = Int(node.a)
            try fields.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
                for i in 0..<buffer.count {
                    do throws(AvroEncodingError) { try write(buffer[i], plan.children[first &+ i], &sink) } catch {
                        throw error.nested(plan.childNames[first &+ i])
                    }
                }
            }
        case .union:
            guard case .union(let branch, let inner) = value else { throw mismatch("union", value) }
            guard branch >= 0 && branch < Int(node.b) else {
                throw AvroEncodingError(path: "", reason: .invalidUnionBranch(branch, branchCount: Int(node.b)))
            }
            sink.writeLong(Int64(branch))
            try write(inner, plan.children[Int(node.a) + branch], &sink)
        }
    }

    private func mismatch(_ expected: String, _ value: AvroValue) -> AvroEncodingError {
        AvroEncodingError(path: "", reason: .typeMismatch(expected: expected, found: value.kindName))
    }
}

extension AvroEncodingError {
    /// The same error one level further out, so the path reads from the root.
    func nested(_ component: String) -> AvroEncodingError {
        AvroEncodingError(path: "/" + component + (path == "/" ? "" : path), reason: reason)
    }
}
