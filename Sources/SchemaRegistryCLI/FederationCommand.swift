import ArgumentParser
import Federation
import Foundation

/// `schema-registry federation --config registries.yaml`: one API over several registries
/// (Confluent-compatible ones, AWS Glue, Unity Catalog).
struct FederationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federation",
        abstract: "Serve one API over many schema registries (Confluent-compatible, AWS Glue, Unity Catalog).",
        discussion: """
            The YAML file lists the registries (id, type, enabled, url, auth, timeout, metadata); \
            ${VAR} and ${VAR:-default} in its values come from the environment.
            """
    )

    @Option(help: "The registries' YAML file.")
    var config: String

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8000

    @Option(help: "How many subjects of one registry a bulk operation works on at once.")
    var concurrency = 8

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: config), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read \(config)")
        }
        let service: FederationService
        do {
            let configuration = try FederationConfiguration.parse(yaml: text, environment: ProcessInfo.processInfo.environment)
            service = try FederationService(configuration: configuration, perRegistryConcurrency: max(1, concurrency))
        } catch let error as FederationConfigurationError {
            FileHandle.standardError.write(Data("schema-registry federation: \(config): \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("schema-registry federation: \(config): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let host = self.host
        let ids = service.members.map(\.configuration.id).joined(separator: ", ")
        try await FederationServer(api: FederationAPI(service: service), host: host, port: port).run { port in
            FileHandle.standardOutput.write(Data("schema-registry federation listening on http://\(host):\(port) (registries: \(ids))\n".utf8))
        }
    }
}
