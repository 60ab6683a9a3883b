import Foundation
import JSONModel
import SchemaRegistryAPI

/// Writes a registry's current state as a `SchemaFolder`: the latest live version of each
/// subject in a file of its own, exactly as the registry stores it (so a plan of the folder
/// against the same registry finds every schema and changes nothing), and a `registry.yaml`
/// with the references, levels and modes.
public enum SchemaFolderWriter {
    /// Writes `export` into `directory` (created if missing) and returns how many subjects
    /// were written; subjects whose versions are all soft-deleted are left out.
    @discardableResult
    public static func write(_ export: RegistryExport, to directory: String) throws(MigrationError) -> Int {
        let root = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw .malformedFolder("\(directory): \(error)")
        }
        var yaml = "# The desired state of a schema registry (schema-registry plan / apply).\n"
        if let level = export.global.compatibilityLevel { yaml += "compatibility: \(level)\n" }
        if !export.contexts.isEmpty {
            yaml += "contexts:\n"
            for context in export.contexts {
                var settings: [String] = []
                if let level = context.settings.compatibilityLevel { settings.append("compatibility: \(level)") }
                if let mode = context.settings.mode { settings.append("mode: \(mode)") }
                yaml += "  \(quoted(context.name)): {\(settings.joined(separator: ", "))}\n"
            }
        }
        yaml += "subjects:\n"
        var written = 0
        var used: Set<String> = []
        for subject in export.subjects {
            guard let latest = subject.versions.last(where: { !$0.deleted }) else { continue }
            let type = latest.definition.schemaType
            let file = uniqueFileName(subject.subject, used: &used) + "." + type.fileExtension
            do {
                try Data(latest.definition.schema.utf8).write(to: root.appendingPathComponent(file))
            } catch {
                throw .malformedFolder("\(file): \(error)")
            }
            yaml += "  \(quoted(subject.subject)):\n"
            yaml += "    file: \(quoted(file))\n"
            if !latest.definition.references.isEmpty {
                yaml += "    references:\n"
                for r in latest.definition.references {
                    yaml += "      - {name: \(quoted(r.name)), subject: \(quoted(r.subject)), version: \(r.version)}\n"
                }
            }
            if let level = subject.settings.compatibilityLevel { yaml += "    compatibility: \(level)\n" }
            if let mode = subject.settings.mode { yaml += "    mode: \(mode)\n" }
            if let metadata = latest.definition.metadata { yaml += "    metadata: \(JSONWriter.string(metadata))\n" }
            if let ruleSet = latest.definition.ruleSet { yaml += "    ruleSet: \(JSONWriter.string(ruleSet))\n" }
            written += 1
        }
        if written == 0 { yaml += "  {}\n" }
        do {
            try Data(yaml.utf8).write(to: root.appendingPathComponent(SchemaFolder.manifestName))
        } catch {
            throw .malformedFolder("\(SchemaFolder.manifestName): \(error)")
        }
        return written
    }

    /// `fileName(subject)`, with `_` appended until no earlier subject of this write has it:
    /// two subjects can differ only in characters that `fileName` replaces.
    static func uniqueFileName(_ subject: String, used: inout Set<String>) -> String {
        var name = fileName(subject)
        while used.contains(name) { name += "_" }
        used.insert(name)
        return name
    }

    /// A file name for a subject: characters outside letters, digits, `.`, `-` and `_` become `_`.
    static func fileName(_ subject: String) -> String {
        let name = String(subject.unicodeScalars.map { c -> Character in
            CharacterSet.alphanumerics.contains(c) && c.isASCII || "-_.".unicodeScalars.contains(c) ? Character(c) : "_"
        })
        return name.isEmpty || name.hasPrefix(".") ? "_" + name : name
    }

    /// A YAML scalar in double quotes, escaped as JSON (a subset of YAML's double-quoted style).
    static func quoted(_ text: String) -> String {
        JSONWriter.string(.string(text))
    }
}
