import ArgumentParser
import Foundation
import SchemaRegistryConfiguration

/// `schema-registry config ...`: configuration tools.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Configuration file tools.",
        subcommands: [ConfigCheckCommand.self]
    )
}

/// `schema-registry config check FILE`: what `serve --config FILE` would run with, or the one
/// line that would stop it, without starting anything.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file (with the environment's overrides) without starting the server.",
        discussion: "Prints every setting's effective value (passwords left out), or the first problem and exits 1."
    )

    @Argument(help: "The YAML configuration file.")
    var file: String

    func run() async throws {
        let (configuration, storage) = try ResolvedConfiguration.resolve(file: file, environment: ProcessInfo.processInfo.environment, flags: [])
        // The files `auth` names are read as `serve` would, so a bad rule stops here too.
        _ = try await SecuritySetup.load(configuration, opensAuditLog: false)
        var lines = ["\(file): ok"]
        for setting in ConfigurationSetting.all {
            let value = setting.path == "storage.url" ? storage.description : setting.value(in: configuration)
            lines.append("\(setting.path): \(value)")
        }
        print(lines.joined(separator: "\n"))
    }
}

/// The configuration `serve` runs with: defaults, then the file, then the environment, then
/// the flags, with the storage URL parsed as the store will read it.
enum ResolvedConfiguration {
    static func resolve(
        file: String?, environment: [String: String], flags: [(flag: String, path: String, value: String?)]
    ) throws(ConfigurationError) -> (RegistryConfiguration, StorageURL) {
        var configuration = try ConfigurationLoader.load(file: file, environment: environment)
        for (flag, path, value) in flags {
            guard let value, let setting = ConfigurationSetting.all.first(where: { $0.path == path }) else { continue }
            if let expected = setting.apply(value, to: &configuration) {
                throw .badValue(location: flag, setting: path, value: value, expected: expected)
            }
        }
        do {
            return (configuration, try StorageURL(configuration.storage.url))
        } catch {
            let reason = (error as? ValidationError)?.message ?? String(describing: error)
            throw .malformed(location: "storage.url", reason: reason)
        }
    }
}
