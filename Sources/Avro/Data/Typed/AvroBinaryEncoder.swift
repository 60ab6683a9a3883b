/// Encodes `Encodable` Swift values straight to Avro binary for one schema: the typed path.
///
/// Applications hold models, not generic datums. Going through ``AvroValueEncoder`` builds a
/// tree and then an ``AvroValue`` before a byte is written; this encoder writes the bytes
/// during `encode(to:)` itself, steered by the schema compiled once at initialisation, so a
/// message costs about what the generic ``AvroDatumWriter`` costs for a datum already built.
///
/// The mapping from Swift shapes to Avro types is the same as ``AvroValueEncoder``'s (fields by
/// name in any declaration order, left-out fields taking their defaults or null, integers
/// range-checked, enums as `String` symbols, `[UInt8]` as bytes, unions by the value's kind),
/// and so are the errors, with a path to the offending value. Fields declared in the schema's
/// order are the fast case; others are encoded aside and put in order. A union whose branch
/// cannot be told from the kind of value (two record branches, say) is encoded through the
/// tree bridge for that value only. One difference: a field encoded twice is an error here,
/// where the tree bridge keeps the last value.
///
/// Immutable and `Sendable`: compile one per schema and share it.
public final class AvroBinaryEncoder: Sendable {
    /// The schema values are encoded with.
    public var schema: AvroSchema { plan.schema }
    /// The generic writer of the same schema, which this encoder is built on: for `AvroValue`
    /// datums next to typed values, without compiling the schema again.
    public var datumWriter: AvroDatumWriter { plan.generic }
    let plan: AvroTypedPlan
    /// The schema's Rabin fingerprint, matched against generated types'.
    @usableFromInline let fingerprint: Int64

    /// Compiles `schema` for encoding Swift values.
    public init(schema: AvroSchema) {
        plan = AvroTypedPlan(schema: schema)
        fingerprint = schema.rabinFingerprint
    }

    // MARK: Generated types

    /// The body of a value of a generated type (``AvroBinaryEncodable``), written by its own
    /// code when it was generated from this encoder's schema, else through `Codable`.
    public func encode<T: AvroBinaryEncodable>(_ value: T) throws(AvroCodableError) -> [UInt8] {
        try encode(value, prefix: [])
    }

    /// `prefix` followed by the body of a generated type's value, in one exactly sized array.
    ///
    /// Inlinable, so that the value is read where the caller holds it: called through a generic
    /// boundary, a struct with strings was copied (its strings retained) for every message.
    @inlinable @inline(__always)
    public func encode<T: AvroBinaryEncodable>(_ value: T, prefix: [UInt8]) throws(AvroCodableError) -> [UInt8] {
        guard T.avroSchemaFingerprint == fingerprint else { return try encodeCodable(value, prefix: prefix) }
        // 1 KiB is what `withUnsafeTemporaryAllocation` always places on the stack; larger
        // values move the writer to the heap.
        let result: Result<[UInt8], AvroEncodingError> = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { stack in
            var writer = AvroBinaryWriter(scratch: stack, prefix: prefix)
            do throws(AvroEncodingError) {
                try value.encode(to: &writer)
            } catch {
                writer.release()
                return .failure(error)
            }
            return .success(writer.finish())
        }
        do {
            return try result.get()
        } catch {
            throw AvroCodableError(path: "$", message: error.description)
        }
    }

    /// The Codable path for a generated type compiled for another schema.
    @usableFromInline
    func encodeCodable<T: Encodable>(_ value: borrowing T, prefix: [UInt8]) throws(AvroCodableError) -> [UInt8] {
        try withEncoded(value, prefix: prefix) { Array($0) }
    }

    /// Appends the body of a generated type's value to `bytes`.
    public func encode<T: AvroBinaryEncodable>(_ value: T, appendingTo bytes: inout [UInt8]) throws(AvroCodableError) {
        bytes.append(contentsOf: try encode(value, prefix: []))
    }

    // MARK: Codable

    /// The Avro binary body of `value`, in an exactly sized array.
    public func encode<T: Encodable>(_ value: T) throws(AvroCodableError) -> [UInt8] {
        try encode(value, prefix: [])
    }

    /// `prefix` followed by the body of `value`, in one exactly sized allocation: the shape of a
    /// Confluent-framed message (`0x00`, 4-byte schema id, body) with no second copy.
    public func encode<T: Encodable>(_ value: T, prefix: [UInt8]) throws(AvroCodableError) -> [UInt8] {
        try withEncoded(value, prefix: prefix) { Array($0) }
    }

    /// Appends the body of `value` to `bytes`, for callers that reuse one buffer across
    /// messages (no allocation once it has grown) or assemble batches.
    public func encode<T: Encodable>(_ value: T, appendingTo bytes: inout [UInt8]) throws(AvroCodableError) {
        try withEncoded(value, prefix: []) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    private func withEncoded<T: Encodable, R>(
        _ value: T, prefix: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(AvroCodableError) -> R {
        let state = AvroTypedEncoderState.make(plan: plan, node: plan.root)
        let core = state.core
        if !prefix.isEmpty { prefix.withUnsafeBytes { core.pointee.sink.writeRaw($0) } }
        do throws(AvroTypedFailure) {
            try state.encodeValue(value, at: plan.root)
            if let failure = core.pointee.laterFailure { throw failure }
        } catch {
            throw error.codableError
        }
        return withExtendedLifetime(state) {
            body(UnsafeBufferPointer(start: core.pointee.sink.base, count: core.pointee.sink.count))
        }
    }
}
