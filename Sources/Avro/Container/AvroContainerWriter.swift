/// Writes Avro object container files: a header with the schema, then blocks of records
/// each followed by the file's sync marker.
///
/// Records are buffered and flushed as a block once `blockSize` bytes are pending, so memory
/// stays bounded for files of any size when the caller drains `takeBytes()` as it goes.
public struct AvroContainerWriter: Sendable {
    /// The schema every record is written with (stored in the header).
    public let schema: AvroSchema
    /// The block codec.
    public let codec: AvroContainerCodec
    /// The 16-byte marker that ends every block.
    public let syncMarker: [UInt8]
    private let datumWriter: AvroDatumWriter
    private let blockSize: Int
    private var pending: [UInt8] = []
    private var pendingCount = 0
    private var output: [UInt8] = []

    /// Starts a file.
    ///
    /// - Parameters:
    ///   - schema: the writer schema.
    ///   - codec: `null` or `deflate`.
    ///   - metadata: extra header entries (keys starting with `avro.` are reserved).
    ///   - syncMarker: 16 bytes; random by default.
    ///   - blockSize: bytes of encoded records per block before it is written.
    public init(
        schema: AvroSchema, codec: AvroContainerCodec = .null, metadata: [String: [UInt8]] = [:], syncMarker: [UInt8]? = nil,
        blockSize: Int = 64 * 1024
    ) {
        self.schema = schema
        self.codec = codec
        var generator = SystemRandomNumberGenerator()
        let marker = syncMarker.flatMap { $0.count == 16 ? $0 : nil } ?? (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.syncMarker = marker
        self.datumWriter = AvroDatumWriter(schema: schema)
        self.blockSize = max(1, blockSize)
        var entries: [(String, [UInt8])] = [("avro.schema", Array(schema.canonicalText.utf8)), ("avro.codec", Array(codec.rawValue.utf8))]
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) where !k.hasPrefix("avro.") { entries.append((k, v)) }
        output.append(contentsOf: [0x4F, 0x62, 0x6A, 0x01])
        AvroContainerEncoding.writeLong(Int64(entries.count), to: &output)
        for (k, v) in entries {
            AvroContainerEncoding.writeBytes(Array(k.utf8), to: &output)
            AvroContainerEncoding.writeBytes(v, to: &output)
        }
        AvroContainerEncoding.writeLong(0, to: &output)
        output.append(contentsOf: marker)
    }

    /// Adds one record.
    public mutating func append(_ value: AvroValue) throws(AvroContainerError) {
        do {
            try datumWriter.encode(value, appendingTo: &pending)
        } catch {
            throw .encoding(error)
        }
        pendingCount += 1
        if pending.count >= blockSize { try flush() }
    }

    /// Writes the pending records as a block.
    public mutating func flush() throws(AvroContainerError) {
        guard pendingCount > 0 else { return }
        let data = codec == .deflate ? try Deflate.compress(pending) : pending
        AvroContainerEncoding.writeLong(Int64(pendingCount), to: &output)
        AvroContainerEncoding.writeLong(Int64(data.count), to: &output)
        output.append(contentsOf: data)
        output.append(contentsOf: syncMarker)
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
    }

    /// The bytes written so far (header and flushed blocks), removed from the writer.
    public mutating func takeBytes() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// Flushes and returns the remaining bytes of the file.
    public mutating func finish() throws(AvroContainerError) -> [UInt8] {
        try flush()
        return takeBytes()
    }
}

/// The few binary primitives the container format needs outside records.
enum AvroContainerEncoding {
    static func writeLong(_ value: Int64, to out: inout [UInt8]) {
        var n = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while n >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        out.append(UInt8(n))
    }

    static func writeBytes(_ bytes: [UInt8], to out: inout [UInt8]) {
        writeLong(Int64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }
}
