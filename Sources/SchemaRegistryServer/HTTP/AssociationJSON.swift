import JSONModel
import SchemaRegistryAPI
import SchemaRegistryCore

/// The Associations API's request bodies and answers in Confluent's JSON shapes: members it
/// does not know are ignored, null means absent, empty values are left out of answers
/// (Jackson's `NON_EMPTY`).
enum AssociationJSON {
    /// `AssociationCreateOrUpdateRequest`.
    static func request(_ body: JSONValue) throws(APIError) -> AssociationRequest {
        guard case .object(let o) = body else {
            throw .badRequest("Cannot deserialize value of type `AssociationCreateOrUpdateRequest` from \(body.kindDescription)")
        }
        var request = try resource(o)
        if let list = Wire.present(o, "associations") {
            guard case .array(let items) = list else { throw .badRequest("Field 'associations' must be an array") }
            request.associations = try items.map { (item) throws(APIError) -> AssociationSpec in
                guard case .object(let spec) = item else { throw .badRequest("Each of 'associations' must be an object") }
                return try self.spec(spec)
            }
        }
        return request
    }

    /// The resource members shared by every request.
    static func resource(_ o: JSONObject) throws(APIError) -> AssociationRequest {
        AssociationRequest(
            resourceName: try string(o, "resourceName"),
            resourceNamespace: try string(o, "resourceNamespace"),
            resourceId: try string(o, "resourceId"), resourceType: try string(o, "resourceType"))
    }

    /// `AssociationCreateOrUpdateInfo` (and the create and upsert operations).
    static func spec(_ o: JSONObject) throws(APIError) -> AssociationSpec {
        AssociationSpec(
            subject: try string(o, "subject"), associationType: try string(o, "associationType"),
            lifecycle: try lifecycle(o, "lifecycle"), frozen: try optionalBool(o, "frozen"),
            schema: try Wire.present(o, "schema").map(RegistryJSON.schemaRequest), normalize: try optionalBool(o, "normalize"))
    }

    /// A lifecycle member: `STRONG` or `WEAK`, case-sensitive as Jackson reads Java enums.
    static func lifecycle(_ o: JSONObject, _ key: String) throws(APIError) -> Association.Lifecycle? {
        guard let text = try string(o, key) else { return nil }
        guard let lifecycle = Association.Lifecycle(rawValue: text) else {
            throw .badRequest("Cannot deserialize value of type `LifecyclePolicy` from String \"\(text)\": not one of the values accepted for Enum class: [STRONG, WEAK]")
        }
        return lifecycle
    }

    /// A string member, as Jackson reads a `String` (scalars coerced).
    static func string(_ o: JSONObject, _ key: String) throws(APIError) -> String? {
        try RegistryJSON.wire { () throws(WireError) in try Wire.optionalString(o, key) }
    }

    /// A Boolean member, as Jackson reads a `Boolean` (null is absent; `"true"`/`"false"` coerced).
    static func optionalBool(_ o: JSONObject, _ key: String) throws(APIError) -> Bool? {
        try RegistryJSON.wire { () throws(WireError) in try Wire.optionalBool(o, key) }
    }

    /// The `requests` list of a batch body: 42212 when absent or empty, as Confluent checks it.
    static func batchRequests(_ body: JSONValue, entity: String) throws(APIError) -> [JSONObject] {
        guard case .object(let o) = body else { throw .badRequest("Cannot deserialize value of type `\(entity)` from \(body.kindDescription)") }
        guard case .array(let items)? = Wire.present(o, "requests"), !items.isEmpty else {
            throw APIError(RegistryError.invalidAssociation(property: "requests", detail: "cannot be null or empty"))
        }
        return try items.map { (item) throws(APIError) -> JSONObject in
            guard case .object(let request) = item else { throw .badRequest("Each of 'requests' must be an object") }
            return request
        }
    }

    /// `AssociationGetRequest`.
    static func lookup(_ o: JSONObject) throws(APIError) -> AssociationLookup {
        var types: [String]? = nil
        if let list = Wire.present(o, "associationTypes") {
            guard case .array(let items) = list else { throw .badRequest("Field 'associationTypes' must be an array") }
            types = items.compactMap { $0.stringValue }
        }
        let resource = try resource(o)
        return AssociationLookup(
            resourceName: resource.resourceName, resourceNamespace: resource.resourceNamespace, resourceId: resource.resourceId,
            resourceType: resource.resourceType, associationTypes: types, lifecycle: try lifecycle(o, "lifecycle"))
    }

    /// `AssociationOpRequest`: the resource, its operations by `opType`, and a passed-through error.
    static func operations(_ o: JSONObject) throws(APIError) -> AssociationOperations {
        var operations: [AssociationOperations.Operation] = []
        if case .array(let items)? = Wire.present(o, "associations") {
            for item in items {
                guard case .object(let op) = item else { throw .badRequest("Each of 'associations' must be an object") }
                switch try string(op, "opType") {
                case "CREATE": operations.append(.create(try spec(op)))
                case "UPSERT": operations.append(.upsert(try spec(op)))
                case "DELETE":
                    operations.append(
                        .delete(
                            associationType: try string(op, "associationType"),
                            cascadeLifecycle: try optionalBool(op, "cascadeLifecycle") ?? false))
                case let other:
                    throw .badRequest("Could not resolve type id '\(other ?? "null")' as a subtype of `AssociationOp`: known type ids = [CREATE, DELETE, UPSERT]")
                }
            }
        }
        var passed: BatchError? = nil
        if case .object(let error)? = Wire.present(o, "error") {
            passed = BatchError(code: Int(error["error_code"]?.integerValue ?? 500), message: error["message"]?.stringValue ?? "")
        }
        return AssociationOperations(resource: try resource(o), operations: operations, passedError: passed)
    }

    /// `AssociationResponse`.
    static func outcome(_ outcome: AssociationOutcome) -> JSONValue {
        var o = JSONObject()
        if !outcome.resourceName.isEmpty { o.appendUnchecked("resourceName", .string(outcome.resourceName)) }
        if !outcome.resourceNamespace.isEmpty { o.appendUnchecked("resourceNamespace", .string(outcome.resourceNamespace)) }
        if let id = outcome.resourceId, !id.isEmpty { o.appendUnchecked("resourceId", .string(id)) }
        o.appendUnchecked("resourceType", .string(outcome.resourceType))
        if !outcome.associations.isEmpty {
            o.appendUnchecked(
                "associations",
                .array(
                    outcome.associations.map { entry in
                        var e = JSONObject()
                        e.appendUnchecked("subject", .string(entry.subject))
                        e.appendUnchecked("associationType", .string(entry.associationType))
                        e.appendUnchecked("lifecycle", .string(entry.lifecycle.rawValue))
                        if entry.frozen != (entry.lifecycle == .strong) { e.appendUnchecked("frozen", .bool(entry.frozen)) }
                        if let schema = entry.schema { e.appendUnchecked("schema", RegistryJSON.schemaObject(schema)) }
                        return .object(e)
                    }))
        }
        return .object(o)
    }

    /// `AssociationBatchResponse`.
    static func batch(_ results: [Result<AssociationOutcome, BatchError>]) -> JSONValue {
        [
            "results": .array(
                results.map { result in
                    switch result {
                    case .success(let value): return ["result": Self.outcome(value)]
                    case .failure(let error):
                        return ["error": ["error_code": .integer(Int64(error.code)), "message": .string(error.message)]]
                    }
                })
        ]
    }
}
