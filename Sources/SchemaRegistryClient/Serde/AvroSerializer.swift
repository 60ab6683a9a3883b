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

    /// A compiled writer with its framing prefix.
    struct Writer: Sendable {
        var id: Int32
        var schema: AvroSchema
        var datumWriter: AvroDatumWriter
        var prefix: [UInt8]
    }

    private struct TopicKey: Hashable, Sendable {
        var topic: String
        var target: SerdeTarget
    }

    private let resolver: SchemaResolver
    private let writersByTopic = Mutex<[TopicKey: Writer]>([:])
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
    public func serialize(_ value: AvroValue, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        let writer = try await writer(topic: topic, target: target)
        do {
            return try writer.datumWriter.encode(value, prefix: writer.prefix)
        } catch {
            throw .invalidValue(error.description)
        }
    }

    /// The framed message for an `Encodable` value, mapped onto the writer schema by field name.
    public func serialize<T: Encodable>(_ value: T, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        let writer = try await writer(topic: topic, target: target)
        let datum: AvroValue
        do {
            datum = try AvroValueEncoder().encode(value, as: writer.schema)
        } catch {
            throw .invalidValue(error.description)
        }
        do {
            return try writer.datumWriter.encode(datum, prefix: writer.prefix)
        } catch {
            throw .invalidValue(error.description)
        }
    }

    /// The writer for a topic: memoised, except with `useLatestVersion`, where the subject's
    /// latest version is asked of the client (cached there with a TTL) so a new version is
    /// picked up.
    func writer(topic: String, target: SerdeTarget) async throws(SerdeError) -> Writer {
        let key = TopicKey(topic: topic, target: target)
        if !options.useLatestVersion, let writer = writersByTopic.withLock({ $0[key] }) { return writer }

        if let id = options.useSchemaId {
            let writer = try await writer(forId: id, subject: nil)
            writersByTopic.withLock { $0[key] = writer }
            return writer
        }
        let local = try await localSchema()
        let subject = try options.subjectNameStrategy.subject(topic: topic, target: target, recordName: local?.rootName)
        if options.useLatestVersion {
            let latest: RegisteredSchema
            do {
                latest = try await client.latestVersion(subject: subject)
            } catch {
                throw .registry(error)
            }
            guard let id = latest.id, let id32 = Int32(exactly: id) else { throw .schemaNotAvailable("latest version of '\(subject)' has no id") }
            return try await writer(forId: id32, subject: subject, definition: latest.definition)
        }
        guard let definition = schema, let local else {
            throw .schemaNotAvailable("the serializer was given no schema; set useLatestVersion or useSchemaId")
        }
        let id: Int
        if options.autoRegisterSchemas {
            id = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                try await client.register(subject: subject, schema: definition, normalize: options.normalizeSchemas)
            }
        } else {
            let found = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                try await client.lookup(subject: subject, schema: definition, normalize: options.normalizeSchemas)
            }
            guard let foundId = found.id else { throw .schemaNotAvailable("lookup in '\(subject)' returned no id") }
            id = foundId
        }
        guard let id32 = Int32(exactly: id) else { throw .schemaNotAvailable("schema id \(id) does not fit the wire format") }
        let writer = Writer(id: id32, schema: local, datumWriter: AvroDatumWriter(schema: local), prefix: WireFormat.header(schemaId: id32))
        writersByTopic.withLock { $0[key] = writer }
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
        let writer = Writer(id: id, schema: schema, datumWriter: AvroDatumWriter(schema: schema), prefix: WireFormat.header(schemaId: id))
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
