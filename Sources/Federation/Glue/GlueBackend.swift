import JSONModel

/// AWS Glue Schema Registry: the schemas of one Glue registry are the subjects, their versions
/// the history. Glue has no dry-run compatibility check, so a check runs our own Avro, JSON
/// Schema and Protobuf checkers against the versions Glue holds, under the schema's Glue mode,
/// and the verdict says it was computed here.
public struct GlueBackend: RegistryBackend {
    public let id: String
    public var kind: RegistryKind { .glue }
    public var capabilities: BackendCapabilities {
        BackendCapabilities(
            canList: true, canRegister: true, hasDryRunCompatibilityCheck: false, hasVersionHistory: true, canSetSubjectMode: true,
            canSetGlobalMode: false, idKind: .uuid)
    }
    public var supportedFormats: [SchemaFormatName] { [.avro, .jsonSchema, .protobuf] }

    /// The Glue registry whose schemas are federated.
    let registryName: String
    let glue: GlueClient
    let checker = LocalCompatibilityChecker()

    /// A backend for `configuration`: `auth` holds `access_key_id`, `secret_access_key`,
    /// optional `session_token`, `region` and `registry_name` (each may also come from
    /// `metadata`); `url` overrides AWS's endpoint for the region.
    public init(configuration: RegistryConfiguration) throws(FederationError) {
        id = configuration.id
        let auth = configuration.auth
        let metadata = configuration.metadata
        guard let region = auth.region ?? metadata["region"] else {
            throw .invalidRequest("\(configuration.id): a Glue registry needs auth.region")
        }
        guard let key = auth.accessKeyID, let secret = auth.secretAccessKey else {
            throw .invalidRequest("\(configuration.id): a Glue registry needs auth.access_key_id and auth.secret_access_key")
        }
        registryName = auth.registryName ?? metadata["registry_name"] ?? "default-registry"
        glue = GlueClient(
            endpoint: configuration.url ?? "https://glue.\(region).amazonaws.com",
            signer: AWSSignatureV4(
                credentials: .init(accessKeyID: key, secretAccessKey: secret, sessionToken: auth.sessionToken), region: region, service: "glue"),
            http: BackendHTTP(timeout: configuration.timeout))
    }

    var registryID: JSONValue { ["RegistryName": .string(registryName)] }

    func schemaID(_ subject: String) -> JSONValue {
        ["RegistryName": .string(registryName), "SchemaName": .string(subject)]
    }

    public func checkHealth() async throws(FederationError) -> BackendHealthProbe {
        let registry = try await glue.call("GetRegistry", ["RegistryId": registryID])
        return BackendHealthProbe(statusCode: 200, message: "registry \(registryName) \(registry["Status"]?.stringValue ?? "AVAILABLE")")
    }

    public func subjects(prefix: String) async throws(FederationError) -> [String] {
        try await glue.listAll("ListSchemas", ["RegistryId": registryID], key: "Schemas")
            .compactMap { $0["SchemaName"]?.stringValue }.filter { $0.hasPrefix(prefix) }.sorted()
    }

    public func latestSchema(subject: String) async throws(FederationError) -> FederatedSchema? {
        do throws(FederationError) {
            let version = try await glue.call("GetSchemaVersion", ["SchemaId": schemaID(subject), "SchemaVersionNumber": ["LatestVersion": true]])
            return try federated(version, subject: subject)
        } catch .notFound {
            return nil
        }
    }

    public func history(subject: String) async throws(FederationError) -> [FederatedSchema] {
        try await history(subject: subject, from: 1)
    }

    /// The live versions numbered `first` and up: only those are fetched.
    func history(subject: String, from first: Int64) async throws(FederationError) -> [FederatedSchema] {
        let listed: [JSONObject]
        do throws(FederationError) {
            listed = try await glue.listAll("ListSchemaVersions", ["SchemaId": schemaID(subject)], key: "Schemas")
        } catch .notFound {
            return []
        }
        let numbers = listed.filter { ($0["Status"]?.stringValue ?? "AVAILABLE") == "AVAILABLE" }
            .compactMap { $0["VersionNumber"]?.integerValue }.filter { $0 >= first }.sorted()
        var versions: [FederatedSchema] = []
        for number in numbers {
            let version = try await glue.call("GetSchemaVersion", ["SchemaId": schemaID(subject), "SchemaVersionNumber": ["VersionNumber": .integer(number)]])
            versions.append(try federated(version, subject: subject))
        }
        return versions
    }

