/// Reads Avro object container files written by any implementation.
///
/// Every length in the file is checked against what remains before anything is allocated,
/// deflate blocks are inflated with a size limit, and each block's sync marker is verified,
/// so a corrupt or hostile file is an error rather than a crash or a runaway allocation.
public struct AvroContainerReader: Sendable {
    /// The schema the file was written with.
    public let writerSchema: AvroSchema
    /// The block codec.
    public let codec: AvroContainerCodec
    /// Every header entry, `avro.schema` and `avro.codec` included.
    public let metadata: [String: [UInt8]]
    /// The file's sync marker.
    public let syncMarker: [UInt8]
    private let bytes: [UInt8]
    private let firstBlock: Int
    private let datumReader: AvroDatumReader
    private let maximumBlockSize: Int

    /// Parses the header of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - readerSchema: decode records into this schema (schema resolution); the writer's by default.
    ///   - maximumBlockSize: the largest inflated block accepted.
    public init(bytes: [UInt8], readerSchema: AvroSchema? = nil, maximumBlockSize: Int = 256 * 1024 * 1024) throws(AvroContainerError) {
        guard bytes.count >= 4, bytes[0] == 0x4F, bytes[1] == 0x62, bytes[2] == 0x6A, bytes[3] == 0x01 else {
            throw .notAContainerFile
        }
        var cursor = ContainerCursor(bytes: bytes, index: 4)
        var metadata: [String: [UInt8]] = [:]
        while true {
            var count = try cursor.readLong()
            if count == 0 { break }
            if count < 0 {
                count = -count
                _ = try cursor.readLong()
            }
            for _ in 0..<count {
                let key = try cursor.readBytes()
                let value = try cursor.readBytes()
                guard let k = String(validating: key, as: UTF8.self) else { throw .invalidHeader("a metadata key is not UTF-8") }
                metadata[k] = value
            }
        }
        guard let schemaBytes = metadata["avro.schema"], let schemaText = String(validating: schemaBytes, as: UTF8.self) else {
            throw .invalidHeader("no avro.schema entry")
        }
        let writer: AvroSchema
        do {
            // The writer's schema is what the data was written with: read as it is, as Java's
            // DataFileReader does (no namespace or default checks).
            writer = try AvroSchema(parsing: schemaText, options: .existingSchema)
        } catch {
            throw .invalidSchema(error)
        }
        let codecName = metadata["avro.codec"].map { String(decoding: $0, as: UTF8.self) } ?? "null"
        guard let codec = AvroContainerCodec(rawValue: codecName.isEmpty ? "null" : codecName) else { throw .unsupportedCodec(codecName) }
        syncMarker = try cursor.take(16)
        self.writerSchema = writer
        self.codec = codec
        self.metadata = metadata
        self.bytes = bytes
        self.firstBlock = cursor.index
        self.maximumBlockSize = maximumBlockSize
        do {
            datumReader = try AvroDatumReader(writer: writer, reader: readerSchema ?? writer)
        } catch {
            throw .resolution(error)
        }
    }

    /// Every record of the file, in order.
    public func values() throws(AvroContainerError) -> [AvroValue] {
        var result: [AvroValue] = []
        try forEach { result.append($0) }
        return result
    }

    /// Calls `body` with each record in order, one block in memory at a time.
    public func forEach(_ body: (AvroValue) throws(AvroContainerError) -> Void) throws(AvroContainerError) {
        var cursor = ContainerCursor(bytes: bytes, index: firstBlock)
        var block = 0
        while cursor.index < bytes.count {
            let count = try cursor.readLong()
            let size = try cursor.readLong()
            guard count >= 0, size >= 0 else { throw .invalidHeader("negative block count or size in block \(block)") }
            // Records of zero bytes (null, empty records) make any count cheap to claim; bound it.
            guard count <= size + (1 << 20) else { throw .invalidHeader("block \(block) claims \(count) records in \(size) bytes") }
            let raw = try cursor.slice(Int(size))
            guard try cursor.take(16) == syncMarker else { throw .syncMarkerMismatch(block: block) }
            let data = codec == .deflate ? try Deflate.decompress(raw, limit: maximumBlockSize) : Array(raw)
            let decoded: Result<[AvroValue], AvroContainerError> = data.withUnsafeBytes { buffer in
                var values: [AvroValue] = []
                values.reserveCapacity(Int(min(count, Int64(buffer.count) + 1)))
                var offset = 0
                for _ in 0..<count {
                    var consumed = 0
                    do throws(AvroDecodingError) {
                        values.append(try datumReader.decode(UnsafeRawBufferPointer(rebasing: buffer[offset...]), consumed: &consumed))
                    } catch {
                        return .failure(.decoding(block: block, error))
                    }
                    offset += consumed
                }
                return .success(values)
            }
            for value in try decoded.get() { try body(value) }
            block += 1
        }
    }
}

/// Bounds-checked reading of the header and block framing.
struct ContainerCursor {
    let bytes: [UInt8]
    var index: Int

    mutating func readLong() throws(AvroContainerError) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw .truncated }
            let b = bytes[index]
            index += 1
            guard shift < 64 else { throw .invalidHeader("a varint is longer than 10 bytes") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    mutating func slice(_ count: Int) throws(AvroContainerError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - index else { throw .truncated }
        defer { index += count }
        return bytes[index..<index + count]
    }

    mutating func take(_ count: Int) throws(AvroContainerError) -> [UInt8] { Array(try slice(count)) }

    mutating func readBytes() throws(AvroContainerError) -> [UInt8] {
        let length = try readLong()
        guard length >= 0, length <= Int64(bytes.count - index) else { throw .truncated }
        return try take(Int(length))
    }
}
