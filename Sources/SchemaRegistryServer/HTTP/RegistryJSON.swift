import JSONModel
import SchemaRegistryCore

/// Request bodies and response entities in Confluent's JSON shapes.
enum RegistryJSON {
    /// Reads a register/lookup/compatibility body; unknown fields are ignored, wrong types
    /// are 400 as Jackson's mapping errors are.
    static func schemaRequest(_ body: JSONValue) throws(APIError) -> SchemaRequest {
        guard case .object(let o) = body else {
            throw .badRequest("Cannot deserialize value of type `RegisterSchemaRequest` from \(body.kindDescription)")
        }
        var request = SchemaRequest(schema: nil)
        request.schema = try optionalString(o, "schema")
        request.schemaType = try optionalString(o, "schemaType")
        if let refs = o["references"], !refs.isNull {
            guard case .array(let items) = refs else { throw .badRequest("Field 'references' must be an array") }
            for item in items {
                guard case .object(let r) = item, let name = try optionalString(r, "name"), let subject = try optionalString(r, "subject"),
                    case .integer(let version)? = r["version"]
                else { throw .badRequest("Each reference needs a string 'name', a string 'subject' and an integer 'version'") }
                request.references.append(SchemaReference(name: name, subject: subject, version: Int(version)))
            }
        }
        request.metadata = present(o, "metadata")
        request.ruleSet = present(o, "ruleSet")
        request.id = try optionalInt(o, "id")
        request.version = try optionalInt(o, "version")
        request.tagEdits = SchemaTagEdits(toAdd: try schemaTags(o, "schemaTagsToAdd"), toRemove: try schemaTags(o, "schemaTagsToRemove"))
        switch o["propagateSchemaTags"] {
        case .bool(let b)?: request.propagateSchemaTags = b
        case .string(let s)?: request.propagateSchemaTags = s.lowercased() == "true"
        case nil, .null?: break
        default: throw .badRequest("Cannot deserialize value of type `boolean` (field 'propagateSchemaTags')")
        }
        return request
    }

    /// The body of `POST /subjects/{subject}/versions/{version}/tags` (Confluent's `TagSchemaRequest`).
    static func tagSchemaRequest(_ body: JSONValue) throws(APIError) -> TagSchemaRequest {
        guard case .object(let o) = body else {
            throw .badRequest("Cannot deserialize value of type `TagSchemaRequest` from \(body.kindDescription)")
        }
        var request = TagSchemaRequest()
        request.newVersion = try optionalInt(o, "newVersion")
        request.tagEdits = SchemaTagEdits(toAdd: try schemaTags(o, "tagsToAdd"), toRemove: try schemaTags(o, "tagsToRemove"))
        request.metadata = present(o, "metadata")
        request.ruleSet = present(o, "ruleSet")
        request.rulesToMerge = present(o, "rulesToMerge")
        switch o["rulesToRemove"] {
        case nil, .null?: break
        case .array(let names)?:
            request.rulesToRemove = try names.map { (name) throws(APIError) -> String in
                guard case .string(let s) = name else { throw .badRequest("Field 'rulesToRemove' must be an array of rule names") }
                return s
            }
        default: throw .badRequest("Field 'rulesToRemove' must be an array of rule names")
        }
        return request
    }

    /// A list of Confluent's `SchemaTags`: `{"schemaEntity": {"entityPath", "entityType"}, "tags"}`
    /// (the entity's fields are also accepted at the top level).
    static func schemaTags(_ o: JSONObject, _ key: String) throws(APIError) -> [TaggedEntity] {
        guard let value = o[key], !value.isNull else { return [] }
        guard case .array(let items) = value else { throw .badRequest("Field '\(key)' must be an array") }
        var result: [TaggedEntity] = []
        for item in items {
            guard case .object(let entry) = item else { throw .badRequest("Each of '\(key)' must be an object") }
            let entity = entry["schemaEntity"]?.objectValue ?? entry
            guard let path = try optionalString(entity, "entityPath"),
                let kind = try optionalString(entity, "entityType").flatMap(TaggedEntity.Kind.init(rawValue:))
            else {
                throw .badRequest("Each of '\(key)' needs an entityPath and an entityType of sr_record or sr_field")
            }
            guard case .array(let tags)? = entry["tags"] else { throw .badRequest("Each of '\(key)' needs a tags array") }
            result.append(TaggedEntity(path: path, kind: kind, tags: tags.map { $0.stringValue ?? JSONWriter.string($0) }))
        }
        return result
    }

    /// A member's value, with JSON null read as absent (as Jackson fills a missing field).
    static func present(_ o: JSONObject, _ key: String) -> JSONValue? {
        o[key]?.nonNull
    }

