import JSONModel

/// The body of register, lookup and compatibility requests (Confluent's `RegisterSchemaRequest`).
public struct SchemaRequest: Sendable, Hashable {
    /// The schema text; nil or empty reuses the latest version's (metadata-only updates).
    public var schema: String?
    /// `AVRO` (default), `JSON` or `PROTOBUF`, case-sensitive.
    public var schemaType: String?
    public var references: [SchemaReference]
    public var metadata: JSONValue?
    public var ruleSet: JSONValue?
    /// Explicit id (IMPORT mode only).
    public var id: Int?
    /// Explicit version (IMPORT mode, or the next version).
    public var version: Int?
    /// `schemaTagsToAdd` and `schemaTagsToRemove`: applied to the schema before anything else.
    public var tagEdits = SchemaTagEdits()
    /// `propagateSchemaTags`: a registration also carries over the latest version's inline tags.
    public var propagateSchemaTags = false

    /// Whether the request carries no schema text: absent, empty or only whitespace (Confluent
    /// trims it before looking).
    public var hasNoSchema: Bool { schema?.trimmingWhitespace().isEmpty ?? true }

    /// Creates a request.
    public init(
        schema: String?, schemaType: String? = nil, references: [SchemaReference] = [], metadata: JSONValue? = nil,
        ruleSet: JSONValue? = nil, id: Int? = nil, version: Int? = nil
    ) {
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.id = id
        self.version = version
    }
}

/// A subject version with its schema, as the read endpoints return it.
public struct SchemaVersionView: Sendable, Hashable {
    public var subject: QualifiedSubject
    public var version: Int
    public var schema: StoredSchema
    public var deleted: Bool
    public var timestamp: Int64

    /// Creates a view.
    public init(subject: QualifiedSubject, version: Int, schema: StoredSchema, deleted: Bool, timestamp: Int64) {
        self.subject = subject
        self.version = version
        self.schema = schema
        self.deleted = deleted
        self.timestamp = timestamp
    }
}

extension VersionSelector {
    /// Parses Confluent's version id (`VersionSelector(text:)`), 42202 for anything else.
    public init(parsing text: String) throws(RegistryError) {
        guard let selector = VersionSelector(text: text) else { throw .invalidVersion(text) }
        self = selector
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
