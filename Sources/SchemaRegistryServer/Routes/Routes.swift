import HTTPTypes
import JSONModel
import SchemaRegistryCore

extension RegistryResponder {
    /// Every endpoint of the API, in one table (order matters only among equal patterns).
    static func buildRoutes(_ box: RegistryBox) -> [Route] {
        let table = RouteTable(box)
        addRootRoutes(table)
        addSubjectRoutes(table)
        addSchemaRoutes(table)
        addConfigRoutes(table)
        addModeRoutes(table)
        addCompatibilityRoutes(table)
        addContextRoutes(table)
        addAssociationRoutes(table)
        return table.routes
    }

    static func addRootRoutes(_ routes: RouteTable) {
        routes.read(.get, "") { _, _ in .json(.object([:])) }
        routes.read(.post, "") { _, _ in .json(.object([:])) }
        routes.read(.get, "v1/metadata/id") { _, _ in
            .json([
                "id": .string(""),
                "scope": ["path": .array([]), "clusters": ["schema-registry-cluster": .string("schema-registry")]],
            ])
        }
        routes.read(.get, "v1/metadata/version") { _, _ in
            .json(["version": .string(ServerVersion.version), "commitId": .string(ServerVersion.commit)])
        }
        routes.read(.get, "v1/metadata/deployment") { _, _ in .json(["attributes": .array([])]) }
    }

    static func page(_ request: APIRequest) throws(APIError) -> Page {
        guard let offset = request.query.int("offset", default: 0), let limit = request.query.int("limit", default: -1) else {
            throw APIError.notFound
        }
        return Page(offset: offset, limit: limit)
    }

    static func version(_ text: String) throws(RegistryError) -> VersionSelector {
        try VersionSelector(parsing: text)
    }

    static func ints(_ values: [Int]) -> APIResponse { .json(.array(values.map { .integer(Int64($0)) })) }
    static func strings(_ values: [String]) -> APIResponse { .json(.array(values.map(JSONValue.string))) }
}

/// What this server reports on `/v1/metadata/version`: the project's version and the commit
/// the binary was built from (stamped by `BuildStampPlugin`).
enum ServerVersion {
    /// The project's version, raised with each release.
    static let version = "0.9.0"
    static let commit = BuildStamp.commit
}
