import ArgumentParser
import Foundation
import JSONModel
import SchemaRegistryClient
import SchemaRegistryMigration

/// `schema-registry export`: a registry's subjects, versions with their ids, soft-deleted
/// markers, references, metadata, rule sets, configs and modes, as one JSON file
/// (`docs/MIGRATION.md` describes the format).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a registry's schemas, ids, versions, configs and modes as an export file.",
        discussion: "The file goes to standard output unless --output names one. Exit status: 0 done, 1 failed."
    )

    @OptionGroup var connection: RegistryConnectionOptions

    @OptionGroup var selection: SubjectSelectionOptions

    @Flag(help: "Take soft-deleted versions and subjects too, marked as deleted.")
    var includeDeleted = false

    @Option(help: "Write the file here instead of standard output.")
    var output: String?

    @Option(help: "Write a folder instead: registry.json and one subjects/<name>.json per subject.")
    var dir: String?

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func run() async throws {
        let exporter = RegistryExporter(
            client: try connection.client(), selection: selection.selection, includeDeleted: includeDeleted)
        let progress = ProgressLine(enabled: !quiet)
        let export = try await MigrationRun.export(with: exporter, source: connection.registry, progress: progress)
        if let dir {
            do {
                try export.write(toDirectory: dir)
            } catch {
                throw MigrationRun.failure("\(error)")
            }
            return
        }
        let text = JSONWriter.string(export.json) + "\n"
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// `schema-registry import`: fills a registry from an export file with every id and version
/// kept, through IMPORT mode; refuses before writing when the target's ids or versions
/// conflict, and skips what is already there, so an interrupted import is resumed by running
/// it again.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Fill a registry from an export file, ids and versions kept.",
        discussion: "Exit status: 0 imported (or nothing to do), 1 refused or failed."
    )

    @OptionGroup var connection: RegistryConnectionOptions

    @Argument(help: "The export file or folder (- for standard input).")
    var file: String

    @Flag(help: "Only say what would be imported, and what is in the way.")
    var dryRun = false

    @Flag(help: "Skip the final check that the registry holds the export.")
    var noVerify = false

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func run() async throws {
        let export: RegistryExport
        do {
            if file == "-" {
                export = try RegistryExport(json: try JSONParser().parse(Array(FileHandle.standardInput.readDataToEndOfFile())))
            } else {
                export = try RegistryExport(contentsOf: file)
            }
        } catch let error as JSONParseError {
            throw MigrationRun.failure("\(file): not JSON: \(error)")
        } catch {
            throw MigrationRun.failure("\(file): \(error)")
        }
        let client = try connection.client()
        try await MigrationRun.importAndVerify(
            export, into: client, dryRun: dryRun, verify: !noVerify, progress: ProgressLine(enabled: !quiet))
    }
}

/// `schema-registry migrate`: export from one registry and import into another in one step,
/// then check that both hold the same ids, versions and texts.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every schema, id, version, config and mode from one registry to another.",
        discussion: """
            Works between any Confluent-compatible registries (Confluent, Karapace, Redpanda, ours). \
            Soft-deleted versions are copied too (consumers may still hold their ids) unless \
            --skip-deleted. Exit status: 0 migrated and verified, 1 refused, failed or different.
            """
    )

    @Option(help: "The registry to copy from.")
    var from: String

    @Option(help: "The registry to copy to.")
    var to: String

    @Option(help: "USER:PASSWORD for the source (or SCHEMA_REGISTRY_FROM_BASIC_AUTH).")
    var fromBasicAuth: String?

    @Option(help: "A bearer token for the source (or SCHEMA_REGISTRY_FROM_BEARER_TOKEN).")
    var fromBearerToken: String?

    @Option(help: "USER:PASSWORD for the target (or SCHEMA_REGISTRY_TO_BASIC_AUTH).")
    var toBasicAuth: String?

    @Option(help: "A bearer token for the target (or SCHEMA_REGISTRY_TO_BEARER_TOKEN).")
    var toBearerToken: String?

    @OptionGroup var selection: SubjectSelectionOptions

    @Flag(help: "Leave soft-deleted versions behind.")
    var skipDeleted = false

    @Flag(help: "Only say what would be copied, and what is in the way.")
    var dryRun = false

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func run() async throws {
        let source = try RegistryCredentialsText(basicAuth: fromBasicAuth, bearerToken: fromBearerToken, environmentPrefix: "FROM_")
            .client(url: from, label: "--from-basic-auth")
        let target = try RegistryCredentialsText(basicAuth: toBasicAuth, bearerToken: toBearerToken, environmentPrefix: "TO_")
            .client(url: to, label: "--to-basic-auth")
        let progress = ProgressLine(enabled: !quiet)
        let exporter = RegistryExporter(
            client: source, selection: selection.selection, includeDeleted: !skipDeleted)
        let export = try await MigrationRun.export(with: exporter, source: from, progress: progress)
        try await MigrationRun.importAndVerify(export, into: target, dryRun: dryRun, verify: true, progress: progress)
    }
}

/// The steps the three commands share, with their progress and their messages.
enum MigrationRun {
    static func export(with exporter: RegistryExporter, source: String, progress: ProgressLine) async throws -> RegistryExport {
        do {
            let names = try await exporter.subjectNames()
            progress.begin("exporting", total: names.count, unit: "subjects")
            let export = try await exporter.export(source: source) { subject in progress.advance(detail: subject.subject) }
            progress.finish()
            return export
        } catch {
            throw failure("\(error)")
        }
    }

    static func importAndVerify(
        _ export: RegistryExport, into client: SchemaRegistryClient, dryRun: Bool, verify: Bool, progress: ProgressLine
    ) async throws {
        let importer = RegistryImporter(client: client)
        do {
            let plan = try await importer.plan(export)
            if dryRun {
                print(summary(plan, export: export, dryRun: true))
                for conflict in plan.conflicts { print("conflict: \(conflict)") }
                if !plan.conflicts.isEmpty { throw ExitCode(1) }
                return
            }
            progress.begin("importing", total: plan.registrationCount)
            try await importer.run(export, plan: plan) { step in progress.advance(detail: step.subject) }
            progress.finish()
            print(summary(plan, export: export, dryRun: false))
            guard verify else { return }
            let differences = try await MigrationVerifier(client: client).differences(from: export)
            guard differences.isEmpty else { throw MigrationError.verificationFailed(differences) }
            print("verified: the target holds every id, version and text of the export")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw failure("\(error)")
        }
    }

    static func summary(_ plan: RegistryImporter.Plan, export: RegistryExport, dryRun: Bool) -> String {
        let verb = dryRun ? "would register" : "registered"
        return "\(export.subjects.count) subjects, \(export.versionCount) versions in the export: \(verb) \(plan.registrationCount), "
            + "\(plan.alreadyPresent) already present, \(plan.deletions.count) to soft-delete again"
    }

    /// An error written as one line (or a list) on standard error, with exit status 1.
    static func failure(_ message: String) -> Error {
        FileHandle.standardError.write(Data(("schema-registry: " + message + "\n").utf8))
        return ExitCode(1)
    }
}
