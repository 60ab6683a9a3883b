import Foundation
import SchemaRegistryConfiguration
import Yams

/// What `schema-registry federation --config registries.yaml` reads: the registries to
/// federate, each with its kind, address, credentials and limits.
public struct FederationConfiguration: Sendable {
    /// Every registry of the file, in its order (the order answers list them in).
    public var registries: [RegistryConfiguration]

    /// Creates a configuration from parts.
    public init(registries: [RegistryConfiguration]) {
        self.registries = registries
    }

    /// The registries with `enabled: true` (the default).
    public var enabledRegistries: [RegistryConfiguration] { registries.filter(\.enabled) }

    /// Parses the YAML text, expanding `${VAR}` references in every string value.
    ///
    /// - Throws: a `FederationConfigurationError` naming the entry and key at fault.
    public static func parse(yaml text: String, environment: [String: String]) throws(FederationConfigurationError) -> FederationConfiguration {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            // Yams points at the place over several lines; start-up reports one.
            throw .invalidYAML("\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        }
        guard let root = document as? [String: Any] else {
            throw .invalidYAML("the document must be a mapping with a `registries` list")
        }
        guard let entries = root["registries"] as? [Any] else {
            throw .invalidYAML("`registries` must be a list")
        }
        var registries: [RegistryConfiguration] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let place = "registries[\(index)]"
            guard let fields = entry as? [String: Any] else {
                throw .invalidEntry(place, "must be a mapping")
            }
            let registry = try RegistryConfiguration(fields: fields, place: place, environment: environment)
            guard seen.insert(registry.id).inserted else {
                throw .invalidEntry(place, "duplicate id \"\(registry.id)\"")
            }
            registries.append(registry)
        }
        return FederationConfiguration(registries: registries)
    }
}

/// One registry of the configuration.
public struct RegistryConfiguration: Sendable {
    /// The name answers use for this registry (`my-confluent-sr`); unique in the file.
    public var id: String
    /// Which protocol it speaks.
    public var kind: RegistryKind
    /// Disabled registries are kept in the file but take part in nothing.
    public var enabled: Bool
    /// The base URL. For Glue it may be left out, meaning AWS's endpoint for the region.
    public var url: String?
    /// Credentials; never written to an answer or a log.
    public var auth: RegistryAuth
    /// How long one call to this registry may take before it is reported as timed out.
    public var timeout: Duration
    /// Free settings of the backend (`catalog: main` for Unity Catalog).
    public var metadata: [String: String]

    /// Creates a registry entry from parts.
    public init(
        id: String, kind: RegistryKind, enabled: Bool = true, url: String?, auth: RegistryAuth = RegistryAuth(), timeout: Duration = .seconds(30),
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.enabled = enabled
        self.url = url
        self.auth = auth
        self.timeout = timeout
        self.metadata = metadata
    }

    /// Reads one entry; `${VAR}` and `${VAR:-default}` in its values expand from `environment`
    /// as in `serve`'s configuration file (`$${` is a literal `${`).
    init(fields: [String: Any], place entry: String, environment: [String: String]) throws(FederationConfigurationError) {
        // Names the entry in errors; its id joins it once read.
        var place = entry
        func text(_ value: Any?, _ key: String) throws(FederationConfigurationError) -> String? {
            guard let value, !(value is NSNullLike) else { return nil }
            let raw: String
            switch value {
            case let string as String: raw = string
            case let number as Int: raw = String(number)
            case let number as Double: raw = String(number)
            case let flag as Bool: raw = flag ? "true" : "false"
            default: throw .invalidEntry(place, "`\(key)` must be a scalar")
            }
            do throws(ConfigurationError) {
                return try VariableExpansion.expand(raw, environment: environment) { .undefinedVariable(location: "\(place).\(key)", name: $0) }
            } catch .undefinedVariable(_, let name) {
                throw .missingVariable(name, at: "\(place).\(key)")
            } catch {
                throw .invalidEntry(place, error.description)
            }
        }
        let known: Set<String> = ["id", "type", "enabled", "url", "auth", "timeout", "metadata"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidEntry(place, "unknown key `\(unknown)` (expected id, type, enabled, url, auth, timeout, metadata)")
        }
        guard let id = try text(fields["id"], "id"), !id.isEmpty else {
            throw .invalidEntry(place, "`id` is required")
        }
        // `errors` is the key multi-registry answers list failures under.
        guard id != "errors" else { throw .invalidEntry(place, "`errors` is reserved; choose another id") }
        place = "\(entry) (\(id))"
        guard let typeName = try text(fields["type"], "type") else {
            throw .invalidEntry(place, "`type` is required (confluent, glue or unity_catalog)")
        }
        guard let kind = RegistryKind(configName: typeName) else {
            throw .invalidEntry(place, "unknown type \"\(typeName)\" (confluent, glue or unity_catalog)")
        }
        var enabled = true
        if let flag = fields["enabled"] {
            if let value = flag as? Bool {
                enabled = value
            } else {
                switch try text(flag, "enabled")?.lowercased() {
                case "true", "yes", "on", "1": enabled = true
                case "false", "no", "off", "0": enabled = false
                default: throw .invalidEntry(place, "`enabled` must be true or false")
                }
            }
        }
        let url = try text(fields["url"], "url").flatMap { $0.isEmpty ? nil : $0 }
        if url == nil && kind != .glue {
            throw .invalidEntry(place, "`url` is required for type \(kind.rawValue)")
        }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalidEntry(place, "`url` must start with http:// or https://")
        }
        // Credentials in the URL would be shown wherever the URL is (health, errors).
        if let url, url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).dropFirst(2).first?.contains("@") == true {
            throw .invalidEntry(place, "`url` must not hold credentials; put them under `auth`")
        }
        var timeout = Duration.seconds(30)
        if let value = try text(fields["timeout"], "timeout") {
            guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                throw .invalidEntry(place, "`timeout` must be a positive number of seconds, at most 86400")
            }
            timeout = .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var auth = RegistryAuth()
        if let value = fields["auth"], !(value is NSNullLike) {
            guard let authFields = value as? [String: Any] else {
                throw .invalidEntry(place, "`auth` must be a mapping")
            }
            for key in authFields.keys.sorted() {
                guard RegistryAuth.keys.contains(key) else {
                    throw .invalidEntry(place, "unknown auth key `\(key)` (expected \(RegistryAuth.keys.joined(separator: ", ")))")
                }
                // An empty value (`${AWS_SESSION_TOKEN:-}`) is no value.
                auth[key] = try text(authFields[key], "auth.\(key)").flatMap { $0.isEmpty ? nil : $0 }
            }
        }
        var metadata: [String: String] = [:]
        if let value = fields["metadata"], !(value is NSNullLike) {
            guard let metadataFields = value as? [String: Any] else {
                throw .invalidEntry(place, "`metadata` must be a mapping")
            }
            for (key, value) in metadataFields {
                metadata[key] = try text(value, "metadata.\(key)")
            }
        }
        self.init(id: id, kind: kind, enabled: enabled, url: url, auth: auth, timeout: timeout, metadata: metadata)
    }
}

