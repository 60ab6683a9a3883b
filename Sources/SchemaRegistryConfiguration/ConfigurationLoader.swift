import Foundation
import Yams

/// Builds a `RegistryConfiguration` from the built-in defaults, a YAML file and the
/// environment, in that order; the command line's flags are applied by the caller last.
///
/// The file is a mapping of sections to mappings of settings:
///
/// ```yaml
/// server:
///   port: 8081
/// storage:
///   url: postgres://sr:${DB_PASSWORD}@db.internal/registry?sslmode=require
/// ```
///
/// Values may use `${NAME}` and `${NAME:-default}`. Any key that is not a setting, and any
/// value a setting cannot take, stops the load with one line naming it; a setting's
/// variable (`SCHEMA_REGISTRY_SERVER_PORT`) overrides the file. Other variables that start
/// with `SCHEMA_REGISTRY_` are not ours to judge (clients and tests use the prefix too) and
/// are left alone.
public enum ConfigurationLoader {
    /// The configuration from `file` (none: the defaults) with `environment` applied over it.
    public static func load(file: String?, environment: [String: String]) throws(ConfigurationError) -> RegistryConfiguration {
        var configuration = RegistryConfiguration()
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .unreadable(file: file, reason: (error as NSError).localizedDescription)
            }
            try apply(yaml: text, named: file, environment: environment, to: &configuration)
        }
        try applyEnvironment(environment, to: &configuration)
        return configuration
    }

    /// Applies the settings of a YAML document.
    public static func apply(
        yaml text: String, named file: String, environment: [String: String], to configuration: inout RegistryConfiguration
    ) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .malformed(location: file, reason: "invalid YAML: \(oneLine(error))")
        } catch {
            throw .malformed(location: file, reason: "invalid YAML: \(error)")
        }
        // An empty file (or one of comments only) leaves the defaults.
        guard let root else { return }
        guard let sections = root.mapping else {
            throw .malformed(location: location(file, root), reason: "expected a mapping of sections (\(ConfigurationSetting.sections.joined(separator: ", ")))")
        }
        for (sectionKey, sectionValue) in sections {
            guard let section = sectionKey.scalar?.string else {
                throw .malformed(location: location(file, sectionKey), reason: "a section name must be a plain word")
            }
            let settings = ConfigurationSetting.all.filter { $0.section == section }
            guard !settings.isEmpty else {
                throw .unknownKey(location: location(file, sectionKey), key: section, known: ConfigurationSetting.sections)
            }
            // `section:` with nothing under it sets nothing.
            if sectionValue.scalar?.string == "" || sectionValue.null != nil { continue }
            guard let entries = sectionValue.mapping else {
                throw .malformed(location: location(file, sectionValue), reason: "\(section) must be a mapping of its settings (\(settings.map(\.key).joined(separator: ", ")))")
            }
            for (key, value) in entries {
                guard let name = key.scalar?.string, let setting = settings.first(where: { $0.key == name }) else {
                    throw .unknownKey(location: location(file, key), key: section + "." + (key.scalar?.string ?? "?"), known: settings.map(\.key))
                }
                guard let scalar = value.scalar else {
                    throw .badValue(location: location(file, value), setting: setting.path, value: "a list or mapping", expected: "a single value")
                }
                let where_ = location(file, value)
                let text = try VariableExpansion.expand(scalar.string, environment: environment) { name in
                    .undefinedVariable(location: where_, name: name)
                }
                if let expected = setting.apply(text, to: &configuration) {
                    throw .badValue(location: where_, setting: setting.path, value: text, expected: expected)
                }
            }
        }
    }

    /// Applies every setting whose variable is set.
    public static func applyEnvironment(_ environment: [String: String], to configuration: inout RegistryConfiguration) throws(ConfigurationError) {
        for setting in ConfigurationSetting.all {
            guard let text = environment[setting.environmentVariable] else { continue }
            if let expected = setting.apply(text, to: &configuration) {
                throw .badValue(location: setting.environmentVariable, setting: setting.path, value: text, expected: expected)
            }
        }
    }

    private static func location(_ file: String, _ node: Node) -> String {
        guard let mark = node.mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    private static func oneLine(_ error: YamlError) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "unreadable"
    }
}
