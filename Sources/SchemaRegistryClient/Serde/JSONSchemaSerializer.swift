import Foundation
import JSONModel
import JSONSchema
import Synchronization

/// Turns JSON values (``JSONValue`` or `Encodable` types) into Confluent-framed JSON Schema
/// messages, validating each value before it is sent.
///
/// Validation happens on the producer because a consumer can only reject a bad message after
/// it is already in the topic. The schema id and compiled validator are memoised per topic.
public final class JSONSchemaSerializer: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient
    /// The JSON Schema values are checked against; `nil` only with `useLatestVersion` or `useSchemaId`.
    public let schema: SchemaDefinition?
    /// How subjects and ids are chosen.
    public let options: SerializerOptions
    /// Whether values are validated before they are framed (Confluent's default: yes).
    public let validates: Bool

    /// A compiled validator with its framing prefix (a class: one reference count per use).
    final class Writer: Sendable {
        let id: Int32
        let validator: JSONSchemaValidator
        let prefix: [UInt8]

        init(id: Int32, validator: JSONSchemaValidator, prefix: [UInt8]) {
            self.id = id
            self.validator = validator
            self.prefix = prefix
        }
    }

    private let resolver: SchemaResolver
    private let writersByTopic = Mutex(TopicMemo<Writer>())
    private let writersById = Mutex<[Int32: Writer]>([:])
    private let ownDocument = Mutex<JSONSchemaDocument?>(nil)

    /// Creates a serializer for values of `schema`, a JSON Schema definition (`schemaType: .json`).
    public init(client: SchemaRegistryClient, schema: SchemaDefinition?, options: SerializerOptions = SerializerOptions(), validates: Bool = true) {
        self.client = client
        self.schema = schema
        self.options = options
        self.validates = validates
        self.resolver = SchemaResolver(client: client)
    }

    /// Creates a serializer for the JSON Schema `text`.
    public convenience init(client: SchemaRegistryClient, schema text: String, options: SerializerOptions = SerializerOptions(), validates: Bool = true) {
        self.init(client: client, schema: SchemaDefinition(schema: text, schemaType: .json), options: options, validates: validates)
    }

    /// The framed message for `value`.
    public func serialize(_ value: JSONValue, topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> [UInt8] {
        let writer = try await writer(topic: topic, target: target)
        if validates {
            let errors = writer.validator.validate(value)
            if !errors.isEmpty { throw .validationFailed(errors.map(\.description)) }
        }
        var out = writer.prefix
        JSONWriter.write(value, to: &out)
        return out
    }

    /// The framed message for an `Encodable` value, encoded with `encoder` (Foundation's
    /// `JSONEncoder`, so `CodingKeys` and date strategies apply as usual).
    public func serialize<T: Encodable>(
        _ value: T, topic: String, target: SerdeTarget = .value, encoder: JSONEncoder = JSONEncoder()
    ) async throws(SerdeError) -> [UInt8] {
        let json: JSONValue
        do {
            json = try JSONParser().parse(Array(try encoder.encode(value)))
        } catch {
            throw .invalidValue("\(error)")
        }
        return try await serialize(json, topic: topic, target: target)
    }

    func writer(topic: String, target: SerdeTarget) async throws(SerdeError) -> Writer {
        if !options.useLatestVersion, let writer = writersByTopic.withLock({ $0.value(topic: topic, target: target) }) { return writer }
        if let id = options.useSchemaId {
            let definition = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.schema(id: Int(id)).definition }
            let writer = try await writer(forId: id, definition: definition)
            writersByTopic.withLock { $0.set(writer, topic: topic, target: target) }
            return writer
        }
        let local = try await localDocument()
        let title = local?.json.objectValue?["title"]?.stringValue
        let subject = try options.subjectNameStrategy.subject(topic: topic, target: target, recordName: title)
        if options.useLatestVersion {
            let latest = try await viaRegistry { () async throws(SchemaRegistryClientError) in try await client.latestVersion(subject: subject) }
            guard let id = latest.id, let id32 = Int32(exactly: id) else { throw .schemaNotAvailable("latest version of '\(subject)' has no id") }
            return try await writer(forId: id32, definition: latest.definition)
        }
        guard let definition = schema, let local else {
            throw .schemaNotAvailable("the serializer was given no schema; set useLatestVersion or useSchemaId")
        }
        let id32 = try await options.schemaId(of: definition, subject: subject, client: client)
        let writer = Writer(id: id32, validator: JSONSchemaValidator(local), prefix: WireFormat.header(schemaId: id32))
        writersByTopic.withLock { $0.set(writer, topic: topic, target: target) }
        return writer
    }

    private func writer(forId id: Int32, definition: SchemaDefinition) async throws(SerdeError) -> Writer {
        if let writer = writersById.withLock({ $0[id] }) { return writer }
        let document = try await resolver.jsonDocument(definition)
        let writer = Writer(id: id, validator: JSONSchemaValidator(document), prefix: WireFormat.header(schemaId: id))
        writersById.withLock { $0[id] = writer }
        return writer
    }

    private func localDocument() async throws(SerdeError) -> JSONSchemaDocument? {
        guard let schema else { return nil }
        if let parsed = ownDocument.withLock({ $0 }) { return parsed }
        let parsed = try await resolver.jsonDocument(schema)
        ownDocument.withLock { $0 = parsed }
        return parsed
    }
}
