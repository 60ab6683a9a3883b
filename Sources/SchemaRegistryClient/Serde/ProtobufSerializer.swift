import Protobuf
import SchemaRegistryAPI
import SwiftProtobuf
import Synchronization

/// Turns swift-protobuf messages into Confluent-framed Protobuf messages: magic byte, schema
/// id, the message's index path in its `.proto` file, then the message's own bytes.
///
/// swift-protobuf's generated types carry no descriptor, so the serializer is given the
/// schema text (the `.proto` file the type was generated from, with its references) to
/// register or look up; `useLatestVersion` and `useSchemaId` take it from the registry
/// instead. The index path is found by the message's full name (`M.protoMessageName`) in the
/// schema, the way confluent-kafka's serializers find it in their descriptors, and is
/// memoised with the id per topic.
public final class ProtobufSerializer<M: SwiftProtobuf.Message>: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient
    /// The `.proto` schema `M` was generated from; `nil` only with `useLatestVersion` or
    /// `useSchemaId`.
    public let schema: SchemaDefinition?
    /// How subjects and ids are chosen.
    public let options: SerializerOptions

    /// The framing prefix of one topic: header and message indexes.
    final class Writer: Sendable {
        let prefix: [UInt8]

        init(prefix: [UInt8]) {
            self.prefix = prefix
        }
    }

    private let writersByTopic = Mutex(TopicMemo<Writer>())

    /// Creates a serializer for messages of type `M` described by `schema` (`schemaType:
    /// .protobuf`).
    public init(client: SchemaRegistryClient, schema: SchemaDefinition?, options: SerializerOptions = SerializerOptions()) {
        self.client = client
        self.schema = schema
        self.options = options
    }

    /// Creates a serializer for the `.proto` `text`, whose imports other than the built-in
    /// well-known files are `references`.
    public convenience init(
        client: SchemaRegistryClient, schema text: String, references: [SchemaReference] = [], options: SerializerOptions = SerializerOptions()
    ) {
        self.init(client: client, schema: SchemaDefinition(schema: text, schemaType: .protobuf, references: references), options: options)
    }

    /// The framed message for `message`.
    public func serialize(_ message: M, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        let writer = try await writer(topic: topic, target: target)
        var out = writer.prefix
        do {
            let body: [UInt8] = try message.serializedBytes()
            out.append(contentsOf: body)
        } catch {
            throw .invalidValue("\(M.protoMessageName): \(error)")
        }
        return out
    }

    func writer(topic: String, target: SerdeTarget) async throws(SerdeError) -> Writer {
        if !options.useLatestVersion, let writer = writersByTopic.withLock({ $0.value(topic: topic, target: target) }) { return writer }
        let id: Int32, definition: SchemaDefinition
        if let schemaId = options.useSchemaId {
            id = schemaId
            definition = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.schema(id: Int(schemaId)).definition }
        } else {
            let subject = try options.subjectNameStrategy.subject(topic: topic, target: target, recordName: M.protoMessageName)
            if options.useLatestVersion {
                let latest = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.latestVersion(subject: subject) }
                guard let latestId = latest.id, let id32 = Int32(exactly: latestId) else {
                    throw .schemaNotAvailable("latest version of '\(subject)' has no id")
                }
                id = id32
                definition = latest.definition
            } else {
                guard let schema else { throw .schemaNotAvailable("the serializer was given no schema; set useLatestVersion or useSchemaId") }
                id = try await options.schemaId(of: schema, subject: subject, client: client)
                definition = schema
            }
        }
        let file = try ProtobufWireSchema.file(definition)
        guard let path = ProtoMessageIndexes.of(M.protoMessageName, in: file) else {
            throw .unusableSchema("schema \(id) declares no message \(M.protoMessageName)")
        }
        let writer = Writer(prefix: WireFormat.header(schemaId: id) + ProtoMessageIndexes.encode(path))
        writersByTopic.withLock { $0.set(writer, topic: topic, target: target) }
        return writer
    }
}

/// What the Protobuf serde needs of a schema: its declarations, for message indexes.
enum ProtobufWireSchema {
    /// The file a Protobuf definition describes, as `.proto` text or a base64 descriptor.
    static func file(_ definition: SchemaDefinition) throws(SerdeError) -> ProtoFile {
        guard definition.schemaType == .protobuf else {
            throw .unusableSchema("expected a PROTOBUF schema, the registry has a \(definition.schemaType.rawValue) one")
        }
        do {
            return try ProtoParser.parse(definition.schema)
        } catch {
            guard let file = ProtoDescriptorReader.file(fromBase64: definition.schema) else { throw .unusableSchema(error.description) }
            return file
        }
    }

    /// The full name (`package.Outer.Inner`) of the message at `path` in `file`.
    static func messageName(at path: [Int], in file: ProtoFile) -> String? {
        guard let (name, _) = ProtoMessageIndexes.message(at: path, in: file) else { return nil }
        return file.package.map { "\($0).\(name)" } ?? name
    }
}
