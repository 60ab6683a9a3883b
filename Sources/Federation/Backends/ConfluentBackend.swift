import SchemaRegistryAPI
import SchemaRegistryClient

/// Any registry speaking Confluent's REST API v1 (ours, Confluent, Karapace, Redpanda),
/// through this project's `SchemaRegistryClient`. Compatibility of a new schema is answered by
/// the registry itself; bulk checks under another mode use our checkers, which are exact to
/// Confluent's.
public struct ConfluentBackend: RegistryBackend {
    public let id: String
    public var kind: RegistryKind { .confluent }
    public var capabilities: BackendCapabilities {
        BackendCapabilities(
            canList: true, canRegister: true, hasDryRunCompatibilityCheck: true, hasVersionHistory: true, canSetSubjectMode: true,
            canSetGlobalMode: true, idKind: .integer)
    }
    public var supportedFormats: [SchemaFormatName] { [.avro, .protobuf, .jsonSchema] }

    let client: SchemaRegistryClient
    /// The registry's `timeout`, for every call.
    let timeout: Duration

    /// A backend for `configuration` (`auth`: `username`/`password`, `api_key`/`api_secret`
    /// or `token`). Calls are not retried: the orchestrator's timeout is the registry's budget.
    public init(configuration: RegistryConfiguration) throws(FederationError) {
        id = configuration.id
        timeout = configuration.timeout
        let auth = configuration.auth
        var credentials: SchemaRegistryCredentials?
        if let user = auth.username ?? auth.apiKey {
            credentials = .basic(username: user, password: auth.password ?? auth.apiSecret ?? "")
        } else if let token = auth.token {
            credentials = .bearer(token: token)
        }
        guard let url = configuration.url else { throw .invalidRequest("\(configuration.id): no url") }
        var settings = SchemaRegistryClientConfiguration(url: url, credentials: credentials)
        settings.requestTimeout = configuration.timeout
        settings.retry = RetryPolicy(maximumRetries: 0)
        settings.cacheCapacity = 256
        settings.latestVersionTTL = .zero
        do throws(SchemaRegistryClientError) {
            client = try SchemaRegistryClient(configuration: settings)
        } catch {
            throw .invalidRequest("\(configuration.id): \(error)")
        }
    }

    public func checkHealth() async throws(FederationError) -> BackendHealthProbe {
        try await call { () throws(SchemaRegistryClientError) in try await client.ping() }
        return BackendHealthProbe(statusCode: 200, message: "ok")
    }

    public func subjects(prefix: String) async throws(FederationError) -> [String] {
        try await call { () throws(SchemaRegistryClientError) in try await client.subjects(prefix: prefix.isEmpty ? nil : prefix) }
            .filter { $0.hasPrefix(prefix) }.sorted()
    }

    public func latestSchema(subject: String) async throws(FederationError) -> FederatedSchema? {
        do throws(FederationError) {
            let found = try await call { () throws(SchemaRegistryClientError) in try await client.version(subject: subject, .latest) }
            return try await federated(found, subject: subject)
        } catch .notFound {
            return nil
        }
    }

    public func history(subject: String) async throws(FederationError) -> [FederatedSchema] {
        let numbers: [Int]
        do throws(FederationError) {
            numbers = try await call { () throws(SchemaRegistryClientError) in try await client.versions(subject: subject) }
        } catch .notFound {
            return []
        }
        var versions: [FederatedSchema] = []
        for number in numbers.sorted() {
            let found = try await call { () throws(SchemaRegistryClientError) in try await client.version(subject: subject, .number(number)) }
            versions.append(try await federated(found, subject: subject))
        }
        return versions
    }

