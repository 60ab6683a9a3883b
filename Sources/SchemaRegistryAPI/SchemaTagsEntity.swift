import JSONModel

/// Confluent's `SchemaTags`: the tags of one record or field, named by its entity path
/// (`{"schemaEntity": {"entityPath", "entityType"}, "tags": [...]}`).
public struct SchemaTagsEntity: Hashable, Sendable {
    /// Where in the schema: an Avro full name (`com.acme.Person.email`) or a JSON Schema path.
    public var entityPath: String
    /// `sr_record` or `sr_field`, lower case as Confluent's JSON spells them.
    public var entityType: String
    public var tags: [String]

    /// Creates an entity.
    public init(entityPath: String, entityType: String, tags: [String]) {
        self.entityPath = entityPath
        self.entityType = entityType
        self.tags = tags
    }

    /// The entity as Confluent writes it.
    public var json: JSONValue {
        [
            "schemaEntity": ["entityPath": .string(entityPath), "entityType": .string(entityType)],
            "tags": .array(tags.map(JSONValue.string)),
        ]
    }

    /// Reads an entity (the path and type are also accepted at the top level); `key` names the
    /// list in errors.
    public init(json value: JSONValue, in key: String) throws(WireError) {
        guard case .object(let entry) = value else { throw WireError("Each of '\(key)' must be an object") }
        let entity = entry["schemaEntity"]?.objectValue ?? entry
        guard let path = try Wire.optionalString(entity, "entityPath"), let type = try Wire.optionalString(entity, "entityType"),
            type == "sr_record" || type == "sr_field"
        else {
            throw WireError("Each of '\(key)' needs an entityPath and an entityType of sr_record or sr_field")
        }
        guard case .array(let tags)? = entry["tags"] else { throw WireError("Each of '\(key)' needs a tags array") }
        self.init(entityPath: path, entityType: type, tags: tags.map { $0.stringValue ?? JSONWriter.string($0) })
    }
}
