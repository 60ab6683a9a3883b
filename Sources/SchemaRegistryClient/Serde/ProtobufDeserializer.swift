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
        let afterHeader = bytes[WireFormat.headerLength...]
        guard let (path, length) = ProtoMessageIndexes.decode(afterHeader) else {
            throw .malformedPayload(schemaId: id, reason: "the message indexes after the schema id do not decode")
        }
        let name = try await messageName(id: id, path: path)
        guard name == M.protoMessageName else {
            throw .unusableSchema("schema \(id) has \(name) at message indexes \(path), not \(M.protoMessageName)")
        }
        do {
            return try M(serializedBytes: Array(afterHeader.dropFirst(length)))
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