    /// `GET /schemas?subjectPrefix=` reads every version of every selected subject, a page at a
    /// time (Confluent caps a page at `schema.search.max.limit`, 1,000 by default), until an
    /// empty page. A registry that ignores `offset` answers the same page again: that ends it.
    public func histories(matching filter: SubjectFilter, concurrency: Int) async throws(FederationError) -> [SubjectHistory] {
        let prefix = filter.literalPrefix
        let pageSize = 1000
        var all: [RegisteredSchema] = []
        var previousFirst: RegisteredSchema?
        while true {
            let offset = all.count
            let page = try await call { () throws(SchemaRegistryClientError) in
                try await client.schemas(subjectPrefix: prefix.isEmpty ? nil : prefix, offset: offset, limit: pageSize)
            }
            guard let first = page.first, first != previousFirst else { break }
            previousFirst = first
            all += page
        }
        var bySubject: [String: [FederatedSchema]] = [:]
        for schema in all {
            guard let subject = schema.subject, filter.matches(subject) else { continue }
            bySubject[subject, default: []].append(try await federated(schema, subject: subject))
        }
        return bySubject.keys.sorted().map { subject in
            SubjectHistory(subject: subject, versions: (bySubject[subject] ?? []).sorted { ($0.version ?? 0) < ($1.version ?? 0) })
        }
    }

    public func checkCompatibility(subject: String, schema: SchemaSubmission) async throws(FederationError) -> CompatibilityVerdict {
        guard let type = schema.format.schemaType else {
            throw .invalidRequest("\(schema.format.rawValue) schemas cannot be checked by a Confluent-compatible registry")
        }
        let mode = try await compatibilityMode(subject: subject).mode
        let definition = SchemaDefinition(schema: schema.content, schemaType: type)
        let version = schema.version.map(VersionSelector.number) ?? .latest
        do throws(FederationError) {
            let report = try await call { () throws(SchemaRegistryClientError) in
                try await client.testCompatibility(subject: subject, schema: definition, version: version, verbose: true)
            }
            return CompatibilityVerdict(isCompatible: report.isCompatible, messages: report.messages, level: mode, computedBy: .registry)
        } catch .notFound {
            // No version yet: anything may be the first (Confluent's newer releases answer so too).
            return CompatibilityVerdict(isCompatible: true, messages: [], level: mode, computedBy: .registry)
        }
    }

    /// The level from `/config`, unless `/mode` says the subject (or registry) is read-only.
    public func compatibilityMode(subject: String?) async throws(FederationError) -> ModeReading {
        let effective = try await call { () throws(SchemaRegistryClientError) in try await client.config(subject: subject, defaultToGlobal: true) }
        if try await isReadOnly(subject) {
            return ModeReading(mode: .readOnly, nativeMode: RegistryMode.readOnly.rawValue, isSubjectOverride: subject != nil)
        }
        var own = false
        if let subject {
            own = try await ownConfig(subject)?.compatibilityLevel != nil
        }
        let level = effective.compatibilityLevel ?? .backward
        return ModeReading(mode: FederatedCompatibilityMode(level), nativeMode: level.rawValue, isSubjectOverride: own)
    }

    /// Whether `/mode` (the subject's, else the global one) is READONLY. A registry without
    /// `/mode` (or without `defaultToGlobal` on it) is read-write.
    /// With `ownOnly`, only a mode set on the subject itself counts.
    func isReadOnly(_ subject: String?, ownOnly: Bool = false) async throws(FederationError) -> Bool {
        do throws(FederationError) {
            let mode = try await call { () throws(SchemaRegistryClientError) in
                try await client.mode(subject: subject, defaultToGlobal: !ownOnly)
            }
            return mode == .readOnly || mode == .readOnlyOverride
        } catch .unreachable(let reason) {
            throw .unreachable(reason)
        } catch .timeout(let limit) {
            throw .timeout(limit)
        } catch {
            return false
        }
    }

    public func subjectModes(subjects: [String], concurrency: Int) async throws(FederationError) -> [String: ModeReading] {
        let readings = await BoundedConcurrency.map(subjects, limit: concurrency) { subject -> Result<CompatibilityLevel?, FederationError> in
            do throws(FederationError) {
                return .success(try await ownConfig(subject)?.compatibilityLevel)
            } catch {
                return .failure(error)
            }
        }
        var modes: [String: ModeReading] = [:]
        for (subject, reading) in zip(subjects, readings) {
            switch reading {
            case .success(let level?):
                modes[subject] = ModeReading(mode: FederatedCompatibilityMode(level), nativeMode: level.rawValue, isSubjectOverride: true)
            case .success(nil): break
            case .failure(let error): modes[subject] = ModeReading(failed: error)
            }
        }
        return modes
    }

