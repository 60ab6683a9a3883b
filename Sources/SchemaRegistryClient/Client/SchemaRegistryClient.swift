import AsyncHTTPClient
import JSONModel
import NIOHTTP1
import SchemaRegistryAPI

/// A client for any registry that speaks Confluent's REST API v1: ours, Confluent's, Karapace,
/// Redpanda, Apicurio's compatibility API.
///
/// Every endpoint has a method; the ones on a producer's or consumer's path are cached, because
/// a serializer asks for the same id on every message:
/// - schema by id (and by GUID): forever, since ids never change meaning;
/// - subject and schema to id, for `register` and `lookup`: forever, since a registration is
///   idempotent;
/// - latest version of a subject: for `latestVersionTTL`, since it moves when someone registers.
///
/// Deletes made through this client drop the affected cache entries. The caches are safe to
/// share between tasks; share one client per registry across a process.
public final class SchemaRegistryClient: Sendable {
    /// The settings the client was made with.
    public let configuration: SchemaRegistryClientConfiguration
    private let transport: RegistryHTTPTransport

    private struct SubjectSchemaKey: Hashable, Sendable {
        var subject: String
        var schema: SchemaDefinition
        var normalize: Bool
    }

    private struct IdKey: Hashable, Sendable {
        var id: Int
        var subject: String
    }

    private let schemasById: ClientCache<IdKey, RegisteredSchema>
    private let schemasByGUID: ClientCache<String, RegisteredSchema>
    private let registrations: ClientCache<SubjectSchemaKey, RegisteredSchema>
    private let lookups: ClientCache<SubjectSchemaKey, RegisteredSchema>
    private let latestVersions: ClientCache<String, RegisteredSchema>
    private let versions: ClientCache<SubjectVersion, RegisteredSchema>

    /// The HTTP client used unless one is given: process-wide (no shutdown needed), and set not
    /// to retry connection establishment on its own. async-http-client's default keeps
    /// reconnecting to a refused node until the request's deadline, which would make every
    /// fail-over wait for the full request timeout; this client does its own fail-over and retries.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Creates a client; `httpClient` defaults to ``defaultHTTPClient``. A client passed in should
    /// also have `connectionPool.retryConnectionEstablishment` off for quick fail-over.
    public init(configuration: SchemaRegistryClientConfiguration, httpClient: HTTPClient = SchemaRegistryClient.defaultHTTPClient) throws(SchemaRegistryClientError) {
        self.configuration = configuration
        self.transport = try RegistryHTTPTransport(configuration: configuration, httpClient: httpClient)
        let capacity = configuration.cacheCapacity
        schemasById = ClientCache(capacity: capacity)
        schemasByGUID = ClientCache(capacity: capacity)
        registrations = ClientCache(capacity: capacity)
        lookups = ClientCache(capacity: capacity)
        latestVersions = ClientCache(capacity: capacity)
        versions = ClientCache(capacity: capacity)
    }

    /// Creates a client for the registry at `url`.
    public convenience init(url: String, credentials: SchemaRegistryCredentials? = nil) throws(SchemaRegistryClientError) {
        try self.init(configuration: SchemaRegistryClientConfiguration(url: url, credentials: credentials))
    }

    // MARK: Registering and looking up

    /// Registers `schema` under `subject` (or finds the identical registration) and returns its id.
    ///
    /// Cached per subject and definition: a producer calling this for every message asks the
    /// registry once.
    public func register(subject: String, schema: SchemaDefinition, normalize: Bool = false) async throws(SchemaRegistryClientError) -> Int {
        let registered = try await registerSchema(subject: subject, schema: schema, normalize: normalize)
        guard let id = registered.id else { throw .invalidResponse(status: 200, reason: "registration answer without 'id'") }
        return id
    }

