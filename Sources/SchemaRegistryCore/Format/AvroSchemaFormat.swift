import Avro

/// Avro behind the registry's format protocol.
public struct AvroSchemaFormat: SchemaFormat {
    /// Creates the format.
    public init() {}

    public var schemaType: SchemaType { .avro }

    public func parse(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        var known: [AvroSchema] = []
        for reference in references where reference.schemaType == .avro {
            do {
                known.append(try AvroSchema(parsing: reference.schemaText, references: known))
            } catch {
                throw SchemaParseFailure("reference \"\(reference.name)\": \(error.description)")
            }
        }
        do {
            return ParsedAvroSchema(schema: try AvroSchema(parsing: text, references: known))
        } catch {
            throw SchemaParseFailure(error.description)
        }
    }
}

/// A parsed Avro schema in the registry.
public struct ParsedAvroSchema: ParsedSchema {
    /// The schema.
    public var schema: AvroSchema

    /// Wraps a schema.
    public init(schema: AvroSchema) { self.schema = schema }

    public var schemaType: SchemaType { .avro }
    public var canonicalText: String { schema.canonicalText }
    public func normalized() -> any ParsedSchema { ParsedAvroSchema(schema: schema.normalized()) }

    /// `resolved`: the schema with the types it takes from references written out in full,
    /// so a client without the references can still read it (Confluent's
    /// `AvroSchema.formattedString("resolved")`).
    public func formattedText(_ format: String) -> String? {
        format == "resolved" ? schema.resolvedText : nil
    }

    /// A field of the top-level record.
    public func hasTopLevelField(_ name: String) -> Bool {
        schema.record(schema.root)?.fields.contains { $0.name == name } ?? false
    }

    public func compatibilityIssues(
        readingDataWrittenWith writer: any ParsedSchema, roles: CompatibilityRoles, policy: CompatibilityPolicy
    ) -> [CompatibilityIssue] {
        guard let writer = writer as? ParsedAvroSchema else { return [] }
        return AvroCompatibilityRule().issues(reader: schema, writer: writer.schema, roles: roles)
    }
}
