import Avro
import Synchronization

/// Turns Confluent-framed Avro messages back into values, fetching each writer schema by id
/// once and resolving it to the application's reader schema when one is given.
///
/// The compiled reader (writer-to-reader resolution program) is memoised per schema id, so a
/// warm deserializer costs a header check, one dictionary lookup and the Avro decoding.
public final class AvroDeserializer: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient
    /// The schema values are read into; `nil` reads with each message's writer schema.
    public let readerSchema: SchemaDefinition?
    /// How subjects are named, and whether to read into the latest version.
    public let options: DeserializerOptions

    @usableFromInline
    struct ReaderKey: Hashable, Sendable {
        @usableFromInline var writerId: Int32
        /// The reader's schema id with `useLatestVersion`, else -1.
        @usableFromInline var readerId: Int

        @usableFromInline
        init(writerId: Int32, readerId: Int) {
            self.writerId = writerId
            self.readerId = readerId
        }
    }

    /// A class, so that handing a memoised reader to the decoding costs one reference count,
    /// not one per decoder.
    @usableFromInline
    final class Reader: Sendable {
        @usableFromInline let datumReader: AvroDatumReader
        /// The typed path for `Decodable` values, for the same writer and reader schemas.
        @usableFromInline let typedDecoder: AvroBinaryDecoder

        init(datumReader: AvroDatumReader, typedDecoder: AvroBinaryDecoder) {
            self.datumReader = datumReader
            self.typedDecoder = typedDecoder
        }
    }

    /// The first writer id memoised, with its reader: published once and read without a lock.
    @usableFromInline
    final class ReaderEntry: Sendable {
        @usableFromInline let writerId: Int32
        @usableFromInline let reader: Reader

        init(writerId: Int32, reader: Reader) {
            self.writerId = writerId
            self.reader = reader
        }
    }

    private let resolver: SchemaResolver
    /// Compiled readers by key, with the last one used checked first (consumers of one topic
    /// mostly see one writer id in a row).
    @usableFromInline
    struct ReaderMemo: Sendable {
        @usableFromInline var lastWriterId: Int32 = 0
        @usableFromInline var last: Reader?
        @usableFromInline var byKey: [ReaderKey: Reader] = [:]

        init() {}
    }

    @usableFromInline let readers = Mutex(ReaderMemo())
    @usableFromInline let firstReader = PublishedEntry<ReaderEntry>()
    private let ownReader = Mutex<AvroSchema?>(nil)

    /// Creates a deserializer; give `readerSchema` to read every message into one shape (the
    /// writer's is resolved to it per Avro's rules: added fields take defaults, removed ones are
    /// skipped).
    public init(client: SchemaRegistryClient, readerSchema: SchemaDefinition? = nil, options: DeserializerOptions = DeserializerOptions()) {
        self.client = client
        self.readerSchema = readerSchema
        self.options = options
        self.resolver = SchemaResolver(client: client)
    }

    /// Creates a deserializer with the Avro reader schema `text`.
    public convenience init(client: SchemaRegistryClient, readerSchema text: String, options: DeserializerOptions = DeserializerOptions()) {
        self.init(client: client, readerSchema: SchemaDefinition(schema: text), options: options)
    }

    /// The value in `message`, in the reader schema (or the writer's when none was given).
    /// `topic` is needed only with `useLatestVersion`.
    @inlinable @inline(__always)
    public func deserialize(_ message: [UInt8], topic: String? = nil, target: SerdeTarget = .value) async throws(SerdeError) -> AvroValue {
        // A known writer id is decoded right here, inlined into the caller with no async call.
        let id = try WireFormat.schemaId(of: message)
        if let memoised = memoisedReader(writerId: id) { return try Self.decodeBody(message, id: id, with: memoised) }
        return try await decode(message, topic: topic, target: target).value
    }

    /// The value in `message` as a `Decodable` type, read straight from the Avro binary (no
    /// intermediate datum) and matched by field name against the reader schema (or the
    /// writer's).
    @inlinable @inline(__always)
    public func deserialize<T: Decodable>(
        _ type: T.Type, from message: [UInt8], topic: String? = nil, target: SerdeTarget = .value
    ) async throws(SerdeError) -> T {
        let id = try WireFormat.schemaId(of: message)
        if let memoised = memoisedReader(writerId: id) { return try Self.decodeBody(type, message, id: id, with: memoised) }
        return try Self.decodeBody(type, message, id: id, with: try await reader(writerId: id, topic: topic, target: target))
    }

    /// The value in `message` as a generated type (`schema-registry avro swift`), read by its
    /// generated code when the message was written with the type's schema, else through Codable
    /// (resolved to the reader schema, if one was given).
    @inlinable @inline(__always)
    public func deserialize<T: AvroBinaryDecodable>(
        _ type: T.Type, from message: [UInt8], topic: String? = nil, target: SerdeTarget = .value
    ) async throws(SerdeError) -> T {
        let id = try WireFormat.schemaId(of: message)
        if let memoised = memoisedReader(writerId: id) { return try Self.decodeGenerated(type, message, id: id, with: memoised) }
        return try Self.decodeGenerated(type, message, id: id, with: try await reader(writerId: id, topic: topic, target: target))
    }

    /// A generated type's value after the header.
    @inlinable
    static func decodeGenerated<T: AvroBinaryDecodable>(_ type: T.Type, _ message: [UInt8], id: Int32, with reader: Reader) throws(SerdeError) -> T {
        do {
            return try reader.typedDecoder.decode(type, from: message, offset: WireFormat.headerLength)
        } catch {
            throw serdeError(error, schemaId: id)
        }
    }

    /// A typed decoding failure as the serde reports it: bytes that are not Avro are a
    /// malformed payload, a datum the type does not fit is an invalid value.
    @usableFromInline
    static func serdeError(_ error: AvroCodableError, schemaId id: Int32) -> SerdeError {
        error.isInvalidBinary ? .malformedPayload(schemaId: id, reason: error.message) : .invalidValue(error.description)
    }

    /// The value of type `type` after the header, read with `reader`'s typed decoder.
    @inlinable
    static func decodeBody<T: Decodable>(_ type: T.Type, _ message: [UInt8], id: Int32, with reader: Reader) throws(SerdeError) -> T {
        do {
            return try reader.typedDecoder.decode(type, from: message, offset: WireFormat.headerLength)
        } catch {
            throw serdeError(error, schemaId: id)
        }
    }

    /// Decodes `message` with the compiled reader of its schema id and returns both. Inlinable
    /// so that a warm call (the memo hit) runs in the caller without an async frame of its own:
    /// that frame was most of the deserializer's overhead on small messages.
    @inlinable
    func decode(_ message: [UInt8], topic: String?, target: SerdeTarget) async throws(SerdeError) -> (value: AvroValue, reader: Reader) {
        let id = try WireFormat.schemaId(of: message)
        let reader: Reader
        if let memoised = memoisedReader(writerId: id) {
            reader = memoised
        } else {
            reader = try await self.reader(writerId: id, topic: topic, target: target)
        }
        return (try Self.decodeBody(message, id: id, with: reader), reader)
    }

    /// The datum after the header, read with `reader`.
    @inlinable
    static func decodeBody(_ message: [UInt8], id: Int32, with reader: Reader) throws(SerdeError) -> AvroValue {
        do {
            return try reader.datumReader.decode(message, from: WireFormat.headerLength)
        } catch {
            throw .malformedPayload(schemaId: id, reason: "\(error)")
        }
    }

    /// The compiled reader of a writer id, found without suspending: the hot path. With
    /// `useLatestVersion` the reader depends on the subject's current latest version, so that
    /// case always takes the slow path (whose registry answer is cached with a TTL).
    @inlinable @inline(__always)
    func memoisedReader(writerId: Int32) -> Reader? {
        guard readerSchema != nil || !options.useLatestVersion else { return nil }
        if let first = firstReader.withEntry({ $0.writerId == writerId ? $0.reader : nil }) { return first }
        return readers.withLock { memo in
            if let last = memo.last, memo.lastWriterId == writerId { return last }
            guard let found = memo.byKey[ReaderKey(writerId: writerId, readerId: -1)] else { return nil }
            (memo.lastWriterId, memo.last) = (writerId, found)
            return found
        }
    }

    @usableFromInline
    func reader(writerId: Int32, topic: String?, target: SerdeTarget) async throws(SerdeError) -> Reader {
        var readerSchema = try await ownReaderSchema()
        var readerId = -1
        if readerSchema == nil, options.useLatestVersion {
            guard let topic else { throw .noSubjectName("useLatestVersion needs the topic") }
            let subject = try options.subjectNameStrategy.subject(topic: topic, target: target, recordName: nil)
            let latest = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.latestVersion(subject: subject) }
            readerId = latest.id ?? -1
            if let cached = readers.withLock({ $0.byKey[ReaderKey(writerId: writerId, readerId: readerId)] }) { return cached }
            readerSchema = try await resolver.avroSchema(latest.definition)
        }
        let key = ReaderKey(writerId: writerId, readerId: readerId)
        if let cached = readers.withLock({ $0.byKey[key] }) { return cached }

        let writerDefinition = try await client.writerDefinition(id: writerId)
        let writerSchema: AvroSchema
        do {
            writerSchema = try await resolver.avroSchema(writerDefinition)
        } catch {
            throw .unknownSchemaId(writerId, reason: error.description)
        }
        let reader: Reader
        do {
            reader = Reader(
                datumReader: try AvroDatumReader(writer: writerSchema, reader: readerSchema ?? writerSchema),
                typedDecoder: try AvroBinaryDecoder(writer: writerSchema, reader: readerSchema ?? writerSchema)
            )
        } catch {
            throw .unusableSchema("writer schema \(writerId) cannot be read as the reader schema: \(error)")
        }
        readers.withLock { $0.byKey[key] = reader }
        if readerId == -1 { firstReader.publishIfEmpty(ReaderEntry(writerId: writerId, reader: reader)) }
        return reader
    }

    private func ownReaderSchema() async throws(SerdeError) -> AvroSchema? {
        guard let readerSchema else { return nil }
        if let parsed = ownReader.withLock({ $0 }) { return parsed }
        let parsed = try await resolver.avroSchema(readerSchema)
        ownReader.withLock { $0 = parsed }
        return parsed
    }
}
