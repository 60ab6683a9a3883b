import ArgumentParser
import Foundation
import Logging
import Protobuf
import SchemaRegistryConfiguration
import SchemaRegistryCore
import SchemaRegistryPostgres
import SchemaRegistryServer
import SchemaRegistrySQLite

/// `schema-registry serve`: the Confluent-compatible REST server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the schema registry server (Confluent REST API v1).",
        discussion: """
            Storage URLs: sqlite:PATH (the default, created on first start) keeps everything in one \
            SQLite file; postgres://USER:PASSWORD@HOST:PORT/DB (also postgresql://; password also from \
            PGPASSWORD; ?sslmode=disable|prefer|require|verify-full) keeps it in PostgreSQL, creating its \
            tables on first start; memory: keeps nothing after the process ends.
            """
    )

    @Option(
        help: """
            YAML configuration file (README, "Configuration"). SCHEMA_REGISTRY_<SECTION>_<KEY> variables \
            override it, and the flags below override both.
            """)
    var config: String?

    @Option(help: "Address to listen on (server.host, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on, 0 picks a free one (server.port, default 8081).")
    var port: String?

    @Option(help: "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB, or memory: (storage.url, default sqlite:./data/schema-registry.db).")
    var storage: String?

    @Option(help: "Compatibility level where none is configured (registry.default_compatibility, default BACKWARD).")
    var defaultCompatibility: String?

    @Option(
        help: """
            error_code of an incompatible registration: 409 (what clients expect) or 40901 (newest Confluent) \
            (registry.incompatible_error_code, default 409).
            """)
    var incompatibleErrorCode: String?

    @Option(help: "Largest accepted request body in bytes, 413 beyond (server.max_request_bytes, default 16777216).")
    var maxRequestBytes: String?

    @Option(
        help: """
            Hold new schemas to the strict rules (Avro: ASCII names and namespaces, valid defaults) where no \
            config's validateNewSchemas says otherwise: true or false (registry.validate_new_schemas, default true; \
            Confluent's schema.validate.new.schemas).
            """)
    var validateNewSchemas: String?

    @Option(help: "Serve GET /metrics in Prometheus's text format: true or false (metrics.enabled, default true).")
    var metrics: String?

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error or critical (logging.level, default info).")
    var logLevel: String?

    @Option(help: "Log lines as text or json (logging.format, default text).")
    var logFormat: String?

    @Option(help: "Level of one log line per request, or off (logging.requests, default off).")
    var logRequests: String?

    @Option(help: "Users file for HTTP Basic authentication, NAME:BCRYPT-HASH lines (auth.basic_users_file; none by default).")
    var basicUsersFile: String?

    /// The flags given, by the setting each one overrides.
    var flagSettings: [(flag: String, path: String, value: String?)] {
        [
            ("--host", "server.host", host), ("--port", "server.port", port), ("--max-request-bytes", "server.max_request_bytes", maxRequestBytes),
            ("--storage", "storage.url", storage), ("--default-compatibility", "registry.default_compatibility", defaultCompatibility),
            ("--incompatible-error-code", "registry.incompatible_error_code", incompatibleErrorCode),
            ("--validate-new-schemas", "registry.validate_new_schemas", validateNewSchemas),
            ("--metrics", "metrics.enabled", metrics),
            ("--log-level", "logging.level", logLevel), ("--log-format", "logging.format", logFormat),
            ("--log-requests", "logging.requests", logRequests),
            ("--basic-users-file", "auth.basic_users_file", basicUsersFile),
        ]
    }

    func run() async throws {
        let (configuration, storageURL) = try ResolvedConfiguration.resolve(
            file: config, environment: ProcessInfo.processInfo.environment, flags: flagSettings)
        let options = RegistryOptions(
            defaultCompatibility: configuration.registry.defaultCompatibility,
            incompatibleSchemaErrorCode: configuration.registry.incompatibleErrorCode,
            validateNewSchemas: configuration.registry.validateNewSchemas)
        let format = RegistryLogHandler.Format(rawValue: configuration.logging.format) ?? .text
        let level = Logger.Level(rawValue: configuration.logging.level) ?? .info
        LoggingSystem.bootstrap { label in RegistryLogHandler(label: label, format: format, level: level) }
        let requestLog = Logger.Level(rawValue: configuration.logging.requests).map {
            RequestLog(logger: Logger(label: "schema-registry.requests"), level: $0)
        }
        let security = try await SecuritySetup.load(configuration)
        let metrics = configuration.metrics.enabled ? RegistryMetrics() : nil
        let server = SchemaRegistryServer(
            host: configuration.server.host, port: configuration.server.port, maximumBodySize: configuration.server.maxRequestBytes,
            metrics: metrics, requestLog: requestLog, accessControl: security.accessControl,
            auditLog: security.auditLog, tls: security.tls,
            limits: RequestLimits(
                connectionRequestsPerSecond: Self.positive(configuration.server.connectionRequestsPerSecond),
                principalRequestsPerSecond: Self.positive(configuration.server.principalRequestsPerSecond),
                requestTimeout: configuration.server.requestTimeoutSeconds > 0 ? .seconds(configuration.server.requestTimeoutSeconds) : nil))
        let host = configuration.server.host
        let protobufChecks = ProtoCompatibilityChecks(rawValue: configuration.registry.protobufCompatibilityChecks) ?? .confluent
        let scheme = security.tls == nil ? "http" : "https"
        try await server.run(
            load: {
                let store = try await storageURL.makeStore()
                return try await Registry(
                    store: store, formats: [
                        AvroSchemaFormat(), JSONSchemaFormat(),
                        ProtobufSchemaFormat(compatibilityChecks: protobufChecks),
                    ], options: options, observer: metrics)
            },
            onListening: { port in
                let line = "schema-registry listening on \(scheme)://\(host):\(port) (storage \(storageURL))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
    }
}

extension ServeCommand {
    /// A rate setting as a limit: 0 means none.
    static func positive(_ rate: Double) -> Double? { rate > 0 ? rate : nil }
}

/// A `--storage` URL.
enum StorageURL: CustomStringConvertible {
    case memory
    case sqlite(path: String)
    case postgres(PostgresStorageURL, text: String)

    init(_ text: String) throws {
        if text == "memory:" || text == "memory" {
            self = .memory
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("sqlite: needs a path, e.g. sqlite:./data/schema-registry.db") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            do {
                self = .postgres(try PostgresStorageURL(text, environment: ProcessInfo.processInfo.environment), text: text)
            } catch {
                throw ValidationError(error.description)
            }
        } else {
            throw ValidationError("unknown storage \(text): use sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:")
        }
    }

    var description: String {
        switch self {
        case .memory: return "memory:"
        case .sqlite(let path): return "sqlite:" + path
        case .postgres(let url, _): return url.description
        }
    }

    func makeStore() async throws -> any RegistryStore {
        switch self {
        case .memory: return MemoryRegistryStore()
        case .sqlite(let path): return try SQLiteRegistryStore(path: path)
        case .postgres(_, let text): return try await PostgresRegistryStore.open(url: text)
        }
    }
}
