import Hummingbird
import JSONModel
import NIOCore

/// The federation service's HTTP API (`/api/v1/...`, `/`, `/docs`, `/openapi.json`) over
/// Hummingbird. Errors of the request itself answer `{"detail": ...}` with 400, 404 or 422;
/// failures of a registry are part of a successful answer.
public struct FederationAPI: Sendable {
    public let service: FederationService
    /// Printed in `GET /`.
    public var version: String

    /// The API over `service`.
    public init(service: FederationService, version: String = "1.0.0") {
        self.service = service
        self.version = version
    }

    /// The routes, on a router of any request context.
    public func router<Context: RequestContext>(context: Context.Type = BasicRequestContext.self) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: DetailErrorMiddleware<Context>())
        let api = self
        router.get("/") { _, _ in api.root() }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        router.get("/docs") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: FederationDocsPage.html)))
        }
        router.get("/api/v1/registries") { _, _ in
            Self.json(.array(api.service.members.map(FederationJSON.registry)))
        }
        router.get("/api/v1/registries/{id}/health") { _, context in
            let member = try api.member(context)
            return Self.json(FederationJSON.health(await api.service.health(of: member), withMetadata: false))
        }
        router.get("/api/v1/health/all") { _, _ in
            var object = JSONObject()
            for report in await api.service.healthOfAll() {
                object[report.member.configuration.id] = FederationJSON.health(report, withMetadata: true)
            }
            return Self.json(.object(object))
        }
        router.get("/api/v1/registries/{id}/subjects") { request, context in
            let member = try api.member(context)
            let prefix = request.uri.queryParameters.get("prefix") ?? ""
            let subjects = try await api.call(member) { backend throws(FederationError) in try await backend.subjects(prefix: prefix) }
            return Self.json(["subjects": .array(subjects.map(JSONValue.string))])
        }
        router.get("/api/v1/schemas/find") { request, _ in
            guard let subject = request.uri.queryParameters.get("subject"), !subject.isEmpty else {
                throw DetailError.missingField("subject", in: "query")
            }
            let (found, errors) = await api.service.find(subject: subject)
            var object = JSONObject()
            for (member, schema) in found { object[member.configuration.id] = FederationJSON.schema(schema, registryType: member.backend.kind) }
            if !errors.isEmpty { object["errors"] = .array(errors.map(FederationJSON.error)) }
            return Self.json(.object(object))
        }
        router.post("/api/v1/registries/{id}/compatibility/check") { request, context in
            let member = try api.member(context)
            let body = try await Self.body(request)
            let subject = try body.requiredString("subject")
            let content = try body.requiredString("schema_content")
            let formatName = try body.requiredString("schema_format")
            guard let format = SchemaFormatName(name: formatName) else {
                throw DetailError.badRequest("Invalid schema format: \(formatName) (avro, json_schema, protobuf or iceberg)")
            }
            guard member.backend.supportedFormats.contains(format) else {
                throw DetailError.badRequest("\(member.configuration.id) (\(member.backend.kind.rawValue)) does not hold \(format.rawValue) schemas")
            }
            let version: Int?
            switch body.value.objectValue?["version"] {
            case nil, .null?: version = nil
            case .integer(let number)? where number > 0 && number <= Int64(Int32.max): version = Int(number)
            default: throw DetailError.wrongType("version", expected: "positive integer")
            }
            let submission = SchemaSubmission(content: content, format: format, version: version)
            do throws(FederationError) {
                let verdict = try await api.service.bounded(member) { backend throws(FederationError) in
                    try await backend.checkCompatibility(subject: subject, schema: submission)
                }
                return Self.json(FederationJSON.verdict(verdict))
            } catch .invalidSchema(let message) {
                throw DetailError.unprocessable(message)
            } catch .invalidRequest(let message) {
                throw DetailError.badRequest(message)
            } catch {
                // The registry could not answer: not compatible as far as anyone knows.
                var answer = FederationJSON.verdict(
                    CompatibilityVerdict(isCompatible: false, messages: [], level: FederatedCompatibilityMode.none, errors: [error.description], computedBy: .registry))
                if case .object(var object) = answer {
                    object["registry_error"] = FederationJSON.error(RegistryErrorReport(registryID: member.configuration.id, error: error))
                    answer = .object(object)
                }
                return Self.json(answer)
            }
        }
        router.get("/api/v1/registries/{id}/compatibility/mode") { request, context in
            let member = try api.member(context)
            let subject = request.uri.queryParameters.get("subject").flatMap { $0.isEmpty ? nil : $0 }
            let reading = try await api.call(member) { backend throws(FederationError) in try await backend.compatibilityMode(subject: subject) }
            return Self.json([
                "registry_id": .string(member.configuration.id), "mode": FederationJSON.mode(reading), "subject": .string(subject ?? "global"),
                "native_mode": reading.nativeMode.map(JSONValue.string) ?? .null,
            ])
        }
        router.put("/api/v1/registries/{id}/compatibility/mode") { request, context in
            let member = try api.member(context)
            let body = try await Self.body(request)
            let mode = try Self.mode(try body.requiredString("mode"))
            let subject = try body.optionalString("subject").flatMap { $0.isEmpty ? nil : $0 }
            var answer: JSONObject = [
                "success": true, "registry_id": .string(member.configuration.id), "mode": .string(mode.rawValue), "subject": .string(subject ?? "global"),
            ]
            do throws(FederationError) {
                let set = try await api.service.bounded(member) { backend throws(FederationError) in
                    try await backend.setCompatibilityMode(mode, subject: subject)
                }
                answer["native_mode"] = set.nativeMode.map(JSONValue.string) ?? .null
            } catch {
                answer["success"] = false
                answer["error"] = FederationJSON.error(RegistryErrorReport(registryID: member.configuration.id, error: error))
            }
            return Self.json(.object(answer))
        }
        router.get("/api/v1/compatibility/overview") { _, _ in
            var object = JSONObject()
            var errors: [JSONValue] = []
            for (member, result) in await api.service.overview() {
                let id = member.configuration.id
                switch result {
                case .success(let overview):
                    var subjects = JSONObject()
                    var overrides = JSONObject()
                    var subjectErrors = JSONObject()
                    for (subject, reading) in overview.subjects {
                        subjects[subject] = FederationJSON.mode(reading)
                        if let error = reading.error {
                            subjectErrors[subject] = FederationJSON.error(RegistryErrorReport(registryID: id, error: error))
                        } else if reading.isSubjectOverride {
                            overrides[subject] = FederationJSON.mode(reading)
                        }
                    }
                    var entry: JSONObject = [
                        "type": .string(member.backend.kind.rawValue), "global": FederationJSON.mode(overview.global),
                        "native_global": overview.global.nativeMode.map(JSONValue.string) ?? .null, "subjects": .object(subjects),
                        "overrides": .object(overrides),
                    ]
                    if !subjectErrors.isEmpty { entry["subject_errors"] = .object(subjectErrors) }
                    object[id] = .object(entry)
                case .failure(let error):
                    let report = RegistryErrorReport(registryID: id, error: error)
                    object[id] = ["type": .string(member.backend.kind.rawValue), "error": .string(error.description), "code": .string(error.code)]
                    errors.append(FederationJSON.error(report))
                }
            }
            if !errors.isEmpty { object["errors"] = .array(errors) }
            return Self.json(.object(object))
        }
        router.post("/api/v1/bulk/check-compatibility") { request, _ in
            let body = try await Self.body(request)
            let mode = try Self.mode(try body.requiredString("target_mode"))
            let report = await api.service.bulkCheck(
                registryIDs: try body.optionalStrings("registry_ids"), mode: mode, filter: SubjectFilter.prefixOrGlob(try body.optionalString("subject_filter")))
            return Self.json(FederationJSON.bulkCheck(report))
        }
        router.post("/api/v1/bulk/set-compatibility") { request, _ in
            let query = request.uri.queryParameters
            let body = try await Self.body(request, allowingArray: true)
            let modeName: String
            let registryIDs: [String]?
            let filterText: String?
            let dryRun: Bool
            if case .array = body.value {
                // The shape older federation tools send: the mode and filter in the query, the
                // registry ids as the body.
                guard let name = query.get("mode") ?? query.get("target_mode") else { throw DetailError.missingField("mode", in: "query") }
                modeName = name
                registryIDs = try body.optionalStrings(nil)
                filterText = query.get("subject_filter")
                dryRun = ["true", "1", "yes"].contains(query.get("dry_run")?.lowercased() ?? "")
            } else {
                guard let name = try body.optionalString("target_mode") ?? body.optionalString("mode") else {
                    throw DetailError.missingField("target_mode", in: "body")
                }
                modeName = name
                registryIDs = try body.optionalStrings("registry_ids")
                filterText = try body.optionalString("subject_filter")
                dryRun = try body.optionalBool("dry_run") ?? false
            }
            let report = await api.service.bulkSet(
                registryIDs: registryIDs, mode: try Self.mode(modeName), filter: SubjectFilter.prefixOrGlob(filterText), dryRun: dryRun)
            return Self.json(FederationJSON.bulkSet(report))
        }
        return router
    }

    func root() -> Response {
        Self.json([
            "name": "swift-schema-registry federation", "version": .string(version), "documentation": "/docs", "openapi": "/openapi.json",
            "health": "/api/v1/health/all",
            "links": [
                "docs": "/docs", "openapi": "/openapi.json", "registries": "/api/v1/registries", "health": "/api/v1/health/all",
                "find_schema": "/api/v1/schemas/find?subject={subject}", "compatibility_overview": "/api/v1/compatibility/overview",
                "bulk_check_compatibility": "/api/v1/bulk/check-compatibility", "bulk_set_compatibility": "/api/v1/bulk/set-compatibility",
            ],
        ])
    }

    /// The member the `{id}` parameter names, or 404.
    func member(_ context: some RequestContext) throws -> FederationService.Member {
        let id = context.parameters.get("id") ?? ""
        guard let member = service.member(id) else { throw DetailError.notFound("Registry \(id) not found") }
        return member
    }

    /// One bounded call whose failure is the answer: 404 for what the registry does not
    /// hold, 502 (or 504 for a timeout) for a registry that failed, with the registry error.
    func call<T: Sendable>(
        _ member: FederationService.Member, _ operation: @escaping @Sendable (any RegistryBackend) async throws(FederationError) -> T
    ) async throws -> T {
        do throws(FederationError) {
            return try await service.bounded(member, operation)
        } catch {
            throw DetailError.registry(RegistryErrorReport(registryID: member.configuration.id, error: error))
        }
    }

    static func mode(_ name: String) throws -> FederatedCompatibilityMode {
        guard let mode = FederatedCompatibilityMode(name: name) else {
            throw DetailError.badRequest("Invalid compatibility mode: \(name) (one of \(FederatedCompatibilityMode.acceptedNames.joined(separator: ", ")))")
        }
        return mode
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        JSONWriter.write(value, to: &bytes)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The request's JSON body (an object, or with `allowingArray` an array), or 422.
    static func body(_ request: Request, allowingArray: Bool = false) async throws -> RequestBody {
        let buffer = try await request.body.collect(upTo: 4 << 20)
        let value: JSONValue
        do {
            value = try JSONParser().parse(Array(buffer.readableBytesView))
        } catch {
            throw DetailError.unprocessable("the body is not valid JSON: \(error)")
        }
        switch value {
        case .object: return RequestBody(value: value)
        case .array where allowingArray: return RequestBody(value: value)
        default: throw DetailError.unprocessable("the body must be a JSON object")
        }
    }
}

