/// Confluent's message framing: magic byte `0`, the schema id as a 4-byte big-endian signed
/// integer, then the encoded body (Avro binary, or UTF-8 JSON text for JSON Schema).
///
/// Every Confluent serializer in every language reads and writes this prefix, so it is what
/// lets a Swift producer talk to a Java or Python consumer and back.
public enum WireFormat {
    /// The first byte of every framed message.
    public static let magicByte: UInt8 = 0
    /// Magic byte plus id.
    public static let headerLength = 5

    /// The 5-byte prefix for schema `id`.
    public static func header(schemaId id: Int32) -> [UInt8] {
        let bits = UInt32(bitPattern: id)
        return [magicByte, UInt8(truncatingIfNeeded: bits >> 24), UInt8(truncatingIfNeeded: bits >> 16),
                UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits)]
    }

    /// `payload` framed with schema `id`.
    public static func frame(schemaId id: Int32, payload: some Collection<UInt8>) -> [UInt8] {
        var out = header(schemaId: id)
        out.reserveCapacity(headerLength + payload.count)
        out.append(contentsOf: payload)
        return out
    }

    /// The schema id of a framed message; the body starts at ``headerLength``.
    ///
    /// Checks only the prefix: an empty message, a wrong magic byte (often a message produced
    /// without a registry, or by a newer GUID-in-header serializer) and a message shorter than
    /// the prefix are each their own error.
    @inlinable
    public static func schemaId(of message: [UInt8]) throws(SerdeError) -> Int32 {
        guard message.count >= headerLength, message[0] == magicByte else { return try schemaId(of: message[...]) }
        let bits = UInt32(message[1]) << 24 | UInt32(message[2]) << 16 | UInt32(message[3]) << 8 | UInt32(message[4])
        return Int32(bitPattern: bits)
    }

    /// The schema id of a framed message held in any collection of bytes.
    public static func schemaId(of message: some Collection<UInt8>) throws(SerdeError) -> Int32 {
        guard let first = message.first else { throw .emptyMessage }
        guard first == magicByte else { throw .unknownMagicByte(first) }
        guard message.count >= headerLength else { throw .truncatedHeader(length: message.count) }
        var bits: UInt32 = 0
        for byte in message.dropFirst().prefix(4) { bits = bits << 8 | UInt32(byte) }
        return Int32(bitPattern: bits)
    }
}
