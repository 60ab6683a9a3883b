import Avro
import Synchronization

/// Turns Avro values (generic ``AvroValue``s or `Encodable` types) into Confluent-framed
/// message bytes, registering or finding the schema in the registry on first use.
///
/// After the first message of a topic, serializing costs the Avro encoding plus one dictionary
/// lookup: the schema id and the compiled writer are memoised per topic, so the registry and
/// even the client's caches are off the hot path.
public final class AvroSerializer: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient
    /// The schema values are written with; `nil` only with `useLatestVersion` or `useSchemaId`.
    public let schema: SchemaDefinition?
    /// How subjects and ids are chosen.
    public let options: SerializerOptions

    /// A compiled writer with its framing prefix; a class so that handing it out of the memo
    /// costs one reference count rather than one per field.
    @usableFromInline
    final class Writer: Sendable {
        @usableFromInline let id: Int32
        @usableFromInline let schema: AvroSchema
        @usableFromInline let datumWriter: AvroDatumWriter
        /// The typed path for `Encodable` values, compiled with the generic one.
        @usableFromInline let typedEncoder: AvroBinaryEncoder
        @usableFromInline let prefix: [UInt8]

        init(id: Int32, schema: AvroSchema, prefix: [UInt8]) {
            self.id = id
            self.schema = schema
            self.typedEncoder = AvroBinaryEncoder(schema: schema)
            // The typed encoder is built on a generic writer of the same schema: share it.
            self.datumWriter = typedEncoder.datumWriter
            self.prefix = prefix
        }
    }

    /// The first topic memoised, with its writer: published once and read without a lock.
    @usableFromInline
    final class TopicWriter: Sendable {
        @usableFromInline let topic: String
        @usableFromInline let target: SerdeTarget
        @usableFromInline let writer: Writer

        init(topic: String, target: SerdeTarget, writer: Writer) {
            self.topic = topic
            self.target = target
            self.writer = writer
        }
    }

    private let resolver: SchemaResolver
    @usableFromInline let writersByTopic = Mutex(TopicMemo<Writer>())
    @usableFromInline let firstTopic = PublishedEntry<TopicWriter>()
    private let writersById = Mutex<[Int32: Writer]>([:])
    private let ownSchema = Mutex<AvroSchema?>(nil)

    /// Creates a serializer for values of `schema` (an Avro schema definition, references
    /// allowed).
    public init(client: SchemaRegistryClient, schema: SchemaDefinition?, options: SerializerOptions = SerializerOptions()) {
        self.client = client
        self.schema = schema
        self.options = options
        self.resolver = SchemaResolver(client: client)
    }

    /// Creates a serializer for the Avro schema `text`.
    public convenience init(client: SchemaRegistryClient, schema text: String, options: SerializerOptions = SerializerOptions()) {
        self.init(client: client, schema: SchemaDefinition(schema: text), options: options)
    }

    /// The framed message for `value`, a datum of the writer schema.
    ///
    /// Inlinable so that a warm call (the memo hit) runs in the caller without an async frame
    /// of its own: that frame was most of the serializer's overhead on small messages.
    @inlinable @inline(__always)
    public func serialize(_ value: AvroValue, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        if let memoised = memoisedWriter(topic: topic, target: target) {
            return try AvroTopicSerializer(writer: memoised).serialize(value)
        }
        return try await serializeResolvingWriter(value, topic: topic, target: target)
    }

    /// The first message of a topic (or every one with `useLatestVersion`): resolves the writer.
    @usableFromInline
    func serializeResolvingWriter(_ value: AvroValue, topic: String, target: SerdeTarget) async throws(SerdeError) -> [UInt8] {
        try AvroTopicSerializer(writer: try await writer(topic: topic, target: target)).serialize(value)
    }

    /// The framed message for an `Encodable` value, written straight to Avro binary (no
    /// intermediate datum) and mapped onto the writer schema by field name.
    @inlinable @inline(__always)
    public func serialize<T: Encodable>(_ value: T, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        if let memoised = memoisedWriter(topic: topic, target: target) {
            return try AvroTopicSerializer(writer: memoised).serialize(value)
        }
        return try await bind(topic: topic, target: target).serialize(value)
    }

    /// The framed message for a value of a generated type (`schema-registry avro swift`),
    /// written by its generated code when the writer schema is the type's, else through Codable.
    @inlinable @inline(__always)
    public func serialize<T: AvroBinaryEncodable>(_ value: T, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        if let memoised = memoisedWriter(topic: topic, target: target) {
            return try AvroTopicSerializer(writer: memoised).serialize(value)
        }
        return try await bind(topic: topic, target: target).serialize(value)
    }

    /// A serializer fixed to one topic: the schema id is settled now (registered, looked up, or
    /// the latest version as of now), so each message costs only the encoding and the prefix.
    /// For producers that write one topic in a tight loop; with `useLatestVersion`, bind again
    /// to pick up a newer version.
    public func bind(topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> AvroTopicSerializer {
        if let memoised = memoisedWriter(topic: topic, target: target) { return AvroTopicSerializer(writer: memoised) }
        return AvroTopicSerializer(writer: try await writer(topic: topic, target: target))
    }

    /// The memoised writer of a topic, found without suspending: the hot path.
    @inlinable @inline(__always)
    func memoisedWriter(topic: String, target: SerdeTarget) -> Writer? {
        guard !options.useLatestVersion else { return nil }
        if let first = firstTopic.withEntry({ $0.target == target && $0.topic == topic ? $0.writer : nil }) { return first }
        return writersByTopic.withLock { $0.value(topic: topic, target: target) }
    }

    /// Memoises `writer` for a topic (and publishes the first one for lock-free reads).
    private func memoise(_ writer: Writer, topic: String, target: SerdeTarget) {
        writersByTopic.withLock { $0.set(writer, topic: topic, target: target) }
        firstTopic.publishIfEmpty(TopicWriter(topic: topic, target: target, writer: writer))
    }

    /// The writer for a topic: memoised, except with `useLatestVersion`, where the subject's
    /// latest version is asked of the client (cached there with a TTL) so a new version is
    /// picked up.
    @usableFromInline
    func writer(topic: String, target: SerdeTarget) async throws(SerdeError) -> Writer {
        if let id = options.useSchemaId {
            let writer = try await writer(forId: id, subject: nil)
            memoise(writer, topic: topic, target: target)
            return writer
        }
        let local = try await localSchema()
        let subject = try options.subjectNameStrategy.subject(topic: topic, target: target, recordName: local?.rootName)
        if options.useLatestVersion {
            let latest = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.latestVersion(subject: subject) }
            guard let id = latest.id, let id32 = Int32(exactly: id) else { throw .schemaNotAvailable("latest version of '\(subject)' has no id") }
            return try await writer(forId: id32, subject: subject, definition: latest.definition)
        }
        guard let definition = schema, let local else {
            throw .schemaNotAvailable("the serializer was given no schema; set useLatestVersion or useSchemaId")
        }
        let id32 = try await options.schemaId(of: definition, subject: subject, client: client)
        let writer = Writer(id: id32, schema: local, prefix: WireFormat.header(schemaId: id32))
        memoise(writer, topic: topic, target: target)
        return writer
    }

    private func writer(forId id: Int32, subject: String?, definition known: SchemaDefinition? = nil) async throws(SerdeError) -> Writer {
        if let writer = writersById.withLock({ $0[id] }) { return writer }
        let definition: SchemaDefinition
        if let known {
            definition = known
        } else {
            do {
                definition = try await client.schema(id: Int(id), subject: subject).definition
            } catch {
                throw .registry(error)
            }
        }
        let schema = try await resolver.avroSchema(definition)
        let writer = Writer(id: id, schema: schema, prefix: WireFormat.header(schemaId: id))
        writersById.withLock { $0[id] = writer }
        return writer
    }

    /// The serializer's own schema, parsed once (its references fetched from the registry).
    private func localSchema() async throws(SerdeError) -> AvroSchema? {
        guard let schema else { return nil }
        if let parsed = ownSchema.withLock({ $0 }) { return parsed }
        let parsed = try await resolver.avroSchema(schema)
        ownSchema.withLock { $0 = parsed }
        return parsed
    }
}
