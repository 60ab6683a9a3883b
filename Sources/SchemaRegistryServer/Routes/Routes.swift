import HTTPTypes
import JSONModel
import SchemaRegistryCore

extension RegistryResponder {
    /// Every endpoint of the API, in one table (order matters only among equal patterns).
    static func buildRoutes(_ box: RegistryBox) -> [Route] {
        var routes: [Route] = []
        func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (APIRequest, Registry) async throws -> APIResponse) {
            let pattern = path.split(separator: "/").map(String.init)
            routes.append(Route(method: method, pattern: pattern) { request in try await handler(request, try box.require()) })
        }
        addRootRoutes(add)
        addSubjectRoutes(add)
        addSchemaRoutes(add)
        addConfigRoutes(add)
        addModeRoutes(add)
        addCompatibilityRoutes(add)
        addContextRoutes(add)
        return routes
    }

    typealias AddRoute = (HTTPRequest.Method, String, @escaping @Sendable (APIRequest, Registry) async throws -> APIResponse) -> Void

    static func addRootRoutes(_ add: AddRoute) {
        add(.get, "") { _, _ in .json(.object([:])) }
        add(.post, "") { _, _ in .json(.object([:])) }
        add(.get, "v1/metadata/id") { _, _ in
            .json([
                "id": .string(""),
                "scope": ["path": .array([]), "clusters": ["schema-registry-cluster": .string("schema-registry")]],
            ])
        }
        add(.get, "v1/metadata/version") { _, _ in
            .json(["version": .string(ServerVersion.version), "commitId": .string(ServerVersion.commit)])
        }
        add(.get, "v1/metadata/deployment") { _, _ in .json(["attributes": .array([])]) }
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

/// The version this server reports on `/v1/metadata/version`.
enum ServerVersion {
    static let version = "8.0.0-swift"
    static let commit = "unknown"
}
