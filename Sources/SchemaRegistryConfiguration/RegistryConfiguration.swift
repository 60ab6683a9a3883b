import SchemaRegistryAPI

/// Everything `schema-registry serve` can be told, after the config file, the environment and
/// the command line have been applied in that order (each overriding the one before).
///
/// Sections mirror the file's top-level keys, so a setting has one name everywhere:
/// `server.port` in the file, `SCHEMA_REGISTRY_SERVER_PORT` in the environment.
public struct RegistryConfiguration: Sendable, Equatable {
    /// The HTTP listener.
    public struct Server: Sendable, Equatable {
        /// The address to listen on.
        public var host = "127.0.0.1"
        /// The port to listen on; 0 picks a free one.
        public var port = 8081
        /// The largest request body accepted; larger ones get 413.
        public var maxRequestBytes = 16 * 1024 * 1024
        /// Seconds a client has to send a whole request, from opening the connection or the
        /// end of its previous request; 0 for no limit.
        public var requestTimeoutSeconds = 60
        /// Requests per second on one connection (429 beyond); 0 for no limit.
        public var connectionRequestsPerSecond = 0.0
        /// Requests per second of one authenticated principal (429 beyond); 0 for no limit.
        public var principalRequestsPerSecond = 0.0
    }

    /// Where the registry keeps its state.
    public struct Storage: Sendable, Equatable {
        /// `sqlite:PATH`, `postgres://USER:PASSWORD@HOST:PORT/DB` (or `postgresql://`), or `memory:`.
        public var url = "sqlite:./data/schema-registry.db"
    }

    /// The registry's own defaults, where no stored config says otherwise.
    public struct Registry: Sendable, Equatable {
        /// The compatibility level where none is configured.
        public var defaultCompatibility: CompatibilityLevel = .backward
        /// The `error_code` of an incompatible registration: 409 (what clients expect) or
        /// 40901 (what Confluent's newest servers send).
        public var incompatibleErrorCode = 409
        /// Whether new schemas are held to the strict rules (Confluent's
        /// `schema.validate.new.schemas`) where no config's `validateNewSchemas` says otherwise.
        public var validateNewSchemas = true
        /// Which Protobuf changes compatibility counts: `confluent` (Confluent's verdicts) or
        /// `extended` (also the changes Confluent lets through although readers misread them).
        public var protobufCompatibilityChecks = "confluent"
    }

    /// What the server reports about itself.
    public struct Metrics: Sendable, Equatable {
        /// Whether `GET /metrics` serves Prometheus's text format (404 otherwise, as Confluent).
        public var enabled = true
    }

    /// What the server writes to standard error.
    public struct Logging: Sendable, Equatable {
        /// The lowest level written: trace, debug, info, notice, warning, error or critical.
        public var level = "info"
        /// `text` for people, `json` for log pipelines.
        public var format = "text"
        /// The level of the one line per answered request, or `off` for none.
        public var requests = "off"
    }

    /// Who may call.
    public struct Auth: Sendable, Equatable {
        /// A users file (`NAME:BCRYPT-HASH` lines) for HTTP Basic; empty: no authentication.
        public var basicUsersFile = ""
        /// Whether `/health/*` needs credentials too.
        public var protectHealth = false
        /// Whether `/metrics` needs credentials too.
        public var protectMetrics = false
        /// A JWKS file (RSA, EC and `oct` keys) that bearer tokens are verified against; empty:
        /// no bearer authentication.
        public var jwtJWKSFile = ""
        /// The `iss` bearer tokens must carry; empty: any.
        public var jwtIssuer = ""
        /// A value the tokens' `aud` must contain; empty: any.
        public var jwtAudience = ""
        /// The claim that names the principal.
        public var jwtPrincipalClaim = "sub"
        /// The claim that lists the principal's groups (a string or an array of strings).
        public var jwtGroupsClaim = "groups"
        /// A YAML file of access rules; empty: every authenticated principal may do everything.
        public var rulesFile = ""
        /// Where the audit log goes: a file path, `stdout`, or empty for none.
        public var auditLog = ""
    }

    /// TLS on the listener, and client certificates (mutual TLS).
    public struct TLS: Sendable, Equatable {
        /// The server's certificate chain (PEM); empty: plain HTTP.
        public var certFile = ""
        /// The certificate's private key (PEM).
        public var keyFile = ""
        /// The authorities client certificates are verified against (PEM); empty: the
        /// system's.
        public var clientCAFile = ""
        /// `none`, `request` (a certificate is verified when sent; credentials may stand in for
        /// it) or `require` (the handshake fails without one).
        public var clientAuth = "none"
        /// How a client certificate names its principal: `dn` (the whole subject,
        /// `CN=orders,O=Acme`, as Kafka names TLS principals) or `cn` (its common name).
        public var clientPrincipal = "dn"
    }

    public var server = Server()
    public var tls = TLS()
    public var storage = Storage()
    public var registry = Registry()
    public var metrics = Metrics()
    public var logging = Logging()
    public var auth = Auth()

    /// The built-in defaults, what `serve` uses with no file, variables or flags.
    public init() {}
}