/// A request's JSON body with typed field access that fails as FastAPI-style 422s.
struct RequestBody {
    var value: JSONValue

    func requiredString(_ key: String) throws -> String {
        guard let string = try optionalString(key) else { throw DetailError.missingField(key, in: "body") }
        return string
    }

    func optionalString(_ key: String) throws -> String? {
        switch value.objectValue?[key] {
        case nil, .null?: return nil
        case .string(let string)?: return string
        default: throw DetailError.wrongType(key, expected: "string")
        }
    }

    func optionalBool(_ key: String) throws -> Bool? {
        switch value.objectValue?[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw DetailError.wrongType(key, expected: "boolean")
        }
    }

    /// A list of strings under `key` (the body itself when `key` is `nil`).
    func optionalStrings(_ key: String?) throws -> [String]? {
        let field = key.map { value.objectValue?[$0] } ?? value
        switch field {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard let string = item.stringValue else { throw DetailError.wrongType(key ?? "body", expected: "list of strings") }
                return string
            }
        default: throw DetailError.wrongType(key ?? "body", expected: "list of strings")
        }
    }
}

extension SubjectFilter {
    /// A filter as the bulk endpoints take it: a glob when it holds `*` or `?`, otherwise a
    /// prefix (`user-` selects `user-created`), the notation older federation tools use.
    static func prefixOrGlob(_ text: String?) -> SubjectFilter {
        guard let text, !text.isEmpty else { return SubjectFilter(nil) }
        return SubjectFilter(text.contains("*") || text.contains("?") ? text : text + "*")
    }
}
