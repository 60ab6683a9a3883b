import SchemaRegistryAPI

/// One setting: where it lives in the file, its environment variable, and how its text
/// becomes a value. The file, the environment and `config check` all read this one table,
/// so a new setting is added in one place.
public struct ConfigurationSetting: Sendable {
    /// The file's top-level key the setting is under.
    public let section: String
    /// The setting's key inside its section.
    public let key: String
    /// What the setting does, for `config keys` and the README.
    public let summary: String
    /// Sets the value from its text, or says what it expected.
    let apply: @Sendable (inout RegistryConfiguration, String) -> String?
    /// The value as text, for `config check`.
    let show: @Sendable (RegistryConfiguration) -> String

    /// `section.key`, the name used in messages.
    public var path: String { section + "." + key }

    /// `SCHEMA_REGISTRY_<SECTION>_<KEY>`.
    public var environmentVariable: String { "SCHEMA_REGISTRY_" + section.uppercased() + "_" + key.uppercased() }

    /// Applies `text`; the description of what was expected when it does not fit.
    public func apply(_ text: String, to configuration: inout RegistryConfiguration) -> String? {
        apply(&configuration, text)
    }

    /// The setting's value in `configuration`, as text.
    public func value(in configuration: RegistryConfiguration) -> String { show(configuration) }

