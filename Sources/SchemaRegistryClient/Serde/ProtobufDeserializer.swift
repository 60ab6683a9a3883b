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
    /// The schema id and index bytes last found to name `M`: a stream of one type is checked by
    /// comparing a few bytes (an index list is self-delimiting, so equal bytes are equal lists).
    @usableFromInline let lastMatch = Mutex<LastMatch?>(nil)

    /// A schema id and the index bytes (at most 8, packed little-endian) found to name `M`
    /// in it: compared without touching the heap.
    @usableFromInline
    struct LastMatch: Sendable {
        @usableFromInline var id: Int32
        @usableFromInline var count: Int
        @usableFromInline var packed: UInt64

        init?(id: Int32, indexes: ArraySlice<UInt8>) {
            guard indexes.count <= 8 else { return nil }
            self.id = id
            count = indexes.count
            packed = Self.pack(indexes)
        }

        @inlinable
        static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            var value: UInt64 = 0
            for (shift, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * shift) }
            return value
        }

        /// Whether `message` carries the same id and index bytes after its header.
        @inlinable
        func matches(_ message: [UInt8], id: Int32) -> Bool {
            let start = WireFormat.headerLength
            return id == self.id && message.count >= start + count && Self.pack(message[start..<(start + count)]) == packed
        }
    }

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
        let id = try WireFormat.schemaId(of: bytes)
        let start = WireFormat.headerLength
        let known = lastMatch.withLock { last -> Int? in
            guard let last, last.matches(bytes, id: id) else { return nil }
            return last.count
        }
        let length = if let known { known } else { try await checkIndexes(bytes, id: id) }
        do {
            return try M(serializedBytes: Array(bytes[(start + length)...]))
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
        let match = LastMatch(id: id, indexes: bytes[start..<(start + length)])
        lastMatch.withLock { $0 = match }
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
