import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient

/// Writes a `RegistryExport` into a registry with every id and version number kept, through
/// IMPORT mode, so consumers holding ids from the source read the same schemas from the
/// target.
///
/// The import first reads what the target already has and refuses, before writing anything,
/// when an id or a version there differs from the export's. What the target holds exactly as
/// the export has it is skipped, which makes an interrupted import resumable: run it again.
///
/// Order: each subject goes into IMPORT mode (its own, so other subjects keep serving) and gets
/// its missing versions, subjects a reference names before the subjects naming them; then the
/// soft-deleted versions are deleted again, referrers first; then configs and modes are set,
/// subjects' last, which takes them out of IMPORT mode.
public struct RegistryImporter: Sendable {
    /// The registry written to.
    public let client: SchemaRegistryClient
    /// Requests in flight while reading the target.
    public var concurrency: Int

    /// Creates an importer.
    public init(client: SchemaRegistryClient, concurrency: Int = 8) {
        self.client = client
        self.concurrency = concurrency
    }

    /// What an import would do, from what the target holds now.
    public struct Plan: Sendable {
        /// Versions to register, per subject, oldest first; subjects in the order they go.
        public var registrations: [(subject: String, versions: [ExportedVersion])]
        /// Versions to soft-delete again, referrers first.
        public var deletions: [(subject: String, version: Int)]
        /// Versions the target already holds as the export has them.
        public var alreadyPresent: Int
        /// Subjects that already hold versions (and so need IMPORT mode with `force`).
        public var resumedSubjects: Set<String>
        /// What stands in the way; an import with conflicts writes nothing.
        public var conflicts: [ImportConflict]

        /// Versions to register, in all.
        public var registrationCount: Int { registrations.reduce(0) { $0 + $1.versions.count } }
    }

    /// What the target holds of one subject.
    struct TargetSubject: Sendable {
        var versions: [Int: RegisteredSchema] = [:]
        var live: Set<Int> = []
        /// The subject's effective mode (its own, its context's or the registry's), read only
        /// when it holds versions: a switch into IMPORT happens only from another mode.
        var mode: RegistryMode? = nil
    }

