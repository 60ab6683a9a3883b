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
    private let lastMatch = Mutex<(id: Int32, indexes: [UInt8])?>(nil)

    struct NameKey: Hashable, Sendable {
        var id: Int32
        var path: [Int]
    }

    /// Creates a deserializer.
    public init(client: SchemaRegistryClient) {
        self.client = client
    }

    /// The message in `bytes`.
    public func deserialize(_ bytes: [UInt8]) async throws(SerdeError) -> M {
        let id = try WireFormat.schemaId(of: bytes)
        let start = WireFormat.headerLength
        let known = lastMatch.withLock { last -> Int? in
            guard let last, last.id == id, bytes.count >= start + last.indexes.count,
                  bytes[start..<(start + last.indexes.count)].elementsEqual(last.indexes)
            else { return nil }
            return last.indexes.count
        }
        let length: Int
        if let known {
            length = known
        } else {
            guard let (path, decoded) = ProtoMessageIndexes.decode(bytes[start...]) else {
                throw .malformedPayload(schemaId: id, reason: "the message indexes after the schema id do not decode")
            }
            let name = try await messageName(id: id, path: path)
            guard name == M.protoMessageName else {
                throw .unusableSchema("schema \(id) has \(name) at message indexes \(path), not \(M.protoMessageName)")
            }
            length = decoded
            let indexes = Array(bytes[start..<(start + decoded)])
            lastMatch.withLock { $0 = (id, indexes) }
        }
        do {
            return try M(serializedBytes: Array(bytes[(start + length)...]))
        } catch {
            throw .malformedPayload(schemaId: id, reason: "\(error)")
        }
    }

    private func messageName(id: Int32, path: [Int]) async throws(SerdeError) -> String {
        let key = NameKey(id: id, path: path)
        if let cached = names.withLock({ $0[key] }) { return cached }
        let definition: SchemaDefinition
        do {
            definition = try await client.schema(id: Int(id)).definition
        } catch {
            if case .registry(let status, _, let message) = error, status == 404 { throw .unknownSchemaId(id, reason: message) }
            throw .registry(error)
        }
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
        let definition: SchemaDefinition
        do {
            definition = try await client.schema(id: Int(id)).definition
        } catch {
            if case .registry(let status, _, let message) = error, status == 404 { throw .unknownSchemaId(id, reason: message) }
            throw .registry(error)
        }
        let (file, dependencies) = try await resolver.protobufFiles(definition)
        let decoder = ProtoDynamicDecoder(file: file, dependencies: dependencies)
        decoders.withLock { $0[id] = decoder }
        return decoder
    }
}
