import JSONModel
import SchemaRegistryAPI
import SchemaRegistryCore

/// The registry's values in Confluent's JSON shapes, through the wire model
/// (`SchemaRegistryAPI`) the client shares: what is decoded and encoded here is what the
/// client encodes and decodes.
enum RegistryJSON {
    /// Reads a register/lookup/compatibility body; unknown fields are ignored, wrong types
    /// are 400 as Jackson's mapping errors are.
    static func schemaRequest(_ body: JSONValue) throws(APIError) -> SchemaRequest {
        let wire: RegisterSchemaRequest
        do {
            wire = try RegisterSchemaRequest(json: body)
        } catch {
            throw .badRequest(error.message)
        }
        var request = SchemaRequest(
            schema: wire.schema, schemaType: wire.schemaType, references: wire.references, metadata: wire.metadata,
            ruleSet: wire.ruleSet, id: wire.id, version: wire.version)
        request.tagEdits = SchemaTagEdits(toAdd: try taggedEntities(wire.schemaTagsToAdd), toRemove: try taggedEntities(wire.schemaTagsToRemove))
        request.propagateSchemaTags = wire.propagateSchemaTags
        return request
    }

    /// The body of `POST /subjects/{subject}/versions/{version}/tags` (Confluent's `TagSchemaRequest`).
    static func tagSchemaRequest(_ body: JSONValue) throws(APIError) -> TagSchemaRequest {
        guard case .object(let o) = body else {
            throw .badRequest("Cannot deserialize value of type `TagSchemaRequest` from \(body.kindDescription)")
        }
        var request = TagSchemaRequest()
        let toAdd: [SchemaTagsEntity], toRemove: [SchemaTagsEntity]
        do {
            request.newVersion = try Wire.optionalInt(o, "newVersion")
            toAdd = try Wire.schemaTags(o, "tagsToAdd")
            toRemove = try Wire.schemaTags(o, "tagsToRemove")
            request.metadata = try Wire.metadata(o, "metadata")
            request.ruleSet = try Wire.ruleSet(o, "ruleSet")
            request.rulesToMerge = try Wire.ruleSet(o, "rulesToMerge")
        } catch {
            throw .badRequest(error.message)
        }
        request.tagEdits = SchemaTagEdits(toAdd: try taggedEntities(toAdd), toRemove: try taggedEntities(toRemove))
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

    /// Runs a wire-model reader, answering its error with 400 as Jackson's mapping errors are.
    static func wire<T>(_ read: () throws(WireError) -> T) throws(APIError) -> T {
        do {
            return try read()
        } catch {
            throw .badRequest(error.message)
        }
    }

    /// Wire tags as the registry's tagged entities.
    static func taggedEntities(_ tags: [SchemaTagsEntity]) throws(APIError) -> [TaggedEntity] {
        try tags.map { (tag) throws(APIError) -> TaggedEntity in
            guard let kind = TaggedEntity.Kind(rawValue: tag.entityType) else {
                throw .badRequest("An entityType must be sr_record or sr_field")
            }
            return TaggedEntity(path: tag.entityPath, kind: kind, tags: tag.tags)
        }
    }

    /// A stored schema's content as a wire entity, in a requested presentation.
    static func entity(_ schema: StoredSchema, _ presentation: SchemaPresentation?) -> SchemaEntity {
        SchemaEntity(
            guid: schema.guid, schemaType: schema.schemaType.rawValue, schema: presentation?.text ?? schema.text,
            references: presentation?.references ?? schema.references, metadata: schema.metadata, ruleSet: schema.ruleSet,
            schemaTags: (presentation?.tags ?? []).map {
                SchemaTagsEntity(entityPath: $0.path, entityType: $0.kind.rawValue, tags: $0.tags)
            })
    }

    /// The schema object of `GET /subjects/{s}/versions/{v}`, lookups and `/schemas` items.
    static func schemaObject(_ view: SchemaVersionView, _ presentation: SchemaPresentation? = nil) -> JSONValue {
        var e = entity(view.schema, presentation)
        e.subject = view.subject.description
        e.version = view.version
        e.id = view.schema.id
        e.timestamp = view.timestamp
        e.deleted = view.deleted
        return e.json(.subjectVersion)
    }

    /// The register response.
    static func registration(_ result: RegistrationResult) -> JSONValue {
        var e = entity(result.schema, nil)
        e.id = result.id
        e.version = result.version
        return e.json(.registration)
    }

    /// `GET /schemas/ids/{id}` and `/schemas/guids/{guid}`.
    static func schemaById(
        _ schema: StoredSchema, subject: String?, version: Int?, maxId: Int?, presentation: SchemaPresentation? = nil
    ) -> JSONValue {
        var e = entity(schema, presentation)
        e.subject = subject
        e.version = version
        e.maxId = maxId
        return e.json(.byId)
    }

    static func compatibility(_ result: CompatibilityResult, verbose: Bool) -> JSONValue {
        CompatibilityCheckEntity(isCompatible: result.isCompatible, messages: verbose ? result.messages : nil).json
    }
}
