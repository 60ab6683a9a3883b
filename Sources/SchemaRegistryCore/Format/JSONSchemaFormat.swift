import JSONModel
import JSONSchema

/// JSON Schema behind the registry's format protocol (`schemaType: "JSON"`).
///
/// References are other registered JSON schemas, addressed by the `$ref` URL that is the
/// reference's `name`.
public struct JSONSchemaFormat: SchemaFormat {
    /// Creates the format.
    public init() {}

    public var schemaType: SchemaType { .json }

    public func parse(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        var referenced: [String: JSONValue] = [:]
        for reference in references where reference.schemaType == .json {
            do {
                referenced[reference.name] = try JSONParser().parse(reference.schemaText)
            } catch {
                throw SchemaParseFailure("reference \"\(reference.name)\": \(error.description)")
            }
        }
        do {
            return ParsedJSONSchema(document: try JSONSchemaDocument(parsing: text, referencedJSON: referenced), referenced: referenced)
        } catch {
            throw SchemaParseFailure(error.description)
        }
    }
}

/// A parsed JSON schema in the registry.
public struct ParsedJSONSchema: ParsedSchema {
    /// The document, with its references resolved.
    public var document: JSONSchemaDocument
    /// The referenced documents by `$ref` URL, for the compatibility diff.
    public var referenced: [String: JSONValue]
    /// The diff's model of the document, loaded at the first check and kept for the next ones;
    /// `nil` when it cannot be loaded (the per-check load then reports the error).
    let compatibilityModel = ComputedOnce<JSONSchemaCompatibilityModel?>()

    /// Wraps a document.
    public init(document: JSONSchemaDocument, referenced: [String: JSONValue] = [:]) {
        self.document = document
        self.referenced = referenced
    }

    public var schemaType: SchemaType { .json }
    /// A member of the root's `properties`.
    public func hasTopLevelField(_ name: String) -> Bool {
        document.json.objectValue?["properties"]?.objectValue?[name] != nil
    }

    public var canonicalText: String { document.canonicalText }
    public func normalized() -> any ParsedSchema { ParsedJSONSchema(document: document.normalized(), referenced: referenced) }

    /// Objects and properties with a `confluent:tags` list, at Confluent's everit-model
    /// paths (`JSONSchemaTagFinder`); none when the schema cannot be modelled.
    public var taggedEntities: [TaggedEntity] {
        let found = (try? JSONSchemaTagFinder.taggedEntities(in: document.json, resolver: Self.resolver(referenced))) ?? []
        return found.map { TaggedEntity(path: $0.path, kind: $0.kind == .record ? .record : .field, tags: $0.tags) }
    }

    /// The schema's JSON with `confluent:tags` edited where Confluent's `findMatchingEntity`
    /// finds each entity path (`JSONSchemaTagFinder.location`).
    public func retaggedText(_ edits: SchemaTagEdits) throws(SchemaParseFailure) -> String {
        guard !edits.isEmpty else { return canonicalText }
        let edited = try edits.apply(to: document.json) { entity, json in
            JSONSchemaTagFinder.location(of: entity.path, isRecord: entity.kind == .record, in: json)
        }
        return JSONWriter.string(edited)
    }

    /// Finds referenced documents by their `$ref` URL, with or without a fragment.
    private static func resolver(_ references: [String: JSONValue]) -> JSONSchemaDocumentResolver {
        { url in references[url] ?? references[String(url.prefix { $0 != "#" })] }
    }

    public func compatibilityIssues(
        readingDataWrittenWith writer: any ParsedSchema, roles: CompatibilityRoles, policy: CompatibilityPolicy
    ) -> [CompatibilityIssue] {
        guard let writer = writer as? ParsedJSONSchema else { return [] }
        let resolver = Self.resolver(referenced.merging(writer.referenced) { mine, _ in mine })
        let strictness: JSONSchemaCompatibilityPolicy = policy == .lenient ? .lenient : .strict
        do {
            let differences: [JSONSchemaDifference]
            // Schemas without references are loaded once each and compared as models; with
            // references, each check loads both with the merged resolver, as before.
            if referenced.isEmpty, writer.referenced.isEmpty, let mine = compatibilityModel.value({ try? JSONSchemaCompatibilityModel(document.json) }),
                let theirs = writer.compatibilityModel.value({ try? JSONSchemaCompatibilityModel(writer.document.json) })
            {
                differences = try JSONSchemaCompatibilityChecker.incompatibilities(reader: mine, writer: theirs, policy: strictness)
            } else {
                differences = try JSONSchemaCompatibilityChecker.incompatibilities(
                    reader: document.json, writer: writer.document.json, policy: strictness, resolver: resolver)
            }
            return differences.map { d in
                CompatibilityIssue(
                    kind: d.type.rawValue, location: d.path,
                    description: d.confluentDescription(readerRole: roles.reader, writerRole: roles.writer),
                    message: d.confluentMessage(readerRole: roles.reader, writerRole: roles.writer))
            }
        } catch {
            return [.unexpectedException(error.description)]
        }
    }
}
