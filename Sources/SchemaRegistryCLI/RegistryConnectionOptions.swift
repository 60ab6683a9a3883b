import ArgumentParser
import Foundation
import SchemaRegistryClient
import SchemaRegistryMigration

/// Credentials as the client library takes them (HTTP Basic or a bearer token), from flags or
/// else from the environment, where secrets stay out of the process list.
struct RegistryCredentialsText {
    /// `USER:PASSWORD` for HTTP Basic.
    var basicAuth: String?
    /// A bearer token.
    var bearerToken: String?

    /// The flags given, else `SCHEMA_REGISTRY_<prefix>BASIC_AUTH` and
    /// `SCHEMA_REGISTRY_<prefix>BEARER_TOKEN` (`prefix` is `FROM_` or `TO_` for migrate).
    init(basicAuth: String?, bearerToken: String?, environmentPrefix prefix: String = "") {
        let environment = ProcessInfo.processInfo.environment
        self.basicAuth = basicAuth ?? environment["SCHEMA_REGISTRY_\(prefix)BASIC_AUTH"]
        self.bearerToken = bearerToken ?? environment["SCHEMA_REGISTRY_\(prefix)BEARER_TOKEN"]
    }

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

/// `--basic-auth` / `--bearer-token` (or `SCHEMA_REGISTRY_BASIC_AUTH` /
/// `SCHEMA_REGISTRY_BEARER_TOKEN`).
struct RegistryCredentialOptions: ParsableArguments {
    @Option(help: "USER:PASSWORD for HTTP Basic (or SCHEMA_REGISTRY_BASIC_AUTH).")
    var basicAuth: String?

    @Option(help: "A bearer token (or SCHEMA_REGISTRY_BEARER_TOKEN).")
    var bearerToken: String?

    /// A client for `url` with these credentials.
    func client(url: String) throws -> SchemaRegistryClient {
        try RegistryCredentialsText(basicAuth: basicAuth, bearerToken: bearerToken).client(url: url, label: "--basic-auth")
    }
}

/// `--registry URL` and its credentials.
struct RegistryConnectionOptions: ParsableArguments {
    @Option(help: "The registry's URL (any Confluent-compatible API).")
    var registry: String

    @OptionGroup var credentials: RegistryCredentialOptions

    /// The client.
    func client() throws -> SchemaRegistryClient {
        try credentials.client(url: registry)
    }
}

/// `--subjects GLOB` and `--context C`: which subjects export and migrate take.
struct SubjectSelectionOptions: ParsableArguments {
    @Option(help: "Only subjects matching this glob (* and ?), without their context prefix.")
    var subjects: String?

    @Option(help: "Only this context (.tenant-a; . for the default one); every context otherwise.")
    var context: String?

    var selection: SubjectSelection { SubjectSelection(glob: subjects, context: context) }
}
