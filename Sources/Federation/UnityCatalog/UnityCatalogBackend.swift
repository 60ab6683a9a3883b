import JSONModel

/// Unity Catalog (open source, and Databricks'): each table `catalog.schema.table` is a
/// subject and its columns are its schema, shown as the Avro record Iceberg would map them to.
/// Tables keep no version history and no compatibility mode: a check asks whether the table's
/// format could evolve its columns to the schema sent (`TableEvolutionChecker`).
public struct UnityCatalogBackend: RegistryBackend {
    public let id: String
    public var kind: RegistryKind { .unityCatalog }
    public var capabilities: BackendCapabilities {
        BackendCapabilities(
            canList: true, canRegister: false, hasDryRunCompatibilityCheck: false, hasVersionHistory: false, canSetSubjectMode: false,
            canSetGlobalMode: false, idKind: .tableID)
    }
    public var supportedFormats: [SchemaFormatName] { [.iceberg, .avro] }

    /// `https://workspace.cloud.databricks.com/api/2.1/unity-catalog`.
    let apiBase: String
    let token: String?
    /// Only this catalog's tables (`metadata.catalog`); every catalog when absent.
    let catalog: String?
    /// Only this schema's tables (`metadata.schema`).
    let schema: String?
    let http: BackendHTTP

    /// A backend for `configuration`: `url` is the workspace (or server) address, `auth.token`
    /// the bearer token, `metadata.catalog` and `metadata.schema` narrow the tables listed.
    public init(configuration: RegistryConfiguration) throws(FederationError) {
        id = configuration.id
        guard var url = configuration.url else { throw .invalidRequest("\(configuration.id): no url") }
        while url.hasSuffix("/") { url.removeLast() }
        apiBase = url.hasSuffix("/api/2.1/unity-catalog") ? url : url + "/api/2.1/unity-catalog"
        token = configuration.auth.token
        catalog = configuration.metadata["catalog"]
        schema = configuration.metadata["schema"]
        http = BackendHTTP(timeout: configuration.timeout)
    }