    /// A level goes to `/config`, and lifts a READONLY `/mode` the federation may have set;
    /// READONLY goes to `/mode`.
    public func setCompatibilityMode(_ mode: FederatedCompatibilityMode, subject: String?) async throws(FederationError) -> ModeReading {
        if let level = mode.level {
            // First out of a READONLY set on this subject (or, without one, on the registry):
            // a read-only subject refuses config changes too.
            if try await isReadOnly(subject, ownOnly: true) {
                _ = try await call { () throws(SchemaRegistryClientError) in
                    subject == nil ? try await client.setMode(.readWrite) : try await client.deleteMode(subject: subject)
                }
            }
            let set = try await call { () throws(SchemaRegistryClientError) in try await client.setCompatibility(level, subject: subject) }
            return ModeReading(mode: FederatedCompatibilityMode(set), nativeMode: set.rawValue, isSubjectOverride: subject != nil)
        }
        _ = try await call { () throws(SchemaRegistryClientError) in try await client.setMode(.readOnly, subject: subject) }
        return ModeReading(mode: .readOnly, nativeMode: RegistryMode.readOnly.rawValue, isSubjectOverride: subject != nil)
    }

    /// The subject's own config, or `nil` when it follows the global one (40408).
    func ownConfig(_ subject: String) async throws(FederationError) -> RegistryConfigSettings? {
        do throws(FederationError) {
            return try await call { () throws(SchemaRegistryClientError) in try await client.config(subject: subject) }
        } catch .notFound {
            return nil
        }
    }

    /// A client schema in the API's shape, with its references resolved to their text.
    func federated(_ schema: RegisteredSchema, subject: String) async throws(FederationError) -> FederatedSchema {
        var references: [NamedSchemaText] = []
        var pending = schema.references
        var seen: Set<SchemaReference> = []
        while let reference = pending.popLast() {
            guard seen.insert(reference).inserted else { continue }
            let target = try await call { () throws(SchemaRegistryClientError) in
                try await client.version(subject: reference.subject, .number(reference.version))
            }
            references.insert(NamedSchemaText(name: reference.name, content: target.schema, format: SchemaFormatName(target.schemaType)), at: 0)
            pending.append(contentsOf: target.references)
        }
        return FederatedSchema(
            id: schema.id.map(String.init) ?? "", subject: subject, version: schema.version, format: SchemaFormatName(schema.schemaType),
            content: schema.schema, references: references)
    }

    /// Runs a client call within the registry's timeout (the client's own deadline covers the
    /// response head only), turning its errors into the federation's.
    func call<T: Sendable>(_ body: @escaping @Sendable () async throws(SchemaRegistryClientError) -> T) async throws(FederationError) -> T {
        try await withDeadline(timeout) { () throws(FederationError) in
            do throws(SchemaRegistryClientError) {
                return try await body()
            } catch {
                throw FederationError(error)
            }
        }
    }
}

extension FederationError {
    /// The federation's reading of a client error.
    init(_ error: SchemaRegistryClientError) {
        switch error {
        case .registry(let status, let code, let message):
            if status == 401 || status == 403 {
                self = .unauthorized(status: status, message: message)
            } else if status == 404 {
                self = .notFound(message)
            } else if code == 42201 || code == 422 {
                self = .invalidSchema(message)
            } else {
                self = .upstream(status: status, message: message)
            }
        case .unreachable(let reasons): self = .unreachable(reasons.last ?? "no answer")
        case .invalidResponse(let status, let reason):
            self = status == 401 || status == 403 ? .unauthorized(status: status, message: reason) : .invalidResponse("HTTP \(status): \(reason)")
        case .invalidRequest(let reason): self = .invalidRequest(reason)
        }
    }
}

extension SchemaFormatName {
    /// The API's name of a Confluent schema type.
    init(_ type: SchemaType) {
        switch type {
        case .avro: self = .avro
        case .json: self = .jsonSchema
        case .protobuf: self = .protobuf
        }
    }

    /// Confluent's schema type, `nil` for table formats.
    var schemaType: SchemaType? {
        switch self {
        case .avro: return .avro
        case .jsonSchema: return .json
        case .protobuf: return .protobuf
        case .iceberg: return nil
        }
    }
}