    static func optionalString(_ o: JSONObject, _ key: String) throws(APIError) -> String? {
        switch o[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        // Jackson coerces scalars to strings.
        case .integer(let i)?: return String(i)
        case .bool(let b)?: return String(b)
        case .double(let d)?: return JSONWriter.javaDoubleString(d)
        default: throw .badRequest("Cannot deserialize value of type `java.lang.String` from \(o[key]!.kindDescription) (field '\(key)')")
        }
    }

    static func optionalInt(_ o: JSONObject, _ key: String) throws(APIError) -> Int? {
        switch o[key] {
        case nil, .null?: return nil
        case .integer(let i)?:
            guard i >= Int64(Int32.min), i <= Int64(Int32.max) else {
                throw .badRequest("Numeric value (\(i)) out of range of int (field '\(key)')")
            }
            return Int(i)
        case .string(let s)?:
            guard let i = Int32(s) else { throw .badRequest("Cannot deserialize value of type `int` from String \"\(s)\" (field '\(key)')") }
            return Int(i)
        default: throw .badRequest("Cannot deserialize value of type `int` from \(o[key]!.kindDescription) (field '\(key)')")
        }
    }

    static func references(_ refs: [SchemaReference]) -> JSONValue {
        .array(refs.map { .object(["name": .string($0.name), "subject": .string($0.subject), "version": .integer(Int64($0.version))]) })
    }

    /// The content fields shared by every schema entity, omitting empty ones (Jackson NON_EMPTY).
    static func appendContent(_ schema: StoredSchema, _ presentation: SchemaPresentation?, to o: inout JSONObject) {
        o.appendUnchecked("schemaType", .string(schema.schemaType.rawValue))
        o.appendUnchecked("schema", .string(presentation?.text ?? schema.text))
        let refs = presentation?.references ?? schema.references
        if !refs.isEmpty { o.appendUnchecked("references", references(refs)) }
        if let m = schema.metadata { o.appendUnchecked("metadata", m) }
        if let r = schema.ruleSet { o.appendUnchecked("ruleSet", r) }
        if let tags = presentation?.tags, !tags.isEmpty {
            o.appendUnchecked(
                "schemaTags",
                .array(
                    tags.map {
                        [
                            "schemaEntity": ["entityPath": .string($0.path), "entityType": .string($0.kind.rawValue)],
                            "tags": .array($0.tags.map(JSONValue.string)),
                        ]
                    }))
        }
    }

    /// The schema object of `GET /subjects/{s}/versions/{v}`, lookups and `/schemas` items.
    static func schemaObject(_ view: SchemaVersionView, _ presentation: SchemaPresentation? = nil) -> JSONValue {
        var o = JSONObject()
        o.appendUnchecked("subject", .string(view.subject.description))
        o.appendUnchecked("version", .integer(Int64(view.version)))
        o.appendUnchecked("id", .integer(Int64(view.schema.id)))
        o.appendUnchecked("guid", .string(view.schema.guid))
        appendContent(view.schema, presentation, to: &o)
        o.appendUnchecked("ts", .integer(view.timestamp))
        o.appendUnchecked("deleted", .bool(view.deleted))
        return .object(o)
    }

    /// The register response.
    static func registration(_ result: RegistrationResult) -> JSONValue {
        var o = JSONObject()
        o.appendUnchecked("id", .integer(Int64(result.id)))
        if result.version > 0 { o.appendUnchecked("version", .integer(Int64(result.version))) }
        o.appendUnchecked("guid", .string(result.schema.guid))
        appendContent(result.schema, nil, to: &o)
        return .object(o)
    }

    /// `GET /schemas/ids/{id}` and `/schemas/guids/{guid}`.
    static func schemaById(
        _ schema: StoredSchema, subject: String?, version: Int?, maxId: Int?, presentation: SchemaPresentation? = nil
    ) -> JSONValue {
        var o = JSONObject()
        appendContent(schema, presentation, to: &o)
        o.appendUnchecked("guid", .string(schema.guid))
        if let subject { o.appendUnchecked("subject", .string(subject)) }
        if let version { o.appendUnchecked("version", .integer(Int64(version))) }
        if let maxId { o.appendUnchecked("maxId", .integer(Int64(maxId))) }
        return .object(o)
    }

    static func compatibility(_ result: CompatibilityResult, verbose: Bool) -> JSONValue {
        var o: JSONObject = ["is_compatible": .bool(result.isCompatible)]
        if verbose { o.appendUnchecked("messages", .array(result.messages.map(JSONValue.string))) }
        return .object(o)
    }
}
