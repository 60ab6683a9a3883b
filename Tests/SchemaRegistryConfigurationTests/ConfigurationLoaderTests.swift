import Foundation
import SchemaRegistryAPI
import SchemaRegistryConfiguration
import Testing

/// `serve --config FILE`: a YAML file of sections, `SCHEMA_REGISTRY_<SECTION>_<KEY>`
/// variables over it, `${VAR}` inside it, and one clear line for anything it cannot use.
@Suite("Configuration file and environment")
struct ConfigurationLoaderTests {
    func load(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> RegistryConfiguration {
        var configuration = RegistryConfiguration()
        try ConfigurationLoader.apply(yaml: yaml, named: "registry.yaml", environment: environment, to: &configuration)
        try ConfigurationLoader.applyEnvironment(environment, to: &configuration)
        return configuration
    }

    func refusal(_ yaml: String, environment: [String: String] = [:]) -> String? {
        do {
            _ = try load(yaml, environment: environment)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("no file and no variables: the flags' old defaults")
    func defaults() throws {
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:])
        #expect(configuration == RegistryConfiguration())
        #expect(configuration.server.host == "127.0.0.1" && configuration.server.port == 8081)
        #expect(configuration.storage.url == "sqlite:./data/schema-registry.db")
        #expect(configuration.registry.defaultCompatibility == .backward && configuration.registry.incompatibleErrorCode == 409)
        #expect(configuration.registry.validateNewSchemas && configuration.server.maxRequestBytes == 16 << 20)
    }

    @Test("every setting from the file")
    func everySetting() throws {
        let configuration = try load(
            """
            # comments are fine
            server:
              host: 0.0.0.0
              port: 9091
              max_request_bytes: 1048576
            storage:
              url: "memory:"
            registry:
              default_compatibility: full_transitive
              incompatible_error_code: 40901
              validate_new_schemas: false
            metrics:
              enabled: false
            logging:
              level: WARNING
              format: json
              requests: info
            """)
        #expect(configuration.server.host == "0.0.0.0" && configuration.server.port == 9091 && configuration.server.maxRequestBytes == 1_048_576)
        #expect(configuration.storage.url == "memory:")
        #expect(configuration.registry.defaultCompatibility == .fullTransitive && configuration.registry.incompatibleErrorCode == 40901)
        #expect(configuration.registry.validateNewSchemas == false && configuration.metrics.enabled == false)
        #expect(configuration.logging.level == "warning" && configuration.logging.format == "json" && configuration.logging.requests == "info")
    }

    @Test("an empty file, or an empty section, leaves the defaults")
    func empty() throws {
        #expect(try load("") == RegistryConfiguration())
        #expect(try load("# nothing yet\n") == RegistryConfiguration())
        #expect(try load("server:\nregistry:\n") == RegistryConfiguration())
    }

    @Test("a setting's variable overrides the file; other SCHEMA_REGISTRY_ variables are not ours and are ignored")
    func environmentOverrides() throws {
        let configuration = try load(
            "server:\n  port: 9091\n  host: 10.0.0.1\n",
            environment: [
                "SCHEMA_REGISTRY_SERVER_PORT": "9092", "SCHEMA_REGISTRY_STORAGE_URL": "sqlite:/var/lib/sr.db",
                "SCHEMA_REGISTRY_URL": "http://elsewhere:8081",
            ])
        #expect(configuration.server.port == 9092 && configuration.server.host == "10.0.0.1")
        #expect(configuration.storage.url == "sqlite:/var/lib/sr.db")
    }

    @Test("${VAR} and ${VAR:-default} expand inside values; $${ is a literal ${; other dollars stay")
    func variables() throws {
        let configuration = try load(
            """
            storage:
              url: postgres://sr:${DB_PASSWORD}@${DB_HOST:-localhost}:5432/registry
            server:
              host: ${LISTEN:-127.0.0.2}
            """, environment: ["DB_PASSWORD": "s3cret"])
        #expect(configuration.storage.url == "postgres://sr:s3cret@localhost:5432/registry")
        #expect(configuration.server.host == "127.0.0.2")
        let env = ["EMPTY": "", "SET": "x"]
        let undefined = { (name: String) in ConfigurationError.undefinedVariable(location: "t", name: name) }
        #expect(try VariableExpansion.expand("a$${b}c", environment: env, undefined: undefined) == "a${b}c")
        #expect(try VariableExpansion.expand("$2b$12$abc", environment: env, undefined: undefined) == "$2b$12$abc")
        #expect(try VariableExpansion.expand("${EMPTY:-d}|${EMPTY}|${SET:-d}", environment: env, undefined: undefined) == "d||x")
    }

    @Test("a variable that is not set and has no default is named, with where it is used")
    func undefinedVariable() {
        #expect(
            refusal("storage:\n  url: postgres://sr:${DB_PASSWORD}@db/registry\n")
                == "registry.yaml:2:8: ${DB_PASSWORD} is not set and has no default (write ${DB_PASSWORD:-default})")
    }

