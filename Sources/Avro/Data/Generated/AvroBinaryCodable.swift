/// A Swift type that writes itself as Avro binary, field by field in schema order, with no
/// coding keys or containers in between: the fastest typed path.
///
/// Conformances are generated from a schema (`schema-registry avro swift SCHEMA.avsc`); the
/// generator also makes the type `Codable`, which is what ``AvroBinaryEncoder`` falls back to
/// when it was compiled for another schema than the type's (see ``avroSchemaFingerprint``).
public protocol AvroBinaryEncodable: Encodable {
    /// The Rabin fingerprint (CRC-64-AVRO) of the Parsing Canonical Form of the schema the
    /// generated code follows. Everything that shapes the binary encoding (field order, types,
    /// symbols, union branches, sizes) is in that form, so equal fingerprints mean the
    /// generated code writes exactly what the schema says.
    static var avroSchemaFingerprint: Int64 { get }

    /// Writes the value's Avro binary encoding.
    func encode(to writer: inout AvroBinaryWriter) throws(AvroEncodingError)
}

/// A Swift type that reads itself from Avro binary written with its own schema (the
/// counterpart of ``AvroBinaryEncodable``, generated with it).
public protocol AvroBinaryDecodable: Decodable {
    /// See ``AvroBinaryEncodable/avroSchemaFingerprint``.
    static var avroSchemaFingerprint: Int64 { get }

    /// Reads one value; the reader checks every length and count against the input.
    init(from reader: inout AvroBinaryReader) throws(AvroDecodingError)
}

/// Both directions, as generated types provide.
public typealias AvroBinaryCodable = AvroBinaryEncodable & AvroBinaryDecodable

/// The output of generated ``AvroBinaryEncodable`` code: Avro's binary primitives over a
/// growable buffer that starts on the stack.
///
/// Noncopyable, since it may own heap memory; generated code receives it `inout`.
public struct AvroBinaryWriter: ~Copyable {
    @usableFromInline var sink: AvroByteSink

    /// A writer over caller-provided scratch memory (the stack), starting with `prefix`.
    @inlinable
    init(scratch: UnsafeMutableBufferPointer<UInt8>, prefix: [UInt8]) {
        sink = AvroByteSink(initial: scratch)
        if !prefix.isEmpty { prefix.withUnsafeBytes { sink.writeRaw($0) } }
    }

    /// The bytes written, in an exactly sized array; frees any heap memory.
    @inlinable
    mutating func finish() -> [UInt8] {
        let bytes = Array(UnsafeBufferPointer(start: sink.base, count: sink.count))
        sink.release()
        return bytes
    }

    /// Frees any heap memory (after a failure).
    @usableFromInline
    mutating func release() {
        sink.release()
    }

    // The writes are inlinable so that generated code reads a struct's fields and writes them
    // with nothing opaque in between: a call the compiler cannot see into makes it copy (retain)
    // every string it passes, which for a struct read from an array costs more than the
    // encoding. Strings and bytes check for room first and grow out of line.

    /// Writes a `boolean`.
    @inlinable @inline(__always) public mutating func writeBoolean(_ value: Bool) { sink.writeByte(value ? 1 : 0) }
    /// Writes an `int` (zig-zag varint).
    @inlinable @inline(__always) public mutating func writeInt(_ value: Int32) { sink.writeLong(Int64(value)) }
    /// Writes a `long` (zig-zag varint).
    @inlinable @inline(__always) public mutating func writeLong(_ value: Int64) { sink.writeLong(value) }
    /// Writes a `float` (4 bytes, little-endian).
    @inlinable @inline(__always) public mutating func writeFloat(_ value: Float) { sink.writeFloat(value) }
    /// Writes a `double` (8 bytes, little-endian).
    @inlinable @inline(__always) public mutating func writeDouble(_ value: Double) { sink.writeDouble(value) }

    /// Writes a `string`: its UTF-8 length, then the bytes.
    @inlinable @inline(__always)
    public mutating func writeString(_ value: String) {
        if sink.hasRoom(forString: value, plus: 0) {
            sink.writeStringUnchecked(value)
        } else {
            writeStringGrowing(value)
        }
    }