    /// Checked against the versions from the schema's checkpoint on (`SchemaCheckpoint`: Glue
    /// starts its checks there, and a mode change moves it to the latest version).
    public func checkCompatibility(subject: String, schema: SchemaSubmission) async throws(FederationError) -> CompatibilityVerdict {
        let found: JSONObject
        do throws(FederationError) {
            found = try await glue.call("GetSchema", ["SchemaId": schemaID(subject)])
        } catch .notFound {
            // Registering would create the schema: any valid first version is accepted.
            _ = try checker.parse(schema.content, format: schema.format, references: [])
            return CompatibilityVerdict(isCompatible: true, messages: [], level: nil, computedBy: .federation)
        }
        let reading = Self.reading(found)
        let checkpoint = found["SchemaCheckpoint"]?.integerValue ?? 1
        let versions = try await history(subject: subject, from: checkpoint)
        if let format = versions.last?.format, format != schema.format {
            return CompatibilityVerdict(
                isCompatible: false, messages: ["the schema's data format is \(format.glueDataFormat), not \(schema.format.glueDataFormat)"],
                level: reading.mode, computedBy: .federation)
        }
        return try checker.check(schema, against: versions, mode: reading.mode ?? .backward)
    }

    /// Glue has no registry-wide mode: each schema has its own.
    public func compatibilityMode(subject: String?) async throws(FederationError) -> ModeReading {
        guard let subject else { return ModeReading(mode: nil, nativeMode: nil) }
        return Self.reading(try await glue.call("GetSchema", ["SchemaId": schemaID(subject)]))
    }

    /// The mode of a `GetSchema` answer.
    static func reading(_ schema: JSONObject) -> ModeReading {
        let native = schema["Compatibility"]?.stringValue ?? "BACKWARD"
        return ModeReading(mode: FederatedCompatibilityMode(name: native), nativeMode: native, isSubjectOverride: true)
    }

    public func subjectModes(subjects: [String], concurrency: Int) async throws(FederationError) -> [String: ModeReading] {
        let readings = await BoundedConcurrency.map(subjects, limit: concurrency) { subject -> Result<ModeReading, FederationError> in
            do throws(FederationError) {
                return .success(try await compatibilityMode(subject: subject))
            } catch {
                return .failure(error)
            }
        }
        var modes: [String: ModeReading] = [:]
        for (subject, reading) in zip(subjects, readings) {
            switch reading {
            case .success(let found): modes[subject] = found
            case .failure(let error): modes[subject] = ModeReading(failed: error)
            }
        }
        return modes
    }

    public func setCompatibilityMode(_ mode: FederatedCompatibilityMode, subject: String?) async throws(FederationError) -> ModeReading {
        guard let subject else {
            throw .unsupported("AWS Glue has no registry-wide compatibility mode; set it per schema (subject)")
        }
        // Glue takes a new mode only with a checkpoint: the latest version, where checks resume.
        _ = try await glue.call(
            "UpdateSchema", ["SchemaId": schemaID(subject), "SchemaVersionNumber": ["LatestVersion": true], "Compatibility": .string(mode.glueName)])
        return ModeReading(mode: mode, nativeMode: mode.glueName, isSubjectOverride: true)
    }

    /// A `GetSchemaVersion` answer in the API's shape.
    func federated(_ version: JSONObject, subject: String) throws(FederationError) -> FederatedSchema {
        guard let definition = version["SchemaDefinition"]?.stringValue, let id = version["SchemaVersionId"]?.stringValue else {
            throw .invalidResponse("GetSchemaVersion: no SchemaDefinition or SchemaVersionId")
        }
        let dataFormat = version["DataFormat"]?.stringValue ?? "AVRO"
        guard let format = SchemaFormatName(glueDataFormat: dataFormat) else {
            throw .invalidResponse("GetSchemaVersion: unknown DataFormat \(dataFormat)")
        }
        var metadata: JSONObject = ["schema_version_id": .string(id)]
        if let arn = version["SchemaArn"]?.stringValue { metadata["schema_arn"] = .string(arn) }
        if let status = version["Status"]?.stringValue { metadata["status"] = .string(status) }
        metadata["data_format"] = .string(dataFormat)
        // AWS JSON 1.1 sends timestamps as seconds since 1970 (a number).
        let created = version["CreatedTime"]?.numberValue.map { Int64(($0 * 1000).rounded()) }
        return FederatedSchema(
            id: id, subject: subject, version: version["VersionNumber"]?.integerValue.map { Int($0) }, format: format, content: definition,
            metadata: metadata, createdAt: created)
    }
}

extension SchemaFormatName {
    /// Glue's `DataFormat`.
    init?(glueDataFormat: String) {
        switch glueDataFormat.uppercased() {
        case "AVRO": self = .avro
        case "JSON": self = .jsonSchema
        case "PROTOBUF": self = .protobuf
        default: return nil
        }
    }

    /// The format's name in Glue.
    var glueDataFormat: String {
        switch self {
        case .avro: return "AVRO"
        case .jsonSchema: return "JSON"
        case .protobuf: return "PROTOBUF"
        case .iceberg: return "ICEBERG"
        }
    }
}
