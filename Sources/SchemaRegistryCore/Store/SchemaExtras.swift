import JSONModel

/// The parts of a stored schema that most schemas lack: references, metadata and rule set.
///
/// `SchemaTable` keeps them beside its records, keyed by id, only for the schemas that have
/// any, so a record holds no references to count and no optionals to pad: at a million
/// schemas an array and two optional JSON values in every record were about 50 MB.
struct SchemaExtras: Sendable {
    var references: [SchemaReference]
    var metadata: JSONValue?
    var ruleSet: JSONValue?

    /// The extras of `schema`, or nil when it has none of them.
    static func of(_ schema: StoredSchema) -> SchemaExtras? {
        of(references: schema.references, metadata: schema.metadata, ruleSet: schema.ruleSet)
    }

    /// Extras holding these parts, or nil when there are none.
    static func of(references: [SchemaReference], metadata: JSONValue?, ruleSet: JSONValue?) -> SchemaExtras? {
        if references.isEmpty && metadata == nil && ruleSet == nil { return nil }
        return SchemaExtras(references: references, metadata: metadata, ruleSet: ruleSet)
    }
}
