import JSONModel
import NIOCore
import SchemaRegistryCore

extension RegistryResponder {
    static func schemaId(_ text: String) throws(APIError) -> Int {
        guard let id = Int32(text) else { throw APIError.notFound }
        return Int(id)
    }

    static func addSchemaRoutes(_ routes: RouteTable) {
        // Listings walk every subject, too long for an event loop.
        routes.task(.get, "schemas") { r, registry in
            var lifecycles: [SchemaAssociationFilter.LifecycleChoice] = []
            for text in r.query.all("lifecycle") where !text.isEmpty {
                // JAX-RS answers a query parameter it cannot convert with 404.
                guard let choice = SchemaAssociationFilter.LifecycleChoice(rawValue: text) else { throw APIError.notFound }
                lifecycles.append(choice)
            }
            let filter = SchemaAssociationFilter(
                resourceType: r.query["resourceType"], associationTypes: r.query.all("associationType"), lifecycles: lifecycles)
            let views = registry.schemas(
                prefix: r.query["subjectPrefix"], includeDeleted: r.query.bool("deleted"), latestOnly: r.query.bool("latestOnly"),
                ruleType: r.query["ruleType"], associations: filter, page: try page(r), visible: r.visible)
            guard let filter else { return .json(.array(views.map { RegistryJSON.schemaObject($0) })) }
            // Confluent's ExtendedSchema: each schema with its subject's matching associations.
            return .json(
                .array(
                    views.map { view in
                        guard case .object(var o) = RegistryJSON.schemaObject(view) else { return RegistryJSON.schemaObject(view) }
                        let shown = filter.shown(registry.associations(of: view.subject)) ?? []
                        if !shown.isEmpty { o.appendUnchecked("associations", .array(shown.map(\.json))) }
                        return .object(o)
                    }))
        }
        routes.read(.get, "schemas/types") { _, registry in strings(registry.schemaTypes.map(\.rawValue)) }
        routes.read(.get, "schemas/ids/{id}") { r, registry in
            let generation = registry.removalGeneration
            let id = try schemaId(r[0])
            if r.query.values.isEmpty,
                let body = r.caches.entities.cached(.schemaById(context: QualifiedSubject.defaultContext, id: id), generation: generation)
            {
                // The consumers' hot path: a body cached under the current generation means the
                // schema still exists and shows the same content, so the state is not consulted.
                return .body(body)
            }
            let subject = r.query["subject"]
            let schema = try registry.schema(id: id, subject: subject)
            var extra = JSONObject()
            if let subject, !QualifiedSubject(parsing: subject).name.isEmpty,
                let version = (try? registry.versions(usingId: id, subject: subject, includeDeleted: true))?.last?.version
            {
                extra.appendUnchecked("subject", .string(subject))
                extra.appendUnchecked("version", .integer(Int64(version)))
            }
            if r.query.bool("fetchMaxId") { extra.appendUnchecked("maxId", .integer(Int64(registry.maxId(subject: subject)))) }
            let body: ByteBuffer
            if let presentation = SchemaPresentation(schema, subject: subject.map(QualifiedSubject.init(parsing:)), request: r, registry: registry) {
                body = ByteBuffer(json: RegistryJSON.schemaById(schema, subject: nil, version: nil, maxId: nil, presentation: presentation))
            } else {
                body = r.caches.entities.body(.schemaById(context: schema.context, id: schema.id), generation: generation) {
                    RegistryJSON.schemaById(schema, subject: nil, version: nil, maxId: nil)
                }
            }
            return .body(body.appending(extra))
        }
        routes.read(.get, "schemas/ids/{id}/schema") { r, registry in
            let subject = r.query["subject"]
            let schema = try registry.schema(id: try schemaId(r[0]), subject: subject)
            let presentation = SchemaPresentation(schema, subject: subject.map(QualifiedSubject.init(parsing:)), request: r, registry: registry)
            return .raw(presentation?.text ?? schema.text)
        }
        routes.task(.get, "schemas/ids/{id}/subjects") { r, registry in
            strings(
                try registry.subjects(
                    usingId: try schemaId(r[0]), subject: r.query["subject"], includeDeleted: r.query.bool("deleted"), page: try page(r),
                    visible: r.visible))
        }
        routes.task(.get, "schemas/ids/{id}/versions") { r, registry in
            let items = try registry.versions(
                usingId: try schemaId(r[0]), subject: r.query["subject"], includeDeleted: r.query.bool("deleted"), page: try page(r),
                visible: r.visible)
            return .json(.array(items.map { .object(["subject": .string($0.subject), "version": .integer(Int64($0.version))]) }))
        }
        routes.read(.get, "schemas/guids/{guid}") { r, registry in
            let schema = try registry.schema(guid: r[0])
            let presentation = SchemaPresentation(schema, subject: nil, request: r, registry: registry)
            return .json(RegistryJSON.schemaById(schema, subject: nil, version: nil, maxId: nil, presentation: presentation))
        }
        routes.read(.get, "schemas/guids/{guid}/ids") { r, registry in
            .json(.array(try registry.ids(guid: r[0]).map { .object(["context": .string($0.context), "id": .integer(Int64($0.id))]) }))
        }
    }
}
