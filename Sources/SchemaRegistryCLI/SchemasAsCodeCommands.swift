import ArgumentParser
import Foundation
import JSONModel
import SchemaRegistryClient
import SchemaRegistryCore
import SchemaRegistryMigration
import SchemaRegistryServer

/// `schema-registry plan`: what `apply` would change in a registry to match a schema folder,
/// each new version checked by the registry itself. Exit status 0 no changes, 2 changes, 1
/// something would fail, so a CI job can gate a pull request on it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change to bring a registry to a schema folder.",
        discussion: """
            Exit status: 0 no changes, 2 changes to make, 1 something would fail (or could not be \
            checked). With --against DIR_OR_EXPORT instead of --registry, the folder is checked \
            offline against an export file or a dumped folder, by a registry of ours started in \
            memory for the check.
            """
    )

    @OptionGroup var folder: SchemaFolderOptions

    @Option(help: "The registry's URL (or use --against).")
    var registry: String?

    @Option(help: "An export file or a dumped folder to check against, with no registry at hand.")
    var against: String?

    @OptionGroup var credentials: RegistryCredentialOptions

    @Option(help: "text (for people) or json (for bots).")
    var format: String = "text"

    func validate() throws {
        guard (registry == nil) != (against == nil) else { throw ValidationError("give --registry or --against, not both") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format: text or json") }
    }

    func run() async throws {
        let desired = try folder.load()
        let plan: SchemaPlan
        do {
            if let against {
                plan = try await OfflineRegistry.with(against) { client in
                    try await SchemaPlanner(client: client).plan(desired, prune: folder.prune)
                }
            } else {
                plan = try await SchemaPlanner(client: try credentials.client(url: registry!)).plan(desired, prune: folder.prune)
            }
        } catch let error as MigrationError {
            throw MigrationRun.failure("\(error)")
        }
        print(format == "json" ? JSONWriter.string(SchemaPlanText.json(plan)) : SchemaPlanText.text(plan), terminator: format == "json" ? "\n" : "")
        if plan.exitStatus != 0 { throw ExitCode(plan.exitStatus) }
    }
}

/// `schema-registry apply`: carries out the plan, references first, stopping at the first
/// failure; a second apply of the same folder does nothing.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Bring a registry to a schema folder: new subjects, versions, configs and modes.",
        discussion: "Plans first and changes nothing when any change would fail. Exit status: 0 done, 1 refused or failed."
    )

    @OptionGroup var folder: SchemaFolderOptions

    @OptionGroup var connection: RegistryConnectionOptions

    func run() async throws {
        let desired = try folder.load()
        let planner = SchemaPlanner(client: try connection.client())
        do {
            let plan = try await planner.plan(desired, prune: folder.prune)
            print(SchemaPlanText.text(plan), terminator: "")
            guard plan.failures.isEmpty else { throw ExitCode(1) }
            try await planner.apply(plan)
            if !plan.changes.isEmpty { print("applied \(plan.changes.count) change(s)") }
        } catch let error as MigrationError {
            throw MigrationRun.failure("\(error)")
        }
    }
}

/// `schema-registry dump`: a registry's current state as a schema folder (the latest version
/// of each subject, its references, config and mode), so a team can start from what it has.
struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write a registry's current state as a schema folder (registry.yaml and schema files)."
    )

    @OptionGroup var connection: RegistryConnectionOptions

    @Option(help: "The folder to write (created if missing).")
    var dir: String

    @Option(help: "Only subjects matching this glob (* and ?).")
    var subjects: String?

    func run() async throws {
        let exporter = RegistryExporter(client: try connection.client(), selection: SubjectSelection(glob: subjects))
        do {
            let export = try await exporter.export(source: connection.registry)
            let written = try SchemaFolderWriter.write(export, to: dir)
            print("wrote \(written) subject(s) and \(SchemaFolder.manifestName) to \(dir)")
        } catch {
            throw MigrationRun.failure("\(error)")
        }
    }
}

/// `--dir` and `--prune`, shared by plan and apply.
struct SchemaFolderOptions: ParsableArguments {
    @Option(help: "The schema folder (registry.yaml and schema files).")
    var dir: String

    @Flag(help: "Also delete (soft) subjects the registry has and the folder does not name.")
    var prune = false

    func load() throws -> SchemaFolder {
        do {
            return try SchemaFolder.load(dir)
        } catch {
            throw MigrationRun.failure("\(error)")
        }
    }
}

