/// Decodes Avro binary bodies into generic datums, optionally resolving a writer schema to a
/// reader schema.
///
/// All schema work happens in the initialiser (compilation, and for two schemas the full
/// resolution, which is where incompatibilities are reported); decoding then follows a flat
/// program. The reader is immutable and `Sendable`: cache one per (writer id, reader) pair.
///
/// Input is treated as hostile: every malformation is an ``AvroDecodingError``, lengths are
/// checked against the remaining bytes before allocating, record nesting is bounded by
/// `maximumDepth` (recursive schemas) and zero-byte items by `maximumZeroSizeItems`.
public final class AvroDatumReader: Sendable {
    /// The schema the data was written with.
    public let writerSchema: AvroSchema
    /// The schema of the values produced.
    public let readerSchema: AvroSchema
    /// The deepest record nesting accepted, so that a recursive schema cannot be used to exhaust the stack.
    public let maximumDepth: Int
    /// The most items of zero-byte types (null, empty records) one datum may hold; they consume no
    /// input, so without this bound a few bytes could demand an unbounded array.
    public let maximumZeroSizeItems: Int
    let program: AvroReadProgram

    /// A reader for data written with the same schema it is read with.
    public convenience init(schema: AvroSchema, maximumDepth: Int = 256, maximumZeroSizeItems: Int = 1 << 20) {
        // Resolving a schema against itself cannot fail: every type matches itself.
        try! self.init(writer: schema, reader: schema, maximumDepth: maximumDepth, maximumZeroSizeItems: maximumZeroSizeItems)
    }

    /// A reader that turns data written with `writer` into values of `reader`, per the
    /// specification's resolution rules (promotions, field matching by name and alias, defaults,
    /// enum defaults, union branch matching).
    public init(
        writer: AvroSchema, reader: AvroSchema, maximumDepth: Int = 256, maximumZeroSizeItems: Int = 1 << 20
    ) throws(AvroResolutionError) {
        writerSchema = writer
        readerSchema = reader
        self.maximumDepth = maximumDepth
        self.maximumZeroSizeItems = maximumZeroSizeItems
        program = try AvroReadProgram(writer: writer, reader: reader)
    }

    /// Decodes the datum in `bytes[offset...]`; trailing bytes are an error unless allowed, so a
    /// message with a wrong schema id is less likely to be misread silently.
    public func decode(_ bytes: [UInt8], from offset: Int = 0, allowingTrailingBytes: Bool = false) throws(AvroDecodingError) -> AvroValue {
        let result: Result<AvroValue, AvroDecodingError> = bytes.withUnsafeBytes { raw in
            guard offset >= 0 && offset <= raw.count else { return .failure(.truncated(offset: 0)) }
            var consumed = 0
            do throws(AvroDecodingError) {
                let v = try decode(UnsafeRawBufferPointer(rebasing: raw[offset...]), consumed: &consumed)
                if !allowingTrailingBytes && consumed != raw.count - offset {
                    return .failure(.trailingBytes(count: raw.count - offset - consumed, offset: consumed))
                }
                return .success(v)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes one datum from the start of `buffer` and reports how many bytes it took, for
    /// callers that walk several datums (object container blocks).
    public func decode(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(AvroDecodingError) -> AvroValue {
        var source = AvroByteSource(buffer, maximumDepth: maximumDepth, zeroSizeLimit: maximumZeroSizeItems)
        let value = try read(program.root, &source)
        consumed = source.offset
        return value
    }

    // MARK: - Engine

    func read(_ index: Int32, _ src: inout AvroByteSource) throws(AvroDecodingError) -> AvroValue {
        let node = program.nodes[Int(index)]
        switch node.kind {
        case .null: return .null
        case .boolean: return .boolean(try src.readBoolean())
        case .int: return .int(try src.readInt())
        case .long: return .long(try src.readLong())
        case .float: return .float(try src.readFloat())
        case .double: return .double(try src.readDouble())
        case .bytes: return .bytes(try src.readBytes())
        case .string: return .string(try src.readString())
        case .intToLong: return .long(Int64(try src.readInt()))
        case .intToFloat: return .float(Float(try src.readInt()))
        case .intToDouble: return .double(Double(try src.readInt()))
        case .longToFloat: return .float(Float(try src.readLong()))
        case .longToDouble: return .double(Double(try src.readLong()))
        case .floatToDouble: return .double(Double(try src.readFloat()))
        case .stringToBytes: return .bytes(try src.readBytes())
        case .bytesToString: return .string(try src.readString())
        case .fixed:
            return .fixed(try src.readFixed(Int(node.a)))
        case .enumeration:
            let begin = src.offset
            let table = program.enums[Int(node.a)]
            let i = try src.readEnumIndex(below: table.mapping.count)
            let r = table.mapping[i]
            guard r >= 0 else { throw .unknownEnumSymbol(table.writerSymbols[i], offset: begin) }
            return .enumeration(symbol: table.readerSymbols[Int(r)], index: r)
        case .array:
            var items: [AvroValue] = []
            while true {
                let count = try src.readBlockCount(minItemSize: node.b)
                if count == 0 { break }
                items.reserveCapacity(items.count + count)
                for _ in 0..<count { items.append(try read(node.a, &src)) }
            }
            return .array(items)
        case .map:
            var entries: [AvroMapEntry] = []
            while true {
                let count = try src.readBlockCount(minItemSize: node.b)
                if count == 0 { break }
                entries.reserveCapacity(entries.count + count)
                for _ in 0..<count {
                    let key = try src.readString()
                    entries.append(AvroMapEntry(key: key, value: try read(node.a, &src)))
                }
            }
            return .map(entries)
        case .record:
            return .record(try readRecord(node, &src))
        case .resolvedRecord:
            return .record(try readResolvedRecord(node, &src))
        case .union:
            let begin = src.offset
            let b = try src.readUnionBranch(below: Int(node.b))
            let entry = program.unionEntries[Int(node.a) + b]
            if entry.constant >= 0 { return program.constants[Int(entry.constant)] }
            guard entry.node >= 0 else { throw .unresolvedUnionBranch(Int(b), offset: begin) }
            let value = try read(entry.node, &src)
            if entry.readerBranch >= 0 { return .union(branch: Int(entry.readerBranch), value: value) }
            return value
        case .wrapInUnion:
            return .union(branch: Int(node.a), value: try read(node.b, &src))
        case .constant:
            return program.constants[Int(node.a)]
        }
    }

    func readRecord(_ node: AvroReadProgram.Node, _ src: inout AvroByteSource) throws(AvroDecodingError) -> [AvroValue] {
        try src.enterRecord()
        defer { src.depth &-= 1 }
        let count = Int(node.b)
        let first = Int(node.a)
        var failure: AvroDecodingError?
        let fields = [AvroValue](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                do throws(AvroDecodingError) {
                    buffer.initializeElement(at: i, to: try read(program.children[first &+ i], &src))
                    initialized = i &+ 1
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return fields
    }

    func readResolvedRecord(_ node: AvroReadProgram.Node, _ src: inout AvroByteSource) throws(AvroDecodingError) -> [AvroValue] {
        try src.enterRecord()
        defer { src.depth &-= 1 }
        let plan = program.resolvedRecords[Int(node.a)]
        var fields = [AvroValue](repeating: .null, count: plan.fieldCount)
        for op in program.fieldOps[plan.ops] {
            if op.target >= 0 {
                fields[Int(op.target)] = try read(op.node, &src)
            } else {
                try program.writerPlan.skip(op.node, &src)
            }
        }
        for d in plan.defaults { fields[d.target] = program.constants[d.constant] }
        return fields
    }
}
