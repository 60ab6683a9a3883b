/// Settings of a serializer, named after Confluent's (`auto.register.schemas`,
/// `use.latest.version`, `use.schema.id`, `normalize.schemas`) so that a configuration carries
/// over from Java or Python.
public struct SerializerOptions: Sendable {
    /// Register the serializer's schema on first use (the default). Off in production set-ups
    /// where schemas are registered by CI: the schema must then already be registered, and is
    /// looked up instead.
    public var autoRegisterSchemas: Bool
    /// Write with the subject's latest registered version instead of the serializer's own
    /// schema; the value must fit that version. Re-read after the client's latest-version TTL.
    public var useLatestVersion: Bool
    /// Write with this exact registered schema id.
    public var useSchemaId: Int32?
    /// Ask the registry to normalise the schema before registering or looking it up.
    public var normalizeSchemas: Bool
    /// How subjects are named.
    public var subjectNameStrategy: SubjectNameStrategy

    /// Creates options; the defaults are Confluent's.
    public init(
        autoRegisterSchemas: Bool = true, useLatestVersion: Bool = false, useSchemaId: Int32? = nil,
        normalizeSchemas: Bool = false, subjectNameStrategy: SubjectNameStrategy = .topicName
    ) {
        self.autoRegisterSchemas = autoRegisterSchemas
        self.useLatestVersion = useLatestVersion
        self.useSchemaId = useSchemaId
        self.normalizeSchemas = normalizeSchemas
        self.subjectNameStrategy = subjectNameStrategy
    }
}

extension SerializerOptions {
    /// The id a serializer's own schema has under `subject`: registered on first use with
    /// `autoRegisterSchemas`, else looked up (and an error when it is not registered).
    func schemaId(of definition: SchemaDefinition, subject: String, client: SchemaRegistryClient) async throws(SerdeError) -> Int32 {
        let id: Int
        if autoRegisterSchemas {
            id = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                try await client.register(subject: subject, schema: definition, normalize: normalizeSchemas)
            }
        } else {
            let found = try await viaRegistry { () async throws(SchemaRegistryClientError) in
                try await client.lookup(subject: subject, schema: definition, normalize: normalizeSchemas)
            }
            guard let foundId = found.id else { throw .schemaNotAvailable("lookup in '\(subject)' returned no id") }
            id = foundId
        }
        guard let id32 = Int32(exactly: id) else { throw .schemaNotAvailable("schema id \(id) does not fit the wire format") }
        return id32
    }
}

/// Settings of a deserializer.
public struct DeserializerOptions: Sendable {
    /// Read every message into the subject's latest version (found through
    /// `subjectNameStrategy`) when the application gives no reader schema, so consumers follow
    /// evolution without a redeploy.
    public var useLatestVersion: Bool
    /// How subjects are named, for `useLatestVersion`.
    public var subjectNameStrategy: SubjectNameStrategy

    /// Creates options; by default messages are read with their writer schema (or the
    /// application's reader schema).
    public init(useLatestVersion: Bool = false, subjectNameStrategy: SubjectNameStrategy = .topicName) {
        self.useLatestVersion = useLatestVersion
        self.subjectNameStrategy = subjectNameStrategy
    }
}
