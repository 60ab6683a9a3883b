import JSONModel
import SchemaRegistryCore

extension RegistryResponder {
    /// Confluent's Associations API (8.0.4, 8.1.2, 8.2 and later).
    static func addAssociationRoutes(_ routes: RouteTable) {
        routes.read(.get, "associations/subjects/{subject}") { r, registry in
            associations(registry.associations(subject: r[0], filter: try filter(r), page: try page(r)))
        }
        routes.read(.get, "associations/resources/{resourceId}") { r, registry in
            associations(registry.associations(resourceId: r[0], filter: try filter(r), page: try page(r)))
        }
        routes.read(.get, "associations/resources/{resourceNamespace}/{resourceName}") { r, registry in
            associations(registry.associations(resourceNamespace: r[0], resourceName: r[1], filter: try filter(r), page: try page(r)))
        }
        routes.task(.post, "associations") { r, registry in
            let outcome = try await registry.createOrUpdateAssociations(
                try AssociationJSON.request(try r.json()), isCreate: true, dryRun: r.query.bool("dryRun"), context: r.query["context"])
            return .json(AssociationJSON.outcome(outcome))
        }
        routes.task(.put, "associations/resources/{resourceId}") { r, registry in
            var request = try AssociationJSON.request(try r.json())
            // The path names the resource; a body naming another is refused before anything else.
            if request.resourceId == nil {
                request.resourceId = r[0]
            } else if request.resourceId != r[0] {
                throw RegistryError.invalidAssociation(
                    property: "resourceId", detail: "Resource ID in the path parameter does not match the resource ID in the request body")
            }
            let outcome = try await registry.createOrUpdateAssociations(
                request, isCreate: false, dryRun: r.query.bool("dryRun"), context: r.query["context"])
            return .json(AssociationJSON.outcome(outcome))
        }
        routes.task(.delete, "associations/resources/{resourceId}") { r, registry in
            try await registry.deleteAssociations(
                resourceId: r[0], resourceType: r.query["resourceType"], associationTypes: r.query.all("associationType"),
                cascadeLifecycle: r.query.bool("cascadeLifecycle"), dryRun: r.query.bool("dryRun"))
            return .noContent
        }
        routes.task(.post, "associations:batchGet") { r, registry in
            let lookups = try AssociationJSON.batchRequests(try r.json(), entity: "AssociationBatchGetRequest").map(AssociationJSON.lookup)
            return .multiStatus(AssociationJSON.batch(registry.batchGetAssociations(lookups, includeSchemas: r.query.bool("includeSchemas"))))
        }
        routes.task(.post, "associations:batchMutate") { r, registry in
            let requests = try AssociationJSON.batchRequests(try r.json(), entity: "AssociationBatchRequest").map(AssociationJSON.operations)
            let results = await registry.batchMutateAssociations(requests, dryRun: r.query.bool("dryRun"), context: r.query["context"])
            return .multiStatus(AssociationJSON.batch(results))
        }
    }

    /// The list filters of the GET endpoints; an unknown `lifecycle` is 404, as JAX-RS answers
    /// a query parameter it cannot convert.
    static func filter(_ r: APIRequest) throws(APIError) -> AssociationFilter {
        var lifecycle: Association.Lifecycle? = nil
        if let text = r.query["lifecycle"], !text.isEmpty {
            guard let parsed = Association.Lifecycle(rawValue: text) else { throw APIError.notFound }
            lifecycle = parsed
        }
        return AssociationFilter(resourceType: r.query["resourceType"], associationTypes: r.query.all("associationType"), lifecycle: lifecycle)
    }

    static func associations(_ list: [Association]) -> APIResponse { .json(.array(list.map(\.json))) }
}