    @usableFromInline
    mutating func writeStringGrowing(_ value: String) { sink.writeString(value) }

    /// Writes `bytes`: the length, then the bytes.
    @inlinable @inline(__always)
    public mutating func writeBytes(_ value: [UInt8]) {
        if sink.hasRoom(forBytes: value, plus: 0) {
            sink.writeBytesUnchecked(value)
        } else {
            writeBytesGrowing(value)
        }
    }

    @usableFromInline
    mutating func writeBytesGrowing(_ value: [UInt8]) { sink.writeBytes(value) }

    /// Writes a `fixed` of `size` bytes, which `value` must hold exactly.
    @inlinable
    public mutating func writeFixed(_ value: [UInt8], size: Int) throws(AvroEncodingError) {
        guard value.count == size else { throw Self.fixedSizeMismatch(size, value.count) }
        value.withUnsafeBytes { sink.writeRaw($0) }
    }

    @usableFromInline
    static func fixedSizeMismatch(_ size: Int, _ found: Int) -> AvroEncodingError {
        AvroEncodingError(path: "/", reason: .fixedSizeMismatch(expected: size, found: found))
    }

    /// Writes an enum symbol's index, or a union's branch index.
    @inlinable @inline(__always) public mutating func writeIndex(_ index: Int) { sink.writeLong(Int64(index)) }

    /// Writes the count of an array or map block (0 ends it; a non-empty block is followed by
    /// its items and then `writeCount(0)`).
    @inlinable @inline(__always) public mutating func writeCount(_ count: Int) { sink.writeLong(Int64(count)) }
}

/// The input of generated ``AvroBinaryDecodable`` code: Avro's binary primitives, each checked
/// against what is left (a forged length or count is an error, never a large allocation).
public struct AvroBinaryReader: ~Copyable {
    var source: AvroByteSource

    init(source: consuming AvroByteSource) {
        self.source = source
    }

    /// Reads a `boolean` (one byte, 0 or 1).
    public mutating func readBoolean() throws(AvroDecodingError) -> Bool { try source.readBoolean() }
    /// Reads an `int`, refusing varints beyond 32 bits.
    public mutating func readInt() throws(AvroDecodingError) -> Int32 { try source.readInt() }
    /// Reads a `long`.
    public mutating func readLong() throws(AvroDecodingError) -> Int64 { try source.readLong() }
    /// Reads a `float`.
    public mutating func readFloat() throws(AvroDecodingError) -> Float { try source.readFloat() }
    /// Reads a `double`.
    public mutating func readDouble() throws(AvroDecodingError) -> Double { try source.readDouble() }
    /// Reads a `string`, validating its UTF-8.
    public mutating func readString() throws(AvroDecodingError) -> String { try source.readString() }
    /// Reads `bytes`.
    public mutating func readBytes() throws(AvroDecodingError) -> [UInt8] { try source.readBytes() }

    /// Reads a `fixed` of `size` bytes.
    public mutating func readFixed(size: Int) throws(AvroDecodingError) -> [UInt8] { try source.readFixed(size) }

    /// Reads a union's branch index, which must be below `count`.
    public mutating func readIndex(below count: Int) throws(AvroDecodingError) -> Int { try source.readUnionBranch(below: count) }

    /// Reads an enum symbol's index, which must be below `count`.
    public mutating func readEnumIndex(below count: Int) throws(AvroDecodingError) -> Int { try source.readEnumIndex(below: count) }

    /// Reads the next block count of an array or map whose items take at least `minimumItemSize`
    /// bytes (0 for items that may be empty: null, empty records); 0 means the end.
    public mutating func readCount(minimumItemSize: Int) throws(AvroDecodingError) -> Int {
        try source.readBlockCount(minItemSize: Int32(clamping: minimumItemSize))
    }

    /// Enters a nested record, checking the nesting limit (recursive types).
    public mutating func enterRecord() throws(AvroDecodingError) { try source.enterRecord() }

    /// Leaves a nested record.
    public mutating func leaveRecord() { source.depth &-= 1 }
}
