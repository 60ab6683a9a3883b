import Avro

/// An ``AvroSerializer`` bound to one topic and schema id (see ``AvroSerializer/bind(topic:target:)``).
///
/// Synchronous and lock-free: everything that needs the registry happened when it was bound,
/// which is what lets a producer loop pay no more than the Avro encoding itself.
public struct AvroTopicSerializer: Sendable {
    @usableFromInline let writer: AvroSerializer.Writer

    @usableFromInline
    init(writer: AvroSerializer.Writer) {
        self.writer = writer
    }

    /// The schema id every message is framed with.
    public var schemaId: Int32 { writer.id }
    /// The schema values are written with.
    public var schema: AvroSchema { writer.schema }

    /// The framed message for `value`, a datum of ``schema``.
    @inlinable
    public func serialize(_ value: AvroValue) throws(SerdeError) -> [UInt8] {
        do {
            return try writer.datumWriter.encode(value, prefix: writer.prefix)
        } catch {
            throw .invalidValue(error.description)
        }
    }

    /// The framed message for an `Encodable` value, written straight to Avro binary.
    @inlinable
    public func serialize<T: Encodable>(_ value: T) throws(SerdeError) -> [UInt8] {
        do {
            return try writer.typedEncoder.encode(value, prefix: writer.prefix)
        } catch {
            throw .invalidValue(error.description)
        }
    }

    /// The framed message for a value of a generated type, written by its generated code when
    /// ``schema`` is the type's (same Rabin fingerprint), else through Codable.
    @inlinable
    public func serialize<T: AvroBinaryEncodable>(_ value: T) throws(SerdeError) -> [UInt8] {
        do {
            return try writer.typedEncoder.encode(value, prefix: writer.prefix)
        } catch {
            throw .invalidValue(error.description)
        }
    }
}