    /// GETs `path` (under the API base) with `query`, answering the JSON object.
    func get(_ path: String, query: [(String, String)] = []) async throws(FederationError) -> JSONObject {
        var url = apiBase + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(AWSSignatureV4.percentEncode($0.1, keepingSlashes: false))" }.joined(separator: "&")
        }
        var headers = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        let response = try await http.send(.GET, url: url, headers: headers)
        let answer = try? response.json().objectValue
        guard response.status == 200 else {
            let message = answer?["message"]?.stringValue ?? "HTTP \(response.status)"
            let code = answer?["error_code"]?.stringValue.map { "\($0): " } ?? ""
            switch response.status {
            case 401, 403: throw .unauthorized(status: response.status, message: code + message)
            case 404: throw .notFound(code + message)
            default: throw .upstream(status: response.status, message: code + message)
            }
        }
        guard let answer else { throw .invalidResponse("GET \(path): the answer is not a JSON object") }
        return answer
    }

    /// Every page of a listing (`next_page_token` until absent); a token seen before is an
    /// invalid answer rather than an endless loop.
    func list(_ path: String, query: [(String, String)], key: String) async throws(FederationError) -> [JSONObject] {
        var items: [JSONObject] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            var page = query + [("max_results", "1000")]
            if let token { page.append(("page_token", token)) }
            let answer = try await get(path, query: page)
            items += (answer[key]?.arrayValue ?? []).compactMap(\.objectValue)
            token = answer["next_page_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            if let token, !seen.insert(token).inserted {
                throw .invalidResponse("GET \(path) answered the same next_page_token twice")
            }
        } while token != nil
        return items
    }

    public func checkHealth() async throws(FederationError) -> BackendHealthProbe {
        if let catalog {
            let found = try await get("/catalogs/\(AWSSignatureV4.percentEncode(catalog, keepingSlashes: false))")
            return BackendHealthProbe(statusCode: 200, message: "catalog \(found["name"]?.stringValue ?? catalog) reachable")
        }
        _ = try await get("/catalogs", query: [("max_results", "1")])
        return BackendHealthProbe(statusCode: 200, message: "ok")
    }

    public func subjects(prefix: String) async throws(FederationError) -> [String] {
        let catalogs: [String]
        if let catalog {
            catalogs = [catalog]
        } else {
            catalogs = try await list("/catalogs", query: [], key: "catalogs").compactMap { $0["name"]?.stringValue }
        }
        var names: [String] = []
        for catalog in catalogs where Self.mayHold(prefix: prefix, parent: catalog) {
            let schemas: [String]
            if let schema {
                schemas = [schema]
            } else {
                schemas = try await list("/schemas", query: [("catalog_name", catalog)], key: "schemas").compactMap { $0["name"]?.stringValue }
            }
            for schema in schemas where Self.mayHold(prefix: prefix, parent: "\(catalog).\(schema)") {
                let tables = try await list("/tables", query: [("catalog_name", catalog), ("schema_name", schema)], key: "tables")
                names += tables.compactMap { $0["name"]?.stringValue }.map { "\(catalog).\(schema).\($0)" }.filter { $0.hasPrefix(prefix) }
            }
        }
        return names.sorted()
    }

    /// Whether names under `parent.` can start with `prefix`.
    static func mayHold(prefix: String, parent: String) -> Bool {
        let scope = parent + "."
        return scope.hasPrefix(prefix) || prefix.hasPrefix(scope)
    }

    /// The table, or `nil` when it does not exist or the subject is not a three-part name.
    func table(_ subject: String) async throws(FederationError) -> UnityCatalogTable? {
        guard subject.split(separator: ".", omittingEmptySubsequences: false).count == 3 else { return nil }
        do {
            return try UnityCatalogTable(json: try await get("/tables/\(AWSSignatureV4.percentEncode(subject, keepingSlashes: false))"))
        } catch .notFound {
            return nil
        }
    }

    public func latestSchema(subject: String) async throws(FederationError) -> FederatedSchema? {
        guard let table = try await table(subject) else { return nil }
        return table.federated(subject: subject)
    }

    /// A table has only its current columns: one version.
    public func history(subject: String) async throws(FederationError) -> [FederatedSchema] {
        try await latestSchema(subject: subject).map { [$0] } ?? []
    }

    public func checkCompatibility(subject: String, schema: SchemaSubmission) async throws(FederationError) -> CompatibilityVerdict {
        let proposed: [TableColumn]
        do {
            switch schema.format {
            case .avro: proposed = try TableAvroMapping.columns(avroSchemaText: schema.content)
            case .iceberg: proposed = try UnityCatalogTable.columns(fromSchemaText: schema.content)
            case .jsonSchema, .protobuf:
                throw FederationError.invalidRequest("Unity Catalog tables are checked against avro or iceberg schemas, not \(schema.format.rawValue)")
            }
        } catch let error as TableSchemaError {
            throw .invalidSchema(error.description)
        } catch let error as FederationError {
            throw error
        } catch {
            throw .invalidSchema("\(error)")
        }
        guard let table = try await table(subject) else {
            return CompatibilityVerdict(
                isCompatible: true, messages: ["New table - no compatibility check needed"], level: .backward, computedBy: .federation,
                rules: "no such table: a new table can take any schema")
        }
        let checker = TableEvolutionChecker(rules: table.rules)
        let problems = checker.problems(current: table.columns, proposed: proposed)
        return CompatibilityVerdict(
            isCompatible: problems.isEmpty, messages: problems.isEmpty ? ["Schema evolution is compatible"] : problems, level: .backward,
            errors: table.unreadableColumns, computedBy: .federation, rules: table.rules.description)
    }

    /// Tables have no compatibility mode of their own: a table format's evolution rules let
    /// new readers read old data, which is BACKWARD in the API's vocabulary; the native name
    /// says which rules.
    public func compatibilityMode(subject: String?) async throws(FederationError) -> ModeReading {
        guard let subject else { return ModeReading(mode: .backward, nativeMode: "table format evolution rules") }
        guard let table = try await table(subject) else { throw .notFound("table \(subject) not found") }
        return ModeReading(mode: .backward, nativeMode: table.rules.description, isSubjectOverride: false)
    }

    public func setCompatibilityMode(_ mode: FederatedCompatibilityMode, subject: String?) async throws(FederationError) -> ModeReading {
        throw .unsupported("Unity Catalog tables have no compatibility mode: their table format's evolution rules apply")
    }
}

/// A table as `GET /tables/{full_name}` answers it.
struct UnityCatalogTable: Sendable {
    var tableID: String
    var name: String
    var catalogName: String
    var schemaName: String
    var dataSourceFormat: String?
    var tableType: String?
    var storageLocation: String?
    /// `created_at`, milliseconds since 1970.
    var createdAt: Int64?
    var properties: [String: String]
    var columns: [TableColumn]
    /// Columns whose type could not be read (reported, and compared by name only).
    var unreadableColumns: [String]

    var rules: TableEvolutionChecker.Rules {
        TableEvolutionChecker.Rules(dataSourceFormat: dataSourceFormat, properties: properties)
    }