    /// Reads the target and works out the plan (writes nothing).
    public func plan(_ export: RegistryExport) async throws(MigrationError) -> Plan {
        let client = self.client
        let targets = try await concurrentMap(export.subjects, limit: concurrency) { (subject: ExportedSubject) throws(MigrationError) -> TargetSubject in
            try await Self.target(subject.subject, client: client, concurrency: 4)
        }
        var conflicts: [ImportConflict] = []
        var registrations: [String: [ExportedVersion]] = [:]
        var deletions: [(subject: String, version: Int)] = []
        var present = 0
        var resumed: Set<String> = []
        for (subject, target) in zip(export.subjects, targets) {
            let exported = Dictionary(subject.versions.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
            for (number, held) in target.versions.sorted(by: { $0.key < $1.key }) {
                guard let wanted = exported[number] else {
                    conflicts.append(ImportConflict("\(subject.subject) version \(number) exists in the target but not in the export"))
                    continue
                }
                if held.id != wanted.id || held.schema != wanted.definition.schema || held.schemaType != wanted.definition.schemaType {
                    conflicts.append(
                        ImportConflict(
                            "\(subject.subject) version \(number) holds id \(held.id.map(String.init) ?? "?") in the target, id \(wanted.id) in the export"
                                + (held.id == wanted.id ? " (with another schema)" : "")))
                }
            }
            if !target.versions.isEmpty { resumed.insert(subject.subject) }
            // Switching a subject into IMPORT mode hard-deletes its soft-deleted versions (as in
            // Confluent): when this import has to switch it, those count as missing, to be
            // registered again and soft-deleted again.
            let needsSwitch = subject.versions.contains { target.versions[$0.version] == nil } && target.mode != .importing
            let purged = needsSwitch ? Set(target.versions.keys).subtracting(target.live) : []
            var missing: [ExportedVersion] = []
            for version in subject.versions {
                let absent = target.versions[version.version] == nil || purged.contains(version.version)
                if absent {
                    missing.append(version)
                } else {
                    present += 1
                }
                if version.deleted && (absent || target.live.contains(version.version)) {
                    deletions.append((subject.subject, version.version))
                }
            }
            if !missing.isEmpty { registrations[subject.subject] = missing }
        }
        // Ids the export brings that the target already uses for another schema.
        var seen: Set<String> = []
        var probes: [(context: String, id: Int, version: ExportedVersion, subject: String)] = []
        for subject in export.subjects {
            for version in registrations[subject.subject] ?? [] where seen.insert(subject.contextPrefix + "\u{0}\(version.id)").inserted {
                probes.append((subject.contextPrefix, version.id, version, subject.subject))
            }
        }
        let held = try await concurrentMap(probes, limit: concurrency) { probe throws(MigrationError) -> RegisteredSchema? in
            do throws(SchemaRegistryClientError) {
                return try await RegistryExporter.orNil { () async throws(SchemaRegistryClientError) in
                    try await client.schema(id: probe.id, subject: probe.context.isEmpty ? nil : probe.context)
                }
            } catch {
                throw .target(step: "reading id \(probe.id) in the target", error)
            }
        }
        for (probe, schema) in zip(probes, held) {
            guard let schema else { continue }
            if schema.schema != probe.version.definition.schema || schema.schemaType != probe.version.definition.schemaType {
                let context = probe.context.isEmpty ? "the default context" : "context \(probe.context)"
                conflicts.append(
                    ImportConflict("id \(probe.id) in \(context) holds another schema in the target (the export has it for \(probe.subject) version \(probe.version.version))"))
            }
        }
        let order = Self.dependencyOrder(export.subjects)
        return Plan(
            registrations: order.compactMap { name in registrations[name].map { (name, $0) } },
            deletions: deletions.sorted { (order.firstIndex(of: $0.subject) ?? 0) > (order.firstIndex(of: $1.subject) ?? 0) },
            alreadyPresent: present, resumedSubjects: resumed, conflicts: conflicts)
    }

    /// Progress of a run, reported after each registration.
    public struct Progress: Sendable {
        /// The subject a version was registered in.
        public var subject: String
        /// The version registered.
        public var version: Int
    }

    /// Imports `export`: plans (unless given the plan just made), refuses on conflicts, then
    /// writes. Returns the plan carried out.
    @discardableResult
    public func run(
        _ export: RegistryExport, plan given: Plan? = nil, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws(MigrationError) -> Plan {
        let plan: Plan
        if let given { plan = given } else { plan = try await self.plan(export) }
        guard plan.conflicts.isEmpty else { throw .conflicts(plan.conflicts) }
        try await registerConcurrently(plan, dependencies: Self.dependencies(export.subjects), progress: progress)
        for (subject, version) in plan.deletions {
            try await step("soft-deleting \(subject) version \(version)") { () async throws(SchemaRegistryClientError) in
                _ = try await client.deleteVersion(subject: subject, .number(version))
            }
        }
        try await applySettings(export)
        return plan
    }

    /// Registers the plan's versions, `concurrency` subjects at a time: a subject starts once
    /// every subject its references name is done, and its versions go in order. The target
    /// writes one at a time anyway; what the concurrency hides is each request's round trip.
    func registerConcurrently(
        _ plan: Plan, dependencies: [String: [String]], progress: @escaping @Sendable (Progress) -> Void
    ) async throws(MigrationError) {
        let planned = Set(plan.registrations.map(\.subject))
        do {
            try await withThrowingTaskGroup(of: String.self) { group in
                var waiting = plan.registrations
                var running = 0
                var finished: Set<String> = []
                func startReady(ignoringDependencies: Bool = false) {
                    var i = 0
                    while i < waiting.count && running < max(1, concurrency) {
                        let (subject, versions) = waiting[i]
                        let ready = dependencies[subject, default: []].allSatisfy { !planned.contains($0) || finished.contains($0) }
                        guard ready || ignoringDependencies else {
                            i += 1
                            continue
                        }
                        waiting.remove(at: i)
                        running += 1
                        let resumed = plan.resumedSubjects.contains(subject)
                        group.addTask {
                            try await self.importSubject(subject, versions, resumed: resumed, progress: progress)
                            return subject
                        }
                    }
                }
                startReady()
                while true {
                    if running == 0 && !waiting.isEmpty { startReady(ignoringDependencies: true) }  // a cycle: export order
                    guard let subject = try await group.next() else { break }
                    running -= 1
                    finished.insert(subject)
                    startReady()
                }
            }
        } catch let error as MigrationError {
            throw error
        } catch {
            throw .malformedExport("unexpected failure: \(error)")
        }
    }

    /// One subject: into IMPORT mode (with `force` when it already holds versions from an
    /// interrupted run), then its versions in order.
    func importSubject(
        _ subject: String, _ versions: [ExportedVersion], resumed: Bool, progress: @Sendable (Progress) -> Void
    ) async throws(MigrationError) {
        let client = self.client
        try await step("putting \(subject) in IMPORT mode") { () async throws(SchemaRegistryClientError) in
            let own = try await RegistryExporter.orNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: subject) }
            if own != .importing { try await client.setMode(.importing, subject: subject, force: resumed) }
        }
        for version in versions {
            try await step("registering \(subject) version \(version.version) with id \(version.id)") { () async throws(SchemaRegistryClientError) in
                _ = try await client.registerSchema(subject: subject, schema: version.definition, id: version.id, version: version.version)
            }
            progress(Progress(subject: subject, version: version.version))
        }
    }