    /// Registers `schema` and returns the whole answer (id, version, GUID, the stored text).
    ///
    /// `id` and `version` are for IMPORT mode, where a migration keeps the source's numbers;
    /// such calls bypass the cache.
    public func registerSchema(
        subject: String, schema: SchemaDefinition, normalize: Bool = false, id: Int? = nil, version: Int? = nil
    ) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        let key = SubjectSchemaKey(subject: subject, schema: schema, normalize: normalize)
        let cacheable = id == nil && version == nil
        if cacheable, let cached = registrations.value(for: key) { return cached }
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.query("normalize", normalize)
        let response = try await transport.send(.POST, path.text, body: schema.requestBody(id: id, version: version))
        let registered = try ResponseDecoding.registeredSchema(ResponseDecoding.json(response), fallback: schema, subject: subject)
        if cacheable { registrations.set(registered, for: key) }
        if let id = registered.id, registered.schema == schema.schema {
            schemasById.set(registered, for: IdKey(id: id, subject: ""))
        }
        return registered
    }

    /// Finds the version of `subject` that holds `schema`, without registering it
    /// (`POST /subjects/{subject}`). Cached unless `deleted` asks for soft-deleted versions.
    public func lookup(
        subject: String, schema: SchemaDefinition, normalize: Bool = false, deleted: Bool = false
    ) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        let key = SubjectSchemaKey(subject: subject, schema: schema, normalize: normalize)
        if !deleted, let cached = lookups.value(for: key) { return cached }
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.query("normalize", normalize)
        path.query("deleted", deleted ? true : nil)
        let response = try await transport.send(.POST, path.text, body: schema.requestBody())
        let found = try ResponseDecoding.registeredSchema(ResponseDecoding.json(response), subject: subject)
        if !deleted { lookups.set(found, for: key) }
        return found
    }

    /// Tests `schema` against `version` of `subject`, or against every version the subject's
    /// compatibility level asks for when `version` is `nil`.
    public func testCompatibility(
        subject: String, schema: SchemaDefinition, version: VersionSelector? = nil, normalize: Bool = false, verbose: Bool = false
    ) async throws(SchemaRegistryClientError) -> CompatibilityReport {
        var path = RequestPath("compatibility", "subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        if let version { path.append(version.description) }
        path.query("normalize", normalize ? true : nil)
        path.query("verbose", verbose ? true : nil)
        let answer = try ResponseDecoding.json(try await transport.send(.POST, path.text, body: schema.requestBody()))
        let entity = try ResponseDecoding.wire { () throws(WireError) in try CompatibilityCheckEntity(json: answer) }
        return CompatibilityReport(isCompatible: entity.isCompatible, messages: entity.messages ?? [])
    }

    // MARK: Schemas by id

    /// The schema with global id `id`. `subject` picks the context (and some registries echo
    /// it); consumers call this once per id thanks to the cache.
    public func schema(id: Int, subject: String? = nil) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        let key = IdKey(id: id, subject: subject ?? "")
        if let cached = schemasById.value(for: key) { return cached }
        let found = try await fetchSchema(id: id, subject: subject, fetchMaxId: false)
        schemasById.set(found, for: key)
        return found
    }

    /// The schema with id `id` together with the highest id of its context (`fetchMaxId`),
    /// never cached since the maximum moves.
    public func schemaWithMaxId(id: Int, subject: String? = nil) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        try await fetchSchema(id: id, subject: subject, fetchMaxId: true)
    }

    private func fetchSchema(id: Int, subject: String?, fetchMaxId: Bool) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        var path = RequestPath("schemas", "ids", String(id))
        path.query("subject", subject)
        path.query("fetchMaxId", fetchMaxId ? true : nil)
        var found = try ResponseDecoding.registeredSchema(ResponseDecoding.json(try await transport.send(.GET, path.text)))
        if found.id == nil { found.id = id }
        return found
    }

    /// The schema with Confluent 8's content GUID.
    public func schema(guid: String) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        if let cached = schemasByGUID.value(for: guid) { return cached }
        var path = RequestPath("schemas", "guids")
        path.append(escaped: guid)
        var found = try ResponseDecoding.registeredSchema(ResponseDecoding.json(try await transport.send(.GET, path.text)))
        if found.guid == nil { found.guid = guid }
        schemasByGUID.set(found, for: guid)
        return found
    }

    /// Only the text of the schema with id `id` (`/schemas/ids/{id}/schema`).
    public func rawSchema(id: Int, subject: String? = nil) async throws(SchemaRegistryClientError) -> String {
        var path = RequestPath("schemas", "ids", String(id), "schema")
        path.query("subject", subject)
        let response = try await transport.send(.GET, path.text)
        try ResponseDecoding.checkStatus(response)
        return String(buffer: response.body)
    }

    /// The subjects that use schema id `id`.
    public func subjects(
        forSchemaId id: Int, subject: String? = nil, deleted: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [String] {
        var path = RequestPath("schemas", "ids", String(id), "subjects")
        path.query("subject", subject)
        path.query("deleted", deleted ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        return try ResponseDecoding.strings(ResponseDecoding.json(try await transport.send(.GET, path.text)), "subjects")
    }

    /// The subject versions that use schema id `id`.
    public func versions(
        forSchemaId id: Int, subject: String? = nil, deleted: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [SubjectVersion] {
        var path = RequestPath("schemas", "ids", String(id), "versions")
        path.query("subject", subject)
        path.query("deleted", deleted ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        let json = try ResponseDecoding.json(try await transport.send(.GET, path.text))
        guard let items = json.arrayValue else { throw .invalidResponse(status: 200, reason: "versions: expected an array") }
        var out: [SubjectVersion] = []
        for item in items {
            let object = try ResponseDecoding.object(item, "subject version")
            guard let subject = object["subject"]?.stringValue else { throw .invalidResponse(status: 200, reason: "subject version without subject") }
            out.append(SubjectVersion(subject: subject, version: try ResponseDecoding.int(object["version"], "version")))
        }
        return out
    }

    /// Registered schema versions (`GET /schemas`), for browsing and backups.
    public func schemas(
        subjectPrefix: String? = nil, deleted: Bool = false, latestOnly: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [RegisteredSchema] {
        var path = RequestPath("schemas")
        path.query("subjectPrefix", subjectPrefix)
        path.query("deleted", deleted ? true : nil)
        path.query("latestOnly", latestOnly ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        let json = try ResponseDecoding.json(try await transport.send(.GET, path.text))
        guard let items = json.arrayValue else { throw .invalidResponse(status: 200, reason: "schemas: expected an array") }
        var out: [RegisteredSchema] = []
        for item in items { out.append(try ResponseDecoding.registeredSchema(item)) }
        return out
    }

    /// The schema formats the registry supports (`["AVRO","JSON","PROTOBUF"]` or a subset).
    public func schemaTypes() async throws(SchemaRegistryClientError) -> [String] {
        try ResponseDecoding.strings(ResponseDecoding.json(try await transport.send(.GET, "/schemas/types")), "types")
    }

    // MARK: Subjects and versions

    /// Subject names, optionally only under `prefix` (a context prefix such as `:.ctx:`, or
    /// `:*:` for all contexts) and including soft-deleted ones.
    public func subjects(
        prefix: String? = nil, deleted: Bool = false, deletedOnly: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [String] {
        var path = RequestPath("subjects")
        path.query("subjectPrefix", prefix)
        path.query("deleted", deleted ? true : nil)
        path.query("deletedOnly", deletedOnly ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        return try ResponseDecoding.strings(ResponseDecoding.json(try await transport.send(.GET, path.text)), "subjects")
    }

    /// The version numbers of `subject`, ascending.
    public func versions(
        subject: String, deleted: Bool = false, deletedOnly: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [Int] {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.query("deleted", deleted ? true : nil)
        path.query("deletedOnly", deletedOnly ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        return try ResponseDecoding.ints(ResponseDecoding.json(try await transport.send(.GET, path.text)), "versions")
    }

    /// One version of `subject`. Numbered versions are cached, whether fetched with `deleted`
    /// or not, since a version's content never changes (a soft-deleted one is served from the
    /// cache only to callers asking for deleted versions); `latest` is not, see
    /// ``latestVersion(subject:)``.
    public func version(subject: String, _ version: VersionSelector, deleted: Bool = false) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        if case .number(let n) = version, let cached = versions.value(for: SubjectVersion(subject: subject, version: n)),
            deleted || !cached.deleted
        {
            return cached
        }
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.append(version.description)
        path.query("deleted", deleted ? true : nil)
        let found = try ResponseDecoding.registeredSchema(ResponseDecoding.json(try await transport.send(.GET, path.text)), subject: subject)
        if case .number(let n) = version {
            versions.set(found, for: SubjectVersion(subject: subject, version: n))
        }
        return found
    }

    /// The newest live version of `subject`, cached for `latestVersionTTL`.
    public func latestVersion(subject: String) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        if let cached = latestVersions.value(for: subject) { return cached }
        let found = try await version(subject: subject, .latest)
        latestVersions.set(found, for: subject, ttl: configuration.latestVersionTTL)
        return found
    }

    /// The newest version of `subject` whose metadata properties contain all of `properties`
    /// (`GET /subjects/{s}/metadata`), for producers pinned to an application version.
    public func latestVersion(
        subject: String, withMetadata properties: [(key: String, value: String)], deleted: Bool = false
    ) async throws(SchemaRegistryClientError) -> RegisteredSchema {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("metadata")
        for property in properties {
            path.query("key", property.key)
            path.query("value", property.value)
        }
        path.query("deleted", deleted ? true : nil)
        return try ResponseDecoding.registeredSchema(ResponseDecoding.json(try await transport.send(.GET, path.text)), subject: subject)
    }

    /// Only the text of a version of `subject`.
    public func rawSchema(subject: String, _ version: VersionSelector, deleted: Bool = false) async throws(SchemaRegistryClientError) -> String {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.append(version.description)
        path.append("schema")
        path.query("deleted", deleted ? true : nil)
        let response = try await transport.send(.GET, path.text)
        try ResponseDecoding.checkStatus(response)
        return String(buffer: response.body)
    }

    /// The ids of schemas that reference a version of `subject`.
    public func referencedBy(
        subject: String, _ version: VersionSelector, deleted: Bool = false, offset: Int? = nil, limit: Int? = nil
    ) async throws(SchemaRegistryClientError) -> [Int] {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.append(version.description)
        path.append("referencedby")
        path.query("deleted", deleted ? true : nil)
        path.query("offset", offset)
        path.query("limit", limit)
        return try ResponseDecoding.ints(ResponseDecoding.json(try await transport.send(.GET, path.text)), "ids")
    }

    /// Deletes `subject` (soft, or `permanent` after a soft delete) and returns the versions deleted.
    @discardableResult
    public func deleteSubject(_ subject: String, permanent: Bool = false) async throws(SchemaRegistryClientError) -> [Int] {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.query("permanent", permanent ? true : nil)
        let deleted = try ResponseDecoding.ints(ResponseDecoding.json(try await transport.send(.DELETE, path.text)), "versions")
        forget(subject: subject)
        return deleted
    }

    /// Deletes one version of `subject` (soft, or `permanent` after a soft delete) and returns its number.
    @discardableResult
    public func deleteVersion(subject: String, _ version: VersionSelector, permanent: Bool = false) async throws(SchemaRegistryClientError) -> Int {
        var path = RequestPath("subjects")
        path.append(escaped: try nonEmpty(subject))
        path.append("versions")
        path.append(version.description)
        path.query("permanent", permanent ? true : nil)
        let deleted = try ResponseDecoding.int(ResponseDecoding.json(try await transport.send(.DELETE, path.text)), "version")
        forget(subject: subject)
        return deleted
    }

    /// Drops every cache entry tied to `subject` after a delete, so that the next call sees the
    /// registry's new state. Entries by id stay: soft-deleted schemas stay readable by id.
    private func forget(subject: String) {
        registrations.removeAll { $0.subject == subject }
        lookups.removeAll { $0.subject == subject }
        latestVersions.removeAll { $0 == subject }
        versions.removeAll { $0.subject == subject }
    }

    // MARK: Config

    /// The settings of `subject`, or the global ones when `subject` is `nil`. With
    /// `defaultToGlobal`, a subject without its own settings gets the effective ones.
    public func config(subject: String? = nil, defaultToGlobal: Bool = false) async throws(SchemaRegistryClientError) -> RegistryConfigSettings {
        var path = RequestPath("config")
        if let subject { path.append(escaped: subject) }
        path.query("defaultToGlobal", defaultToGlobal ? true : nil)
        return try ResponseDecoding.config(ResponseDecoding.json(try await transport.send(.GET, path.text)))
    }

    /// Changes settings of `subject` (global when `nil`); fields left `nil` keep their value.
    @discardableResult
    public func updateConfig(_ settings: RegistryConfigSettings, subject: String? = nil) async throws(SchemaRegistryClientError) -> RegistryConfigSettings {
        var body = settings.json
        body["compatibilityLevel"] = nil  // the request entity names it `compatibility`
        if let level = settings.compatibilityLevel { body["compatibility"] = .string(level.rawValue) }
        if let normalize = settings.normalize { body["normalize"] = .bool(normalize) }
        if let group = settings.compatibilityGroup { body["compatibilityGroup"] = .string(group) }
        var path = RequestPath("config")
        if let subject { path.append(escaped: subject) }
        return try ResponseDecoding.config(ResponseDecoding.json(try await transport.send(.PUT, path.text, body: .object(body))))
    }

    /// Sets the compatibility level of `subject` (global when `nil`).
    @discardableResult
    public func setCompatibility(_ level: CompatibilityLevel, subject: String? = nil) async throws(SchemaRegistryClientError) -> CompatibilityLevel {
        let updated = try await updateConfig(RegistryConfigSettings(compatibilityLevel: level), subject: subject)
        return updated.compatibilityLevel ?? level
    }

    /// Removes the settings of `subject` (global ones revert to the server's defaults) and
    /// returns what they were.
    @discardableResult
    public func deleteConfig(subject: String? = nil) async throws(SchemaRegistryClientError) -> RegistryConfigSettings {
        var path = RequestPath("config")
        if let subject { path.append(escaped: subject) }
        return try ResponseDecoding.config(ResponseDecoding.json(try await transport.send(.DELETE, path.text)))
    }

    // MARK: Mode

    /// The mode of `subject`, or the global one when `nil`.
    public func mode(subject: String? = nil, defaultToGlobal: Bool = false) async throws(SchemaRegistryClientError) -> RegistryMode {
        var path = RequestPath("mode")
        if let subject { path.append(escaped: subject) }
        path.query("defaultToGlobal", defaultToGlobal ? true : nil)
        return try ResponseDecoding.mode(ResponseDecoding.json(try await transport.send(.GET, path.text)))
    }

    /// Sets the mode of `subject` (global when `nil`); `force` allows IMPORT over existing subjects.
    @discardableResult
    public func setMode(_ mode: RegistryMode, subject: String? = nil, force: Bool = false) async throws(SchemaRegistryClientError) -> RegistryMode {
        var path = RequestPath("mode")
        if let subject { path.append(escaped: subject) }
        path.query("force", force ? true : nil)
        return try ResponseDecoding.mode(
            ResponseDecoding.json(try await transport.send(.PUT, path.text, body: ["mode": .string(mode.rawValue)])))
    }

    /// Removes the mode of `subject` (or resets the global one) and returns the previous mode.
    @discardableResult
    public func deleteMode(subject: String? = nil, recursive: Bool = false) async throws(SchemaRegistryClientError) -> RegistryMode {
        var path = RequestPath("mode")
        if let subject { path.append(escaped: subject) }
        path.query("recursive", recursive ? true : nil)
        return try ResponseDecoding.mode(ResponseDecoding.json(try await transport.send(.DELETE, path.text)))
    }

    // MARK: Contexts and server

    /// The contexts (`.` first), for multi-tenant registries.
    public func contexts(offset: Int? = nil, limit: Int? = nil) async throws(SchemaRegistryClientError) -> [String] {
        var path = RequestPath("contexts")
        path.query("offset", offset)
        path.query("limit", limit)
        return try ResponseDecoding.strings(ResponseDecoding.json(try await transport.send(.GET, path.text)), "contexts")
    }

    /// Deletes an empty context.
    public func deleteContext(_ context: String) async throws(SchemaRegistryClientError) {
        var path = RequestPath("contexts")
        path.append(escaped: context)
        try ResponseDecoding.checkStatus(try await transport.send(.DELETE, path.text))
    }

    /// The registry's cluster metadata (`/v1/metadata/id`).
    public func clusterMetadata() async throws(SchemaRegistryClientError) -> JSONObject {
        try ResponseDecoding.object(ResponseDecoding.json(try await transport.send(.GET, "/v1/metadata/id")), "metadata")
    }

    /// The registry's version and commit (`/v1/metadata/version`).
    public func serverVersion() async throws(SchemaRegistryClientError) -> (version: String, commitId: String?) {
        let object = try ResponseDecoding.object(ResponseDecoding.json(try await transport.send(.GET, "/v1/metadata/version")), "version")
        return (object["version"]?.stringValue ?? "", object["commitId"]?.stringValue)
    }

    /// Whether some node answers `GET /` with success: a cheap check before a service starts.
    public func ping() async throws(SchemaRegistryClientError) {
        try ResponseDecoding.checkStatus(try await transport.send(.GET, "/"))
    }

    private func nonEmpty(_ subject: String) throws(SchemaRegistryClientError) -> String {
        guard !subject.isEmpty else { throw .invalidRequest("the subject is empty") }
        return subject
    }
}