    init(json: JSONObject) throws(FederationError) {
        guard let name = json["name"]?.stringValue else { throw .invalidResponse("a table without a name") }
        self.name = name
        catalogName = json["catalog_name"]?.stringValue ?? ""
        schemaName = json["schema_name"]?.stringValue ?? ""
        tableID = json["table_id"]?.stringValue ?? "\(catalogName).\(schemaName).\(name)"
        dataSourceFormat = json["data_source_format"]?.stringValue
        tableType = json["table_type"]?.stringValue
        storageLocation = json["storage_location"]?.stringValue
        createdAt = json["created_at"]?.integerValue
        var properties: [String: String] = [:]
        for member in json["properties"]?.objectValue ?? [:] {
            properties[member.key] = member.value.stringValue ?? JSONWriter.string(member.value)
        }
        self.properties = properties
        var columns: [(position: Int, column: TableColumn)] = []
        var unreadable: [String] = []
        for (index, value) in (json["columns"]?.arrayValue ?? []).enumerated() {
            guard let info = value.objectValue else { continue }
            do {
                columns.append((Int(info["position"]?.integerValue ?? Int64(index)), try Self.column(info)))
            } catch {
                let columnName = info["name"]?.stringValue ?? "#\(index)"
                unreadable.append("column \(columnName): \(error)")
                columns.append((index, TableColumn(name: columnName, type: .other(info["type_text"]?.stringValue ?? "unknown"))))
            }
        }
        self.columns = columns.sorted { $0.position < $1.position }.map(\.column)
        unreadableColumns = unreadable
    }

    /// A `ColumnInfo`: `type_json` (a Spark `StructField`) when present, else `type_text`,
    /// else `type_name` with `type_precision`/`type_scale`.
    static func column(_ info: JSONObject) throws(TableSchemaError) -> TableColumn {
        guard let name = info["name"]?.stringValue else { throw .invalidType("a column without a name") }
        var column: TableColumn
        if let text = info["type_json"]?.stringValue, !text.isEmpty, let json = try? JSONParser().parse(text) {
            column = try TableColumn(sparkField: json)
            column.name = name
        } else if let text = info["type_text"]?.stringValue, !text.isEmpty {
            column = TableColumn(name: name, type: try TableColumnType(typeText: text))
        } else if let typeName = info["type_name"]?.stringValue {
            var type = TableColumnType.primitive(named: typeName) ?? .other(typeName)
            if case .decimal = type {
                type = .decimal(
                    precision: Int(info["type_precision"]?.integerValue ?? 10), scale: Int(info["type_scale"]?.integerValue ?? 0))
            }
            column = TableColumn(name: name, type: type)
        } else {
            throw .invalidType("column \(name) has no type_json, type_text or type_name")
        }
        if case .bool(let nullable)? = info["nullable"] { column.nullable = nullable }
        if let comment = info["comment"]?.stringValue { column.comment = comment }
        return column
    }

    /// Columns sent as an `iceberg` schema: Iceberg's or Spark's struct notation
    /// (`{"type":"struct","fields":[...]}`), a list of Unity Catalog `ColumnInfo`s, or an object with `columns`.
    static func columns(fromSchemaText text: String) throws(TableSchemaError) -> [TableColumn] {
        let json: JSONValue
        do {
            json = try JSONParser().parse(text)
        } catch {
            throw .invalidType("the schema is not JSON: \(error)")
        }
        if let object = json.objectValue, object["type"]?.stringValue == "struct" {
            if IcebergSchemaJSON.isIcebergStruct(json) { return try IcebergSchemaJSON.columns(json) }
            guard case .structure(let fields) = try TableColumnType(sparkJSON: json) else { return [] }
            return fields
        }
        guard let list = json.arrayValue ?? json.objectValue?["columns"]?.arrayValue else {
            throw .invalidType("expected a struct type, a list of columns or {\"columns\": [...]}")
        }
        var columns: [TableColumn] = []
        for value in list {
            guard let info = value.objectValue else { throw .invalidType("a column must be an object") }
            columns.append(try column(info))
        }
        return columns
    }

    /// The table as version 1 of its subject: its columns in Iceberg's notation, the Avro
    /// record they map to and the table's facts in `metadata`.
    func federated(subject: String) -> FederatedSchema {
        var metadata: JSONObject = ["table_id": .string(tableID)]
        if let tableType { metadata["table_type"] = .string(tableType) }
        if let dataSourceFormat { metadata["data_source_format"] = .string(dataSourceFormat) }
        if let storageLocation { metadata["storage_location"] = .string(storageLocation) }
        metadata["evolution_rules"] = .string(rules.description)
        metadata["avro_schema"] = .string(TableAvroMapping.avroSchema(columns: columns, name: name, namespace: "\(catalogName).\(schemaName)"))
        return FederatedSchema(
            id: tableID, subject: subject, version: 1, format: .iceberg, content: IcebergSchemaJSON.text(columns: columns), metadata: metadata,
            createdAt: createdAt)
    }
}