/// YAML's `null` as Yams loads it.
private typealias NSNullLike = NSNull

/// The protocols a federated registry can speak.
public enum RegistryKind: String, Hashable, Sendable, CaseIterable {
    /// Confluent's REST API v1: ours, Confluent, Karapace, Redpanda, Apicurio's ccompat.
    case confluent
    /// AWS Glue Schema Registry over the AWS JSON 1.1 protocol.
    case glue
    /// The Unity Catalog REST API (open source, and Databricks').
    case unityCatalog = "unity_catalog"

    /// Reads `type:`, also accepting `unity-catalog` and upper case.
    public init?(configName: String) {
        self.init(rawValue: configName.lowercased().replacingOccurrences(of: "-", with: "_"))
    }
}

/// Credentials of every kind; each backend reads the ones that apply to it.
///
/// `description` prints which fields are set, never their values, so a configuration can be
/// logged whole.
public struct RegistryAuth: Sendable, CustomStringConvertible {
    /// HTTP Basic user (Confluent-compatible registries).
    public var username: String?
    /// HTTP Basic password.
    public var password: String?
    /// Confluent Cloud's API key, sent as the Basic user.
    public var apiKey: String?
    /// Confluent Cloud's API secret, sent as the Basic password.
    public var apiSecret: String?
    /// A bearer token (a Confluent-compatible registry behind OAuth, or a Databricks token).
    public var token: String?
    /// AWS access key id (Glue).
    public var accessKeyID: String?
    /// AWS secret access key (Glue).
    public var secretAccessKey: String?
    /// AWS session token, for temporary credentials (Glue).
    public var sessionToken: String?
    /// AWS region (Glue).
    public var region: String?
    /// The Glue registry whose schemas are the subjects.
    public var registryName: String?

    /// No credentials.
    public init() {}

    /// The configuration file's keys.
    static let keys = [
        "access_key_id", "api_key", "api_secret", "password", "region", "registry_name", "secret_access_key", "session_token", "token", "username",
    ]

    /// A field by its configuration key (`nil` for any other key).
    subscript(key: String) -> String? {
        get {
            switch key {
            case "username": return username
            case "password": return password
            case "api_key": return apiKey
            case "api_secret": return apiSecret
            case "token": return token
            case "access_key_id": return accessKeyID
            case "secret_access_key": return secretAccessKey
            case "session_token": return sessionToken
            case "region": return region
            case "registry_name": return registryName
            default: return nil
            }
        }
        set {
            switch key {
            case "username": username = newValue
            case "password": password = newValue
            case "api_key": apiKey = newValue
            case "api_secret": apiSecret = newValue
            case "token": token = newValue
            case "access_key_id": accessKeyID = newValue
            case "secret_access_key": secretAccessKey = newValue
            case "session_token": sessionToken = newValue
            case "region": region = newValue
            case "registry_name": registryName = newValue
            default: break
            }
        }
    }

    public var description: String {
        "RegistryAuth(\(Self.keys.filter { self[$0] != nil }.joined(separator: ", ")))"
    }
}
