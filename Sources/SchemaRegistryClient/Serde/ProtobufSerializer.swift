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
    @usableFromInline
    final class Writer: Sendable {
        @usableFromInline let prefix: [UInt8]

        init(prefix: [UInt8]) {
            self.prefix = prefix
        }
    }

    /// The texts of the files the schema imports (by import path), registered on first use.
    public let imports: [String: String]

    @usableFromInline let writersByTopic = Mutex(TopicMemo<Writer>())
    /// What is registered for the schema (its descriptor form, with references), once known.
    private let withReferences = Mutex<SchemaDefinition?>(nil)

    /// Creates a serializer for messages of type `M` described by `schema` (`schemaType:
    /// .protobuf`). `imports` holds the text of every file the schema imports, directly or
    /// not, by import path (the built-in `google/protobuf/*`, `google/type/*` and `confluent/*`
    /// files need none): on first use each is registered (or, without `autoRegisterSchemas`,
    /// looked up) under a subject named after its import path, dependencies first, and the
    /// schema gets them as references, as Confluent's serializers do by default. Schema and
    /// imports are registered as the descriptors protoc-generated code embeds, the form
    /// Confluent's Java and Python serializers register, so producers in every language share
    /// the schema's id.
    public init(
        client: SchemaRegistryClient, schema: SchemaDefinition?, imports: [String: String] = [:], options: SerializerOptions = SerializerOptions()
    ) {
        self.client = client
        self.schema = schema
        self.imports = imports
        self.options = options
    }

    /// Creates a serializer for the `.proto` `text`, whose imports other than the built-in
    /// ones are given as `references` (already registered) or as `imports` (registered by the
    /// serializer).
    public convenience init(
        client: SchemaRegistryClient, schema text: String, references: [SchemaReference] = [], imports: [String: String] = [:],
        options: SerializerOptions = SerializerOptions()
    ) {
        self.init(
            client: client, schema: SchemaDefinition(schema: text, schemaType: .protobuf, references: references), imports: imports,
            options: options)
    }

    /// The framed message for `message`. A topic seen before is served without suspending,
    /// inlined into the caller so that it costs no async call of its own (the fixed cost that
    /// kept this path above bare swift-protobuf).
    @inlinable @inline(__always)
    public func serialize(_ message: M, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        if !options.useLatestVersion, let memoised = writersByTopic.withLock({ $0.value(topic: topic, target: target) }) {
            return try Self.frame(message, prefix: memoised.prefix)
        }
        return try await serializeResolvingWriter(message, topic: topic, target: target)
    }

    /// The first message of a topic (or every message with `useLatestVersion`): resolves the
    /// writer, then frames.
    @usableFromInline
    func serializeResolvingWriter(_ message: M, topic: String, target: SerdeTarget) async throws(SerdeError) -> [UInt8] {
        let writer = try await self.writer(topic: topic, target: target)
        return try Self.frame(message, prefix: writer.prefix)
    }

    /// `prefix` followed by the message's bytes.
    @inlinable
    static func frame(_ message: M, prefix: [UInt8]) throws(SerdeError) -> [UInt8] {
        do {
            let body: FramedProtobufBytes = try message.serializedBytes()
            return body.framed(after: prefix)
        } catch {
            throw .invalidValue("\(M.protoMessageName): \(error)")
        }
    }

    @usableFromInline
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
                definition = try await registrable(schema)
                id = try await options.schemaId(of: definition, subject: subject, client: client)
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

extension ProtobufSerializer {
    /// What the serializer registers for `schema`, worked out once: when the schema is `.proto`
    /// text whose imports are all built in or among `imports`, the file's descriptor as
    /// protoc-generated code embeds it (base64), with every import registered the same way
    /// under its import path and named as a reference, which is what Confluent's Java and
    /// Python serializers register for the same file, so all of them share one schema id;
    /// otherwise `schema` as given.
    func registrable(_ schema: SchemaDefinition) async throws(SerdeError) -> SchemaDefinition {
        if let done = withReferences.withLock({ $0 }) { return done }
        guard schema.schemaType == .protobuf, schema.references.isEmpty, let file = try? ProtoParser.parse(schema.schema) else { return schema }
        var registered: [String: (reference: SchemaReference, file: ProtoFile)] = [:]
        let references = try await references(of: file, registered: &registered, depth: 0)
        guard let form = Self.descriptorForm(of: file, name: "schema.proto", dependencies: registered.values.map(\.file)) else { return schema }
        let resolved = SchemaDefinition(schema: form, schemaType: .protobuf, references: references)
        withReferences.withLock { $0 = resolved }
        return resolved
    }

    /// The base64 descriptor generated code would embed for `file`, or nil when it has none
    /// (a type that does not resolve).
    static func descriptorForm(of file: ProtoFile, name: String, dependencies: [ProtoFile]) -> String? {
        guard let bytes = try? ProtoDescriptorBuilder.serializedDescriptor(of: file, name: name, dependencies: dependencies, flavor: .generatedCode)
        else { return nil }
        return Base64.encode(bytes)
    }

    /// The references of `file`: each import not built in, registered first (with its own
    /// references) under its import path, Confluent's default reference subject.
    private func references(
        of file: ProtoFile, registered: inout [String: (reference: SchemaReference, file: ProtoFile)], depth: Int
    ) async throws(SerdeError) -> [SchemaReference] {
        guard depth < 32 else { throw .unusableSchema("imports nested deeper than 32 files (a cycle?)") }
        var result: [SchemaReference] = []
        for path in file.imports.map(\.path) where ProtoWellKnownFiles.file(path) == nil {
            if let done = registered[path] {
                result.append(done.reference)
                continue
            }
            guard let importedText = imports[path] else {
                throw .schemaNotAvailable("the schema imports \"\(path)\", which is neither built in nor among the serializer's imports")
            }
            let imported: ProtoFile
            do {
                imported = try ProtoParser.parse(importedText)
            } catch {
                throw .unusableSchema("\(path): \(error.description)")
            }
            let references = try await references(of: imported, registered: &registered, depth: depth + 1)
            let form = Self.descriptorForm(of: imported, name: path, dependencies: registered.values.map(\.file)) ?? importedText
            let definition = SchemaDefinition(schema: form, schemaType: .protobuf, references: references)
            if options.autoRegisterSchemas {
                _ = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                    try await client.register(subject: path, schema: definition, normalize: options.normalizeSchemas)
                }
            }
            let found = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                try await client.lookup(subject: path, schema: definition, normalize: options.normalizeSchemas)
            }
            guard let version = found.version else { throw .schemaNotAvailable("lookup of \"\(path)\" returned no version") }
            let reference = SchemaReference(name: path, subject: path, version: version)
            registered[path] = (reference, imported)
            result.append(reference)
        }
        return result
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
            return try ProtoDescriptorReader.file(fromTextOrBase64: definition.schema)
        } catch {
            throw .unusableSchema(error.description)
        }
    }

    /// The full name (`package.Outer.Inner`) of the message at `path` in `file`.
    static func messageName(at path: [Int], in file: ProtoFile) -> String? {
        guard let (name, _) = ProtoMessageIndexes.message(at: path, in: file) else { return nil }
        return file.package.map { "\($0).\(name)" } ?? name
    }
}
