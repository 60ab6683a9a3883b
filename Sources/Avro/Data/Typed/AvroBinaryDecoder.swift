/// Decodes Avro binary straight into `Decodable` Swift values: the typed path.
///
/// The counterpart of ``AvroBinaryEncoder``: `init(from:)` reads from the bytes themselves,
/// steered by the compiled schema, with no ``AvroValue`` in between. The Swift type may read
/// just the fields it needs, in any order (schema order is the fast case), with the same shape
/// rules and errors as ``AvroValueDecoder``.
///
/// With a writer schema different from the reader's (a consumer reading older or newer data),
/// the bytes are first resolved to the reader schema as a generic datum, which the tree bridge
/// then presents to the type: correct for every resolution Avro allows, at the speed of the
/// generic path.
///
/// Immutable and `Sendable`: compile one per schema (or schema pair) and share it.
public final class AvroBinaryDecoder: Sendable {
    /// The schema the bytes were written with.
    public let writerSchema: AvroSchema
    /// The schema values are read as.
    public let readerSchema: AvroSchema
    /// Deepest record nesting accepted, against stack exhaustion on hostile input.
    public let maximumDepth: Int
    /// Most items of zero-byte types (arrays of nulls) one datum may hold.
    public let maximumZeroSizeItems: Int
    /// The writer schema's Rabin fingerprint, matched against generated types'.
    @usableFromInline let writerFingerprint: Int64
    let mode: Mode

    /// How bytes become values: read straight into the type, or first resolved to the reader
    /// schema as a generic datum (writer and reader differ), so no typed plan is compiled then.
    enum Mode: Sendable {
        case direct(AvroTypedPlan)
        case resolving(AvroDatumReader)
    }

    /// Compiles `schema` for decoding values written with it.
    public init(schema: AvroSchema, maximumDepth: Int = 256, maximumZeroSizeItems: Int = 1 << 20) {
        mode = .direct(AvroTypedPlan(schema: schema, forEncoding: false))
        writerSchema = schema
        writerFingerprint = schema.rabinFingerprint
        readerSchema = schema
        self.maximumDepth = maximumDepth
        self.maximumZeroSizeItems = maximumZeroSizeItems
    }

    /// Compiles the resolution of `writer` data to the `reader` schema, failing now if Avro's
    /// rules do not allow it.
    public init(
        writer: AvroSchema, reader: AvroSchema, maximumDepth: Int = 256, maximumZeroSizeItems: Int = 1 << 20
    ) throws(AvroResolutionError) {
        mode = writer == reader
            ? .direct(AvroTypedPlan(schema: writer, forEncoding: false))
            : .resolving(try AvroDatumReader(writer: writer, reader: reader, maximumDepth: maximumDepth, maximumZeroSizeItems: maximumZeroSizeItems))
        writerSchema = writer
        writerFingerprint = writer.rabinFingerprint
        readerSchema = reader
        self.maximumDepth = maximumDepth
        self.maximumZeroSizeItems = maximumZeroSizeItems
    }

    /// The value of type `type` in `bytes`, whose Avro body starts at `offset` (5 for a
    /// Confluent-framed message) and runs to the end.
    @inlinable
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], offset: Int = 0) throws(AvroCodableError) -> T {
        guard offset >= 0 && offset <= bytes.count else {
            throw AvroCodableError(path: "$", message: "offset \(offset) is outside the \(bytes.count) bytes given")
        }
        // Inlinable, so that the `Result` below is specialised in the caller: in this generic
        // function it would cost a metadata lookup per message.
        let result: Result<T, AvroCodableError> = bytes.withUnsafeBytes { raw in
            do throws(AvroCodableError) {
                return .success(try decode(type, from: UnsafeRawBufferPointer(rebasing: raw[offset...])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The value of type `type` in `buffer`, which must hold exactly one datum.
    public func decode<T: Decodable>(_ type: T.Type, from buffer: UnsafeRawBufferPointer) throws(AvroCodableError) -> T {
        let plan: AvroTypedPlan
        switch mode {
        case .direct(let compiled):
            plan = compiled
        case .resolving(let resolvingReader):
            var consumed = 0
            let datum: AvroValue
            do {
                datum = try resolvingReader.decode(buffer, consumed: &consumed)
            } catch {
                throw Self.invalidBinary(error)
            }
            guard consumed == buffer.count else { throw Self.invalidBinary(.trailingBytes(count: buffer.count - consumed, offset: consumed)) }
            return try AvroValueDecoder().decode(type, from: datum, schema: readerSchema)
        }
        let source = AvroByteSource(buffer, maximumDepth: maximumDepth, zeroSizeLimit: maximumZeroSizeItems)
        let state = AvroTypedDecoderState.make(plan: plan, source: source, node: plan.root)
        let value: T
        do throws(AvroTypedFailure) {
            value = try state.decodeValue(type, at: plan.root)
        } catch {
            throw error.codableError
        }
        let src = state.core.pointee.src
        guard src.remaining == 0 else { throw Self.invalidBinary(.trailingBytes(count: src.remaining, offset: src.offset)) }
        return value
    }

    /// Bytes that are not one valid datum, as the typed API reports them.
    static func invalidBinary(_ error: AvroDecodingError) -> AvroCodableError {
        AvroCodableError(path: "$", message: AvroCodableError.invalidBinaryPrefix + ": \(error)")
    }

    // MARK: Generated types

    /// A value of a generated type (``AvroBinaryDecodable``) from `bytes` (body from `offset`),
    /// read by its own code when the bytes were written with the type's schema, else through
    /// `Codable` (with resolution to the reader schema).
    @inlinable
    public func decode<T: AvroBinaryDecodable>(_ type: T.Type, from bytes: [UInt8], offset: Int = 0) throws(AvroCodableError) -> T {
        guard T.avroSchemaFingerprint == writerFingerprint else { return try decodeCodable(type, from: bytes, offset: offset) }
        guard offset >= 0 && offset <= bytes.count else {
            throw AvroCodableError(path: "$", message: "offset \(offset) is outside the \(bytes.count) bytes given")
        }
        let result: Result<T, AvroCodableError> = bytes.withUnsafeBytes { raw in
            do throws(AvroCodableError) {
                return .success(try decodeGenerated(type, from: UnsafeRawBufferPointer(rebasing: raw[offset...])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The `Codable` path for a generated type written with another schema.
    @inlinable
    func decodeCodable<T: Decodable>(_ type: T.Type, from bytes: [UInt8], offset: Int) throws(AvroCodableError) -> T {
        try decode(type, from: bytes, offset: offset)
    }

    /// Runs the type's generated reader over exactly one datum.
    @usableFromInline
    func decodeGenerated<T: AvroBinaryDecodable>(_ type: T.Type, from buffer: UnsafeRawBufferPointer) throws(AvroCodableError) -> T {
        var reader = AvroBinaryReader(source: AvroByteSource(buffer, maximumDepth: maximumDepth, zeroSizeLimit: maximumZeroSizeItems))
        let value: T
        do throws(AvroDecodingError) {
            value = try T(from: &reader)
        } catch {
            throw Self.invalidBinary(error)
        }
        guard reader.source.remaining == 0 else {
            throw Self.invalidBinary(.trailingBytes(count: reader.source.remaining, offset: reader.source.offset))
        }
        return value
    }
}
