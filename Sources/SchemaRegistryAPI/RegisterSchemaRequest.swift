import JSONModel

/// The body of register, lookup and compatibility requests (Confluent's `RegisterSchemaRequest`).
///
/// Every member may be absent: a registration without a schema reuses the latest version's
/// (a metadata-only update), and the registry decides what a missing member means.
public struct RegisterSchemaRequest: Hashable, Sendable {
    /// The schema text.
    public var schema: String?
    /// `AVRO` (the default when absent), `JSON` or `PROTOBUF`, case-sensitive.
    public var schemaType: String?
    public var references: [SchemaReference]
    /// Data-contract metadata, kept as JSON because registries add fields to it over time.
    public var metadata: JSONValue?
    /// Data-contract rules, kept as JSON for the same reason.
    public var ruleSet: JSONValue?
    /// An explicit id (IMPORT mode).
    public var id: Int?
    /// An explicit version (IMPORT mode, or the next version).
    public var version: Int?
    /// Tags to add to records and fields before the schema is used.
    public var schemaTagsToAdd: [SchemaTagsEntity]
    /// Tags to remove from records and fields before the schema is used.
    public var schemaTagsToRemove: [SchemaTagsEntity]
    /// A registration also carries over the latest version's inline tags.
    public var propagateSchemaTags: Bool

    /// Creates a request.
    public init(
        schema: String?, schemaType: String? = nil, references: [SchemaReference] = [], metadata: JSONValue? = nil,
        ruleSet: JSONValue? = nil, id: Int? = nil, version: Int? = nil, schemaTagsToAdd: [SchemaTagsEntity] = [],
        schemaTagsToRemove: [SchemaTagsEntity] = [], propagateSchemaTags: Bool = false
    ) {
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.id = id
        self.version = version
        self.schemaTagsToAdd = schemaTagsToAdd
        self.schemaTagsToRemove = schemaTagsToRemove
        self.propagateSchemaTags = propagateSchemaTags
    }

    /// Reads a body as Confluent's server does: unknown members ignored, null as absent,
    /// Jackson's coercions and its errors for wrong types.
    public init(json body: JSONValue) throws(WireError) {
        guard case .object(let o) = body else {
            throw WireError("Cannot deserialize value of type `RegisterSchemaRequest` from \(body.kindDescription)")
        }
        self.init(
            schema: try Wire.optionalString(o, "schema"), schemaType: try Wire.optionalString(o, "schemaType"),
            references: try Wire.references(o), metadata: try Wire.metadata(o, "metadata"), ruleSet: try Wire.ruleSet(o, "ruleSet"),
            id: try Wire.optionalInt(o, "id"), version: try Wire.optionalInt(o, "version"),
            schemaTagsToAdd: try Wire.schemaTags(o, "schemaTagsToAdd"), schemaTagsToRemove: try Wire.schemaTags(o, "schemaTagsToRemove"),
            propagateSchemaTags: try Wire.optionalBool(o, "propagateSchemaTags") ?? false)
    }

    /// The body a client sends: `schemaType` and `references` always present, as Confluent's
    /// Python client sends them, so every registry sees the same shape.
    public var json: JSONValue {
        var body: JSONObject = [:]
        if let schema { body.appendUnchecked("schema", .string(schema)) }
        body.appendUnchecked("schemaType", .string(schemaType ?? "AVRO"))
        body.appendUnchecked("references", .array(references.map(\.json)))
        if let metadata { body.appendUnchecked("metadata", metadata) }
        if let ruleSet { body.appendUnchecked("ruleSet", ruleSet) }
        if let id { body.appendUnchecked("id", .integer(Int64(id))) }
        if let version { body.appendUnchecked("version", .integer(Int64(version))) }
        if !schemaTagsToAdd.isEmpty { body.appendUnchecked("schemaTagsToAdd", .array(schemaTagsToAdd.map(\.json))) }
        if !schemaTagsToRemove.isEmpty { body.appendUnchecked("schemaTagsToRemove", .array(schemaTagsToRemove.map(\.json))) }
        if propagateSchemaTags { body.appendUnchecked("propagateSchemaTags", .bool(true)) }
        return .object(body)
    }
}
