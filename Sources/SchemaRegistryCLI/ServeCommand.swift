import ArgumentParser
import Foundation
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

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8081

    @Option(help: "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB, or memory:.")
    var storage = "sqlite:./data/schema-registry.db"

    @Option(help: "Compatibility level where none is configured.")
    var defaultCompatibility = "BACKWARD"

    @Option(help: "error_code of an incompatible registration: 409 (what clients expect) or 40901 (newest Confluent).")
    var incompatibleErrorCode = 409

    @Option(help: "Largest accepted request body in bytes (413 beyond).")
    var maxRequestBytes = 16 * 1024 * 1024

    @Option(
        help: """
            Hold new schemas to the strict rules (Avro: ASCII names and namespaces, valid defaults) where no \
            config's validateNewSchemas says otherwise: true or false (Confluent's schema.validate.new.schemas).
            """)
    var validateNewSchemas = true

    func validate() throws {
        guard CompatibilityLevel(name: defaultCompatibility) != nil else {
            throw ValidationError("unknown compatibility level \(defaultCompatibility)")
        }
        guard incompatibleErrorCode == 409 || incompatibleErrorCode == 40901 else {
            throw ValidationError("--incompatible-error-code must be 409 or 40901")
        }
        _ = try StorageURL(storage)
    }

    func run() async throws {
        let storageURL = try StorageURL(storage)
        let options = RegistryOptions(
            defaultCompatibility: CompatibilityLevel(name: defaultCompatibility) ?? .backward,
            incompatibleSchemaErrorCode: incompatibleErrorCode, validateNewSchemas: validateNewSchemas)
        let server = SchemaRegistryServer(host: host, port: port, maximumBodySize: maxRequestBytes)
        let host = self.host
        try await server.run(
            load: {
                let store = try await storageURL.makeStore()
                return try await Registry(store: store, formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()], options: options)
            },
            onListening: { port in
                let line = "schema-registry listening on http://\(host):\(port) (storage \(storageURL))\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            })
    }
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