    /// Sets every exported config and mode: contexts and global first, then subjects, whose
    /// mode leaves IMPORT for the exported one (or none).
    func applySettings(_ export: RegistryExport) async throws(MigrationError) {
        try await apply(export.global, scope: nil)
        for context in export.contexts { try await apply(context.settings, scope: context.scope) }
        for subject in export.subjects {
            var settings = subject.settings
            if settings.mode == nil { settings.mode = "" }  // "": remove the IMPORT mode the import set
            try await apply(settings, scope: subject.subject)
        }
    }

    /// One scope's settings; a mode of "" removes the scope's own mode.
    func apply(_ settings: ScopeSettings, scope: String?) async throws(MigrationError) {
        let client = self.client
        let name = scope ?? "the global scope"
        if let config = settings.config {
            try await step("setting the config of \(name)") { () async throws(SchemaRegistryClientError) in
                let level = config["compatibilityLevel"]?.stringValue.flatMap(CompatibilityLevel.init(rawValue:))
                try await client.updateConfig(RegistryConfigSettings(compatibilityLevel: level, json: config), subject: scope)
            }
        }
        guard let modeName = settings.mode else { return }
        if modeName.isEmpty {
            try await step("removing the mode of \(name)") { () async throws(SchemaRegistryClientError) in
                _ = try await RegistryExporter.orNil { () async throws(SchemaRegistryClientError) in try await client.deleteMode(subject: scope) }
            }
        } else if let mode = RegistryMode(rawValue: modeName) {
            try await step("setting the mode of \(name) to \(modeName)") { () async throws(SchemaRegistryClientError) in
                let current = try await RegistryExporter.orNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: scope) }
                if current != mode { try await client.setMode(mode, subject: scope, force: true) }
            }
        }
    }

    private func step(_ name: String, _ body: () async throws(SchemaRegistryClientError) -> Void) async throws(MigrationError) {
        do {
            try await body()
        } catch {
            throw .target(step: name, error)
        }
    }

    /// What the target holds of `subject`: every version (soft-deleted ones too) and which are live.
    static func target(_ subject: String, client: SchemaRegistryClient, concurrency: Int) async throws(MigrationError) -> TargetSubject {
        let all: [Int], live: Set<Int>
        do {
            all = try await RegistryExporter.orEmpty { () async throws(SchemaRegistryClientError) in
                try await client.versions(subject: subject, deleted: true)
            }
            guard !all.isEmpty else { return TargetSubject() }
            live = Set(try await RegistryExporter.orEmpty { () async throws(SchemaRegistryClientError) in try await client.versions(subject: subject) })
        } catch {
            throw .target(step: "reading \(subject) in the target", error)
        }
        let held = try await concurrentMap(all, limit: concurrency) { (number: Int) throws(MigrationError) -> RegisteredSchema in
            do throws(SchemaRegistryClientError) {
                return try await client.version(subject: subject, .number(number), deleted: true)
            } catch {
                throw .target(step: "reading \(subject) version \(number) in the target", error)
            }
        }
        let mode: RegistryMode?
        do {
            mode = try await RegistryExporter.orNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: subject, defaultToGlobal: true) }
        } catch {
            throw .target(step: "reading the mode of \(subject) in the target", error)
        }
        return TargetSubject(versions: Dictionary(zip(all, held), uniquingKeysWith: { a, _ in a }), live: live, mode: mode)
    }

    /// For each subject, the other subjects of the export its versions' references name (a
    /// reference's subject is relative to the referring subject's context).
    static func dependencies(_ subjects: [ExportedSubject]) -> [String: [String]] {
        let names = Set(subjects.map(\.subject))
        var dependencies: [String: [String]] = [:]
        for subject in subjects {
            var needs: [String] = []
            for version in subject.versions {
                for reference in version.definition.references {
                    let qualified = reference.subject.hasPrefix(":.") ? reference.subject : subject.contextPrefix + reference.subject
                    if names.contains(qualified), qualified != subject.subject, !needs.contains(qualified) { needs.append(qualified) }
                }
            }
            dependencies[subject.subject] = needs
        }
        return dependencies
    }

    /// Subject names with every subject a reference names before the subject naming it
    /// (otherwise in the export's order); a cycle keeps the export's order for its members.
    static func dependencyOrder(_ subjects: [ExportedSubject]) -> [String] {
        let dependencies = dependencies(subjects)
        var order: [String] = []
        var state: [String: Bool] = [:]  // false: being visited, true: done
        func visit(_ name: String) {
            if state[name] != nil { return }
            state[name] = false
            for dependency in dependencies[name] ?? [] { visit(dependency) }
            state[name] = true
            order.append(name)
        }
        for subject in subjects { visit(subject.subject) }
        return order
    }
}
