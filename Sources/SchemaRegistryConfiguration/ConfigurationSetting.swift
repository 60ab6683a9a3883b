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
        ConfigurationSetting(
            section: "server", key: "host", summary: "address to listen on",
            apply: { configuration, text in
                guard !text.isEmpty else { return "an address or host name" }
                configuration.server.host = text
                return nil
            }, show: { $0.server.host }),
        ConfigurationSetting(
            section: "server", key: "port", summary: "port to listen on (0 picks a free one)",
            apply: { configuration, text in
                guard let port = Int(text), (0...65535).contains(port) else { return "a port number from 0 to 65535" }
                configuration.server.port = port
                return nil
            }, show: { String($0.server.port) }),
        ConfigurationSetting(
            section: "server", key: "max_request_bytes", summary: "largest accepted request body in bytes (413 beyond)",
            apply: { configuration, text in
                guard let bytes = Int(text), bytes > 0 else { return "a positive number of bytes" }
                configuration.server.maxRequestBytes = bytes
                return nil
            }, show: { String($0.server.maxRequestBytes) }),
        ConfigurationSetting(
            section: "storage", key: "url", summary: "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:",
            apply: { configuration, text in
                let schemes = ["sqlite:", "postgres://", "postgresql://", "memory:"]
                guard text == "memory" || schemes.contains(where: { text.hasPrefix($0) }) else {
                    return "sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or memory:"
                }
                configuration.storage.url = text
                return nil
            }, show: { $0.storage.url }),
        ConfigurationSetting(
            section: "registry", key: "default_compatibility", summary: "compatibility level where none is configured",
            apply: { configuration, text in
                guard let level = CompatibilityLevel(name: text.uppercased()) else {
                    return "one of " + CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", ")
                }
                configuration.registry.defaultCompatibility = level
                return nil
            }, show: { $0.registry.defaultCompatibility.rawValue }),
        ConfigurationSetting(
            section: "registry", key: "incompatible_error_code",
            summary: "error_code of an incompatible registration: 409 (what clients expect) or 40901 (newest Confluent)",
            apply: { configuration, text in
                guard let code = Int(text), code == 409 || code == 40901 else { return "409 or 40901" }
                configuration.registry.incompatibleErrorCode = code
                return nil
            }, show: { String($0.registry.incompatibleErrorCode) }),
        ConfigurationSetting(
            section: "registry", key: "validate_new_schemas",
            summary: "hold new schemas to the strict rules where no config says otherwise (Confluent's schema.validate.new.schemas)",
            apply: { configuration, text in
                guard let flag = Bool(text.lowercased()) else { return "true or false" }
                configuration.registry.validateNewSchemas = flag
                return nil
            }, show: { String($0.registry.validateNewSchemas) }),
        ConfigurationSetting(
            section: "metrics", key: "enabled", summary: "serve GET /metrics in Prometheus's text format",
            apply: { configuration, text in
                guard let flag = Bool(text.lowercased()) else { return "true or false" }
                configuration.metrics.enabled = flag
                return nil
            }, show: { String($0.metrics.enabled) }),
        ConfigurationSetting(
            section: "logging", key: "level", summary: "lowest level written: trace, debug, info, notice, warning, error or critical",
            apply: { configuration, text in
                guard logLevels.contains(text.lowercased()) else { return "one of " + logLevels.joined(separator: ", ") }
                configuration.logging.level = text.lowercased()
                return nil
            }, show: { $0.logging.level }),
        ConfigurationSetting(
            section: "logging", key: "format", summary: "text (for people) or json (one object per line)",
            apply: { configuration, text in
                guard ["text", "json"].contains(text.lowercased()) else { return "text or json" }
                configuration.logging.format = text.lowercased()
                return nil
            }, show: { $0.logging.format }),
        ConfigurationSetting(
            section: "logging", key: "requests", summary: "level of one line per request (method, path, route, status, duration), or off",
            apply: { configuration, text in
                guard text.lowercased() == "off" || logLevels.contains(text.lowercased()) else {
                    return "off or one of " + logLevels.joined(separator: ", ")
                }
                configuration.logging.requests = text.lowercased()
                return nil
            }, show: { $0.logging.requests }),
    ]

    /// swift-log's levels, lowest first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The sections, in the order they first appear in `all`.
    public static var sections: [String] {
        var seen: [String] = []
        for setting in all where !seen.contains(setting.section) { seen.append(setting.section) }
        return seen
    }
}