/// A registry of ours in memory on a loopback port, filled from an export file or a dumped
/// folder, for checking a folder offline with the registry's own rules.
enum OfflineRegistry {
    static func with<T: Sendable>(
        _ source: String, _ body: @Sendable (SchemaRegistryClient) async throws -> T
    ) async throws -> T {
        let ports = AsyncStream<Int>.makeStream()
        let server = SchemaRegistryServer(host: "127.0.0.1", port: 0)
        let running = Task {
            try await server.run(
                load: {
                    try await Registry(
                        store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()])
                },
                onListening: { port in
                    ports.continuation.yield(port)
                    ports.continuation.finish()
                })
        }
        defer { running.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw MigrationRun.failure("the offline registry did not start") }
        // Until the registry has loaded, the API answers 503, which the client retries.
        let client = try SchemaRegistryClient(url: "http://127.0.0.1:\(port)")
        var isDirectory: ObjCBool = false
        let exportFolder = URL(fileURLWithPath: source).appendingPathComponent(RegistryExport.directoryIndexName).path
        if FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue,
            !FileManager.default.fileExists(atPath: exportFolder)
        {
            let planner = SchemaPlanner(client: client)
            try await planner.apply(try await planner.plan(try SchemaFolder.load(source)))
        } else {
            try await RegistryImporter(client: client).run(try RegistryExport(contentsOf: source))
        }
        return try await body(client)
    }
}

/// The plan as people and bots read it.
enum SchemaPlanText {
    static func text(_ plan: SchemaPlan) -> String {
        var lines: [String] = []
        for change in plan.changes {
            switch change {
            case .setGlobalCompatibility(let from, let to): lines.append("~ global compatibility: \(from ?? "none") -> \(to)")
            case .setGlobalMode(let from, let to): lines.append("~ global mode: \(from ?? "none") -> \(to)")
            case .newSubject(let subject, let declared):
                lines.append("+ \(subject): new subject (\(declared.schemaType.rawValue), \(declared.file))")
            case .newVersion(let subject, let latest, let declared):
                lines.append("+ \(subject): new version \(latest + 1) (\(declared.file))")
            case .setCompatibility(let subject, let from, let to): lines.append("~ \(subject): compatibility \(from ?? "none") -> \(to)")
            case .setMode(let subject, let from, let to): lines.append("~ \(subject): mode \(from ?? "none") -> \(to)")
            case .deleteSubject(let subject): lines.append("- \(subject): deleted (--prune)")
            }
        }
        for failure in plan.failures {
            lines.append("! \(failure.subject): would be refused")
            for reason in failure.reasons { lines.append("    \(reason)") }
        }
        for subject in plan.unmanaged where !plan.changes.contains(.deleteSubject(subject)) {
            lines.append("? \(subject): in the registry, not in the folder (deleted only with --prune)")
        }
        let summary =
            plan.failures.isEmpty
            ? (plan.changes.isEmpty ? "no changes" : "\(plan.changes.count) change(s) to apply")
            : "\(plan.failures.count) subject(s) would be refused; \(plan.changes.count) other change(s)"
        return (lines + [summary]).joined(separator: "\n") + "\n"
    }

    static func json(_ plan: SchemaPlan) -> JSONValue {
        func change(_ change: SchemaPlan.Change) -> JSONValue {
            func object(_ kind: String, _ subject: String?, _ members: [(String, JSONValue)]) -> JSONValue {
                var o: JSONObject = ["change": .string(kind)]
                if let subject { o["subject"] = .string(subject) }
                for (k, v) in members { o[k] = v }
                return .object(o)
            }
            let text = { (s: String?) in s.map(JSONValue.string) ?? .null }
            switch change {
            case .setGlobalCompatibility(let from, let to): return object("compatibility", nil, [("from", text(from)), ("to", .string(to))])
            case .setGlobalMode(let from, let to): return object("mode", nil, [("from", text(from)), ("to", .string(to))])
            case .newSubject(let s, let d): return object("new_subject", s, [("file", .string(d.file)), ("schemaType", .string(d.schemaType.rawValue))])
            case .newVersion(let s, let latest, let d): return object("new_version", s, [("version", .integer(Int64(latest + 1))), ("file", .string(d.file))])
            case .setCompatibility(let s, let from, let to): return object("compatibility", s, [("from", text(from)), ("to", .string(to))])
            case .setMode(let s, let from, let to): return object("mode", s, [("from", text(from)), ("to", .string(to))])
            case .deleteSubject(let s): return object("delete_subject", s, [])
            }
        }
        return [
            "status": .string(plan.exitStatus == 0 ? "no_changes" : plan.exitStatus == 2 ? "changes" : "would_fail"),
            "changes": .array(plan.changes.map(change)),
            "failures": .array(plan.failures.map { ["subject": .string($0.subject), "reasons": .array($0.reasons.map(JSONValue.string))] }),
            "unmanaged": .array(plan.unmanaged.map(JSONValue.string)),
        ]
    }
}
