import Protobuf
import SwiftProtobuf
import Synchronization

/// Turns Confluent-framed Protobuf messages back into swift-protobuf messages of type `M`.
///
/// The message indexes after the schema id say which message of the writer's `.proto` file
/// the bytes hold; the deserializer resolves them against the writer's schema (fetched by id
/// once) and refuses a message of another type, instead of decoding it into `M` by field
/// numbers alone, which would silently give wrong values.
public final class ProtobufDeserializer<M: SwiftProtobuf.Message>: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient

    /// Message names by schema id and index path.
    private let names = Mutex<[NameKey: String]>([:])
    /// The schema id and index bytes last found to name `M`, packed into one word (see
    /// `LastMatch`): a stream of one type is checked by comparing a few bytes, without a lock
    /// (an index list is self-delimiting, so equal bytes are equal lists).
    @usableFromInline let lastMatch = Atomic<UInt64>(0)

    /// A schema id and up to 3 index bytes (enough for a message whose index path has at most
    /// two entries below 64) in one word: bit 63 set, the byte count in bits 56-57, the bytes in
    /// 32-55, the id in 0-31. Zero means none.
    @usableFromInline
    enum LastMatch {
        static func pack(id: Int32, indexes: ArraySlice<UInt8>) -> UInt64? {
            guard indexes.count <= 3 else { return nil }
            var word: UInt64 = 1 << 63 | UInt64(indexes.count) << 56 | UInt64(UInt32(bitPattern: id))
            for (shift, byte) in indexes.enumerated() { word |= UInt64(byte) << UInt64(32 + 8 * shift) }
            return word
        }

        /// The length of the index bytes of `message` when its id and indexes are the ones
        /// `word` holds.
        @inlinable
        static func length(of message: [UInt8], id: Int32, matching word: UInt64) -> Int? {
            guard word != 0, UInt32(truncatingIfNeeded: word) == UInt32(bitPattern: id) else { return nil }
            let count = Int((word >> 56) & 3), start = WireFormat.headerLength
            guard message.count >= start + count else { return nil }
            for i in 0..<count where UInt64(message[start + i]) != (word >> UInt64(32 + 8 * i)) & 0xFF { return nil }
            return count
        }
    }

    /// A schema id and a message's index path in it.
    struct NameKey: Hashable, Sendable {
        var id: Int32
        var path: [Int]
    }

    /// Creates a deserializer.
    public init(client: SchemaRegistryClient) {
        self.client = client
    }

    /// The message in `bytes`. A message of the id and type last read is served without
    /// suspending.
    @inlinable
    public func deserialize(_ bytes: [UInt8]) async throws(SerdeError) -> M {
        if let message = try deserializeIfKnown(bytes) { return message }
        let id = try WireFormat.schemaId(of: bytes)
        let length = try await checkIndexes(bytes, id: id)
        return try Self.decode(bytes, id: id, indexLength: length)
    }

    /// The message in `bytes` when its schema id and message indexes are the ones last found
    /// to name `M` (every message but the first of a stream of one type); `nil` when the
    /// writer's schema must be looked at first.
    @inlinable
    func deserializeIfKnown(_ bytes: [UInt8]) throws(SerdeError) -> M? {
        let id = try WireFormat.schemaId(of: bytes)
        guard let length = LastMatch.length(of: bytes, id: id, matching: lastMatch.load(ordering: .relaxed)) else { return nil }
        return try Self.decode(bytes, id: id, indexLength: length)
    }

    /// The message after the header and `indexLength` bytes of indexes.
    @inlinable
    static func decode(_ bytes: [UInt8], id: Int32, indexLength: Int) throws(SerdeError) -> M {
        do {
            return try M(serializedBytes: ProtobufBodySlice(bytes[(WireFormat.headerLength + indexLength)...]))
        } catch {
            throw .malformedPayload(schemaId: id, reason: "\(error)")
        }
    }

    /// The length of the message indexes after the header, once they are found to name `M`.
    @usableFromInline
    func checkIndexes(_ bytes: [UInt8], id: Int32) async throws(SerdeError) -> Int {
        let start = WireFormat.headerLength
        guard let (path, length) = ProtoMessageIndexes.decode(bytes[start...]) else {
            throw .malformedPayload(schemaId: id, reason: "the message indexes after the schema id do not decode")
        }
        let name = try await messageName(id: id, path: path)
        guard name == M.protoMessageName else {
            throw .unusableSchema("schema \(id) has \(name) at message indexes \(path), not \(M.protoMessageName)")
        }
        if let word = LastMatch.pack(id: id, indexes: bytes[start..<(start + length)]) { lastMatch.store(word, ordering: .relaxed) }
        return length
    }

    private func messageName(id: Int32, path: [Int]) async throws(SerdeError) -> String {
        let key = NameKey(id: id, path: path)
        if let cached = names.withLock({ $0[key] }) { return cached }
        let definition = try await client.writerDefinition(id: id)
        let file = try ProtobufWireSchema.file(definition)
        guard let name = ProtobufWireSchema.messageName(at: path, in: file) else {
            throw .malformedPayload(schemaId: id, reason: "no message at indexes \(path) in the writer's schema")
        }
        names.withLock { $0[key] = name }
        return name
    }
}

/// Reads Confluent-framed Protobuf messages without generated code: each message as a
/// `ProtoDynamicMessage` of the writer's schema (fetched by id once, with its references),
/// the message type found from the indexes after the id. For tools and bridges that handle
/// whatever a topic holds.
public final class ProtobufDynamicDeserializer: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient

    private let resolver: SchemaResolver
    private let decoders = Mutex<[Int32: ProtoDynamicDecoder]>([:])

    /// Creates a deserializer.
    public init(client: SchemaRegistryClient) {
        self.client = client
        self.resolver = SchemaResolver(client: client)
    }

    /// The message in `bytes`, with its full type name and fields by name.
    public func deserialize(_ bytes: [UInt8]) async throws(SerdeError) -> ProtoDynamicMessage {
        let id = try WireFormat.schemaId(of: bytes)
        let start = WireFormat.headerLength
        guard let (path, length) = ProtoMessageIndexes.decode(bytes[start...]) else {
            throw .malformedPayload(schemaId: id, reason: "the message indexes after the schema id do not decode")
        }
        let decoder = try await decoder(for: id)
        do {
            return try decoder.decode(bytes[(start + length)...], messageAt: path)
        } catch {
            throw .malformedPayload(schemaId: id, reason: error.description)
        }
    }

    private func decoder(for id: Int32) async throws(SerdeError) -> ProtoDynamicDecoder {
        if let cached = decoders.withLock({ $0[id] }) { return cached }
        let definition = try await client.writerDefinition(id: id)
        let (file, dependencies) = try await resolver.protobufFiles(definition)
        let decoder = ProtoDynamicDecoder(file: file, dependencies: dependencies)
        decoders.withLock { $0[id] = decoder }
        return decoder
    }
}