    @Test("unknown keys are named with their position and the keys that exist there")
    func unknownKeys() {
        #expect(refusal("server:\n  prot: 8081\n") == "registry.yaml:2:3: unknown key 'server.prot' (known here: host, port, max_request_bytes, request_timeout_seconds, connection_requests_per_second, principal_requests_per_second)")
        #expect(refusal("listeners:\n  port: 8081\n") == "registry.yaml:1:1: unknown key 'listeners' (known here: server, tls, storage, registry, metrics, logging, auth)")
    }

    @Test("a value the setting cannot take is named with what it expects", arguments: [
        ("server:\n  port: 80801\n", "registry.yaml:2:9: server.port cannot be '80801': expected a port number from 0 to 65535"),
        ("server:\n  max_request_bytes: -1\n", "registry.yaml:2:22: server.max_request_bytes cannot be '-1': expected a positive number of bytes"),
        ("storage:\n  url: mysql://db\n", "registry.yaml:2:8: storage.url cannot be 'mysql://db': expected sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:"),
        ("registry:\n  default_compatibility: SOMETIMES\n", "registry.yaml:2:26: registry.default_compatibility cannot be 'SOMETIMES': expected one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE"),
        ("registry:\n  incompatible_error_code: 400\n", "registry.yaml:2:28: registry.incompatible_error_code cannot be '400': expected 409 or 40901"),
        ("registry:\n  validate_new_schemas: maybe\n", "registry.yaml:2:25: registry.validate_new_schemas cannot be 'maybe': expected true or false"),
        ("logging:\n  requests: loud\n", "registry.yaml:2:13: logging.requests cannot be 'loud': expected off or one of trace, debug, info, notice, warning, error, critical"),
        ("server:\n  port: [1, 2]\n", "registry.yaml:2:9: server.port cannot be 'a list or mapping': expected a single value"),
    ])
    func badValues(yaml: String, message: String) {
        #expect(refusal(yaml) == message)
    }

    @Test("a bad value in a variable names the variable")
    func badVariable() {
        #expect(
            refusal("", environment: ["SCHEMA_REGISTRY_SERVER_PORT": "http"])
                == "SCHEMA_REGISTRY_SERVER_PORT: server.port cannot be 'http': expected a port number from 0 to 65535")
    }

    @Test("a file that is not a mapping of sections, sets a key twice or is not YAML at all")
    func malformed() {
        #expect(refusal("- server\n") == "registry.yaml:1:1: expected a mapping of sections (server, tls, storage, registry, metrics, logging, auth)")
        #expect(refusal("server: 8081\n") == "registry.yaml:1:9: server must be a mapping of its settings (host, port, max_request_bytes, request_timeout_seconds, connection_requests_per_second, principal_requests_per_second)")
        #expect(refusal("server:\n  port: 1\n  port: 2\n")?.hasPrefix("registry.yaml: invalid YAML: ") == true)
        #expect(refusal("server:\n  port: [1\n")?.hasPrefix("registry.yaml: invalid YAML: ") == true)
        // An unquoted `memory:` reads as a key: quote it, or write `memory`.
        #expect(refusal("storage:\n  url: memory:\n")?.hasPrefix("registry.yaml: invalid YAML: ") == true)
        #expect((try? load("storage:\n  url: memory\n"))?.storage.url == "memory")
    }

    @Test("a file that cannot be read is named")
    func unreadable() {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: "/nonexistent/registry.yaml", environment: [:]) }
    }

    @Test("every setting has a distinct variable named after its section and key")
    func variableNames() {
        let names = ConfigurationSetting.all.map(\.environmentVariable)
        #expect(Set(names).count == names.count)
        #expect(names.contains("SCHEMA_REGISTRY_SERVER_MAX_REQUEST_BYTES") && names.contains("SCHEMA_REGISTRY_STORAGE_URL"))
    }
}