    /// Every setting, in the order `config check` lists them.
    public static let all: [ConfigurationSetting] = [
        setting("server", "host", "address to listen on", \.server.host, expected: "an address or host name", parse: { $0.isEmpty ? nil : $0 }),
        setting(
            "server", "port", "port to listen on (0 picks a free one)", \.server.port, expected: "a port number from 0 to 65535",
            parse: { Int($0).flatMap { (0...65535).contains($0) ? $0 : nil } }),
        setting(
            "server", "max_request_bytes", "largest accepted request body in bytes (413 beyond)", \.server.maxRequestBytes,
            expected: "a positive number of bytes", parse: { Int($0).flatMap { $0 > 0 ? $0 : nil } }),
        setting(
            "server", "request_timeout_seconds", "seconds to send a whole request, from connecting or the previous request's end; 0 for none",
            \.server.requestTimeoutSeconds, expected: "a number of seconds, 0 or more", parse: { Int($0).flatMap { $0 >= 0 ? $0 : nil } }),
        setting(
            "server", "connection_requests_per_second", "requests per second on one connection, 429 beyond; 0 for no limit",
            \.server.connectionRequestsPerSecond, expected: "a rate, 0 or more", parse: rate, show: { "\($0)" }),
        setting(
            "server", "principal_requests_per_second", "requests per second of one authenticated principal, 429 beyond; 0 for no limit",
            \.server.principalRequestsPerSecond, expected: "a rate, 0 or more", parse: rate, show: { "\($0)" }),
        setting(
            "tls", "cert_file", "PEM certificate chain of the listener; empty for plain HTTP", \.tls.certFile, expected: "a file path",
            parse: { $0 }),
        setting("tls", "key_file", "PEM private key of tls.cert_file", \.tls.keyFile, expected: "a file path", parse: { $0 }),
        setting(
            "tls", "client_ca_file", "PEM authorities client certificates are verified against; empty for the system's", \.tls.clientCAFile,
            expected: "a file path", parse: { $0 }),
        choice(
            "tls", "client_auth", "client certificates: none, request (verified when sent) or require", \.tls.clientAuth,
            ["none", "request", "require"], expected: "none, request or require"),
        choice(
            "tls", "client_principal", "a client certificate's principal: dn (its whole subject) or cn (its common name)",
            \.tls.clientPrincipal, ["dn", "cn"], expected: "dn or cn"),
        setting(
            "storage", "url", "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:", \.storage.url,
            expected: "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:",
            parse: { text in
                text == "memory" || ["sqlite:", "postgres://", "postgresql://", "memory:"].contains(where: { text.hasPrefix($0) }) ? text : nil
            }),
        setting(
            "registry", "default_compatibility", "compatibility level where none is configured", \.registry.defaultCompatibility,
            expected: "one of " + CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", "),
            parse: { CompatibilityLevel(name: $0.uppercased()) }, show: \.rawValue),
        setting(
            "registry", "incompatible_error_code",
            "error_code of an incompatible registration: 409 (what clients expect) or 40901 (newest Confluent)", \.registry.incompatibleErrorCode,
            expected: "409 or 40901", parse: { Int($0).flatMap { $0 == 409 || $0 == 40901 ? $0 : nil } }),
        flag(
            "registry", "validate_new_schemas",
            "hold new schemas to the strict rules where no config says otherwise (Confluent's schema.validate.new.schemas)",
            \.registry.validateNewSchemas),
        choice(
            "registry", "protobuf_compatibility_checks",
            "Protobuf changes compatibility counts: confluent (its verdicts, exactly) or extended (also syntax, proto3 repeated, required and closed-enum changes)",
            \.registry.protobufCompatibilityChecks, ["confluent", "extended"], expected: "confluent or extended"),
        flag("metrics", "enabled", "serve GET /metrics in Prometheus's text format", \.metrics.enabled),
        choice(
            "logging", "level", "lowest level written: trace, debug, info, notice, warning, error or critical", \.logging.level, logLevels,
            expected: "one of " + logLevels.joined(separator: ", ")),
        choice("logging", "format", "text (for people) or json (one object per line)", \.logging.format, ["text", "json"], expected: "text or json"),
        choice(
            "logging", "requests", "level of one line per request (method, path, route, status, duration), or off", \.logging.requests,
            ["off"] + logLevels, expected: "off or one of " + logLevels.joined(separator: ", ")),
        setting(
            "auth", "basic_users_file", "users file (NAME:BCRYPT-HASH lines, as htpasswd -B writes) for HTTP Basic; empty for none",
            \.auth.basicUsersFile, expected: "a file path", parse: { $0 }),
        flag("auth", "protect_health", "whether /health/live and /health/ready need credentials too", \.auth.protectHealth),
        flag("auth", "protect_metrics", "whether /metrics needs credentials too", \.auth.protectMetrics),
        setting(
            "auth", "jwt_jwks_file", "JWKS file (RSA, EC and oct keys) bearer tokens are verified against; empty for no bearer tokens",
            \.auth.jwtJWKSFile, expected: "a file path", parse: { $0 }),
        setting("auth", "jwt_issuer", "iss bearer tokens must carry; empty for any", \.auth.jwtIssuer, expected: "an issuer", parse: { $0 }),
        setting(
            "auth", "jwt_audience", "a value bearer tokens' aud must contain; empty for any", \.auth.jwtAudience, expected: "an audience",
            parse: { $0 }),
        setting(
            "auth", "jwt_principal_claim", "the bearer token claim that names the principal", \.auth.jwtPrincipalClaim,
            expected: "a claim name", parse: { $0.isEmpty ? nil : $0 }),
        setting(
            "auth", "jwt_groups_claim", "the bearer token claim that lists the principal's groups", \.auth.jwtGroupsClaim,
            expected: "a claim name", parse: { $0.isEmpty ? nil : $0 }),
        setting(
            "auth", "rules_file", "YAML file of access rules (who may read, write, delete, config, admin what); empty lets every user do all",
            \.auth.rulesFile, expected: "a file path", parse: { $0 }),
        setting(
            "auth", "audit_log", "where every write and denial is written, one JSON line each: a file path, stdout, or empty for none",
            \.auth.auditLog, expected: "a file path or stdout", parse: { $0 }),
    ]

    /// A finite rate, 0 or more.
    static let rate: @Sendable (String) -> Double? = { text in
        Double(text).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
    }

    /// A setting whose text `parse` turns into the value at `path` (`nil`: not `expected`).
    static func setting<Value>(
        _ section: String, _ key: String, _ summary: String, _ path: WritableKeyPath<RegistryConfiguration, Value> & Sendable,
        expected: String, parse: @escaping @Sendable (String) -> Value?,
        show: @escaping @Sendable (Value) -> String = { "\($0)" }
    ) -> ConfigurationSetting {
        ConfigurationSetting(
            section: section, key: key, summary: summary,
            apply: { configuration, text in
                guard let value = parse(text) else { return expected }
                configuration[keyPath: path] = value
                return nil
            }, show: { show($0[keyPath: path]) })
    }

    /// A `true` or `false` setting (any case).
    static func flag(_ section: String, _ key: String, _ summary: String, _ path: WritableKeyPath<RegistryConfiguration, Bool> & Sendable)
        -> ConfigurationSetting
    {
        setting(section, key, summary, path, expected: "true or false", parse: { Bool($0.lowercased()) })
    }

    /// A setting that is one of `choices` (any case, kept in lower case).
    static func choice(
        _ section: String, _ key: String, _ summary: String, _ path: WritableKeyPath<RegistryConfiguration, String> & Sendable, _ choices: [String],
        expected: String
    ) -> ConfigurationSetting {
        setting(section, key, summary, path, expected: expected, parse: { choices.contains($0.lowercased()) ? $0.lowercased() : nil })
    }

    /// swift-log's levels, lowest first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The sections, in the order they first appear in `all`.
    public static var sections: [String] {
        var seen: [String] = []
        for setting in all where !seen.contains(setting.section) { seen.append(setting.section) }
        return seen
    }
}
