import ArgumentParser
import Foundation
import SchemaRegistryClient

/// How a command reaches a registry: its URL and credentials as the client library takes them
/// (HTTP Basic or a bearer token). Secrets can come from the environment instead of the
/// command line, where other users of the machine would see them.
struct RegistryCredentialsText {
    /// `USER:PASSWORD` for HTTP Basic.
    var basicAuth: String?
    /// A bearer token.
    var bearerToken: String?

    /// The client's credentials; `label` names the option in an error.
    func credentials(label: String) throws -> SchemaRegistryCredentials? {
        if let basicAuth, !basicAuth.isEmpty {
            guard let colon = basicAuth.firstIndex(of: ":") else {
                throw ValidationError("\(label): expected USER:PASSWORD")
            }
            return .basic(username: String(basicAuth[..<colon]), password: String(basicAuth[basicAuth.index(after: colon)...]))
        }
        if let bearerToken, !bearerToken.isEmpty { return .bearer(token: bearerToken) }
        return nil
    }

    /// A client for `url` with these credentials, with a cache sized for reading every version once.
    func client(url: String, label: String) throws -> SchemaRegistryClient {
        var configuration = SchemaRegistryClientConfiguration(url: url, credentials: try credentials(label: label))
        configuration.cacheCapacity = 64
        return try SchemaRegistryClient(configuration: configuration)
    }
}

/// `--registry URL` with `--basic-auth` / `--bearer-token` (or `SCHEMA_REGISTRY_BASIC_AUTH` /
/// `SCHEMA_REGISTRY_BEARER_TOKEN`).
struct RegistryConnectionOptions: ParsableArguments {
    @Option(help: "The registry's URL (any Confluent-compatible API).")
    var registry: String

    @Option(help: "USER:PASSWORD for HTTP Basic (or SCHEMA_REGISTRY_BASIC_AUTH).")
    var basicAuth: String?

    @Option(help: "A bearer token (or SCHEMA_REGISTRY_BEARER_TOKEN).")
    var bearerToken: String?

    /// The client.
    func client() throws -> SchemaRegistryClient {
        let environment = ProcessInfo.processInfo.environment
        return try RegistryCredentialsText(
            basicAuth: basicAuth ?? environment["SCHEMA_REGISTRY_BASIC_AUTH"],
            bearerToken: bearerToken ?? environment["SCHEMA_REGISTRY_BEARER_TOKEN"]
        ).client(url: registry, label: "--basic-auth")
    }
}
