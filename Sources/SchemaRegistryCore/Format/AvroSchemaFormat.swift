import Avro
import JSONModel

/// Avro behind the registry's format protocol.
public struct AvroSchemaFormat: SchemaFormat {
    /// Creates the format.
    public init() {}

    public var schemaType: SchemaType { .avro }

    public func parse(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        try parse(text, references: references, options: .existingSchema)
    }

    public func parseNew(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        try parse(text, references: references, options: .newSchema)
    }

    /// Names and defaults are checked more strictly in new schemas.
    public var hasRulesForNewSchemas: Bool { true }

    /// Parses `text` under `options`; references are stored schemas, so they are always read
    /// as existing ones.
    func parse(_ text: String, references: [ResolvedReference], options: AvroParsingOptions) throws(SchemaParseFailure) -> any ParsedSchema {
        var known: [AvroSchema] = []
        for reference in references where reference.schemaType == .avro {
            do {
                known.append(try AvroSchema(parsing: reference.schemaText, references: known, options: .existingSchema))
            } catch {
                throw SchemaParseFailure("reference \"\(reference.name)\": \(error.description)")
            }
        }
        do {
            return ParsedAvroSchema(schema: try AvroSchema(parsing: text, references: known, options: options))
        } catch {
            throw SchemaParseFailure(error.description)
        }
    }
}

/// A parsed Avro schema in the registry.
public struct ParsedAvroSchema: ParsedSchema {
    /// The schema.
    public let schema: AvroSchema
    /// The schema's type digests, computed on its first compatibility check and kept with
    /// the parse (a stored version is checked against every later registration).
    let shapes = ComputedOnce<AvroSchemaShapes>()

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

    /// Records and fields with a `confluent:tags` list, depth first from the root, each
    /// record once (referenced types included, as they are part of the parsed schema).
    public var taggedEntities: [TaggedEntity] {
        var result: [TaggedEntity] = []
        var visited: Set<String> = []
        func walk(_ type: AvroType) {
            switch type {
            case .primitive: return
            case .array(let items, _): walk(items)
            case .map(let values, _): walk(values)
            case .union(let branches): branches.forEach(walk)
            case .named(let name):
                guard case .record(let record)? = schema.types[name], visited.insert(name).inserted else { return }
                let recordTags = TaggedEntity.inlineTags(of: record.properties)
                if !recordTags.isEmpty { result.append(TaggedEntity(path: name, kind: .record, tags: recordTags)) }
                for field in record.fields {
                    let fieldTags = TaggedEntity.inlineTags(of: field.properties)
                    if !fieldTags.isEmpty { result.append(TaggedEntity(path: name + "." + field.name, kind: .field, tags: fieldTags)) }
                    walk(field.type)
                }
            }
        }
        walk(schema.root)
        return result
    }

    /// A field of the top-level record.
    public func hasTopLevelField(_ name: String) -> Bool {
        schema.record(schema.root)?.fields.contains { $0.name == name } ?? false
    }

    public func compatibilityIssues(
        readingDataWrittenWith writer: any ParsedSchema, roles: CompatibilityRoles, policy: CompatibilityPolicy
    ) -> [CompatibilityIssue] {
        guard let writer = writer as? ParsedAvroSchema else { return [] }
        return AvroCompatibilityRule().issues(
            reader: schema, writer: writer.schema, roles: roles,
            readerShapes: shapes.value { AvroSchemaShapes(schema) }, writerShapes: writer.shapes.value { AvroSchemaShapes(writer.schema) })
    }
}
