import JSONModel
import NIOCore
import SchemaRegistryCore

extension RegistryResponder {
    static func addSubjectRoutes(_ routes: RouteTable) {
        // Listings walk every subject, too long for an event loop.
        routes.task(.get, "subjects") { r, registry in
            let prefix = r.query["subjectPrefix"] ?? ":*:"
            return strings(
                registry.subjects(prefix: prefix, includeDeleted: r.query.bool("deleted"), deletedOnly: r.query.bool("deletedOnly"), page: try page(r),
                    visible: r.visible))
        }
        routes.read(.post, "subjects/{subject}") { r, registry in
            let normalize = r.query.bool("normalize"), deleted = r.query.bool("deleted")
            let key = ResponseCaches.LookupKey(
                subject: r[0], normalize: normalize, deleted: deleted, format: r.query["format"], referenceFormat: r.query["referenceFormat"],
                findTags: r.query.all("findTags"), body: r.body)
            let body = try r.caches.lookups.body(key, generation: registry.writeGeneration, extraCost: r.body.readableBytes) {
                () throws -> ByteBuffer in
                let generation = registry.removalGeneration
                let request = try RegistryJSON.schemaRequest(try r.json())
                let view = try registry.lookup(subject: r[0], request, normalize: normalize, includeDeleted: deleted)
                return schemaObjectBody(view, r, generation, registry)
            }
            return .body(body)
        }
        routes.task(.delete, "subjects/{subject}") { r, registry in
            ints(try await registry.deleteSubject(subject: r[0], permanent: r.query.bool("permanent")))
        }
        routes.read(.get, "subjects/{subject}/metadata") { r, registry in
            let keys = r.query.all("key"), values = r.query.all("value")
            let pairs = zip(keys, values).map { ($0, $1) }
            let generation = registry.removalGeneration
            let view = try registry.latestVersion(subject: r[0], withMetadata: pairs, includeDeleted: r.query.bool("deleted"))
            return schemaObject(view, r, generation, registry)
        }
        routes.read(.get, "subjects/{subject}/versions") { r, registry in
            ints(
                try registry.versions(
                    subject: r[0], includeDeleted: r.query.bool("deleted"), deletedOnly: r.query.bool("deletedOnly"),
                    deletedAsNegative: r.query.bool("deletedAsNegative"), page: try page(r)))
        }
        routes.task(.post, "subjects/{subject}/versions") { r, registry in
            let request = try RegistryJSON.schemaRequest(try r.json())
            let result = try await registry.register(
                subject: r[0], request, normalize: r.query.bool("normalize"), force: r.query.bool("force"))
            return .json(RegistryJSON.registration(result))
        }
        routes.task(.post, "subjects/{subject}/versions/{version}/tags") { r, registry in
            let request = try RegistryJSON.tagSchemaRequest(try r.json())
            return .json(RegistryJSON.registration(try await registry.modifyTags(subject: r[0], version: r[1], request)))
        }
        routes.read(.get, "subjects/{subject}/versions/{version}") { r, registry in
            let generation = registry.removalGeneration
            let view = try registry.version(subject: r[0], try version(r[1]), includeDeleted: r.query.bool("deleted"))
            return schemaObject(view, r, generation, registry)
        }
        routes.read(.get, "subjects/{subject}/versions/{version}/schema") { r, registry in
            let view = try registry.version(subject: r[0], try version(r[1]), includeDeleted: r.query.bool("deleted"))
            return .raw(SchemaPresentation(view.schema, subject: view.subject, request: r, registry: registry)?.text ?? view.schema.text)
        }
        routes.read(.get, "subjects/{subject}/versions/{version}/referencedby") { r, registry in
            ints(try registry.referencedBy(subject: r[0], try version(r[1]), includeDeleted: r.query.bool("deleted"), page: try page(r)))
        }
        routes.task(.delete, "subjects/{subject}/versions/{version}") { r, registry in
            .json(.integer(Int64(try await registry.deleteVersion(subject: r[0], try version(r[1]), permanent: r.query.bool("permanent")))))
        }
    }

    /// A version's schema object, rendered once per version state (or fresh, in the `format`
    /// or `referenceFormat` the request asks for).
    static func schemaObject(_ view: SchemaVersionView, _ r: APIRequest, _ generation: Int, _ registry: Registry) -> APIResponse {
        .body(schemaObjectBody(view, r, generation, registry))
    }

    static func schemaObjectBody(_ view: SchemaVersionView, _ r: APIRequest, _ generation: Int, _ registry: Registry) -> ByteBuffer {
        if let presentation = SchemaPresentation(view.schema, subject: view.subject, request: r, registry: registry) {
            return ByteBuffer(json: RegistryJSON.schemaObject(view, presentation))
        }
        return r.caches.entities.body(ResponseCaches.EntityKey(view), generation: generation) { RegistryJSON.schemaObject(view) }
    }
}
