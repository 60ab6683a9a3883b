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
        /// For each subject, the subjects of the export its references name: registered first.
        var dependencies: [String: [String]]

        /// Versions to register, in all.
        public var registrationCount: Int { registrations.reduce(0) { $0 + $1.versions.count } }
    }

    /// What the target holds of one subject.
    struct TargetSubject: Sendable {
        var versions: [Int: RegisteredSchema] = [:]
        var live: Set<Int> = []
    }

    /// Reads the target and works out the plan (writes nothing).
    public func plan(_ export: RegistryExport) async throws(MigrationError) -> Plan {
        let client = self.client
        let targets = try await concurrentMap(export.subjects, limit: concurrency) { (subject: ExportedSubject) throws(MigrationError) -> (TargetSubject, RegistryMode?) in
            let target = try await Self.target(subject.subject, client: client, concurrency: 4)
            // The subject's effective mode (its own, its context's or the registry's), which
            // only matters when it holds versions: a switch into IMPORT happens only from another mode.
            guard !target.versions.isEmpty else { return (target, nil) }
            let mode = try await onTarget("reading the mode of \(subject.subject) in the target") { () async throws(SchemaRegistryClientError) in
                try await absentAsNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: subject.subject, defaultToGlobal: true) }
            }
            return (target, mode)
        }
        var conflicts: [ImportConflict] = []
        var registrations: [String: [ExportedVersion]] = [:]
        var deletions: [(subject: String, version: Int)] = []
        var present = 0
        var resumed: Set<String> = []
        for (subject, (target, mode)) in zip(export.subjects, targets) {
            let exported = Dictionary(subject.versions.map { ($0.version, $0) }, uniquingKeysWith: { a, _ in a })
            for (number, held) in target.versions.sorted(by: { $0.key < $1.key }) {
                guard let wanted = exported[number] else {
                    conflicts.append(ImportConflict("\(subject.subject) version \(number) exists in the target but not in the export"))
                    continue
                }
                if held.id != wanted.id || !wanted.hasSameSchema(as: held) {
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
            let needsSwitch = subject.versions.contains { target.versions[$0.version] == nil } && mode != .importing
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
            try await onTarget("reading id \(probe.id) in the target") { () async throws(SchemaRegistryClientError) in
                try await absentAsNil { () async throws(SchemaRegistryClientError) in
                    try await client.schema(id: probe.id, subject: probe.context.isEmpty ? nil : probe.context)
                }
            }
        }
        for (probe, schema) in zip(probes, held) {
            guard let schema else { continue }
            if !probe.version.hasSameSchema(as: schema) {
                let context = probe.context.isEmpty ? "the default context" : "context \(probe.context)"
                conflicts.append(
                    ImportConflict("id \(probe.id) in \(context) holds another schema in the target (the export has it for \(probe.subject) version \(probe.version.version))"))
            }
        }
        let dependencies = Self.dependencies(export.subjects)
        let order = Self.dependencyOrder(export.subjects, dependencies: dependencies)
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return Plan(
            registrations: order.compactMap { name in registrations[name].map { (name, $0) } },
            deletions: deletions.sorted { position[$0.subject, default: 0] > position[$1.subject, default: 0] },
            alreadyPresent: present, resumedSubjects: resumed, conflicts: conflicts, dependencies: dependencies)
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
        try await registerConcurrently(plan, progress: progress)
        for (subject, version) in plan.deletions {
            try await onTarget("soft-deleting \(subject) version \(version)") { () async throws(SchemaRegistryClientError) in
                _ = try await client.deleteVersion(subject: subject, .number(version))
            }
        }
        try await applySettings(export)
        return plan
    }

    /// Registers the plan's versions, `concurrency` subjects at a time: a subject starts once
    /// every subject its references name is done, and its versions go in order. The target
    /// writes one at a time anyway; what the concurrency hides is each request's round trip.
    func registerConcurrently(_ plan: Plan, progress: @escaping @Sendable (Progress) -> Void) async throws(MigrationError) {
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
                        let ready = plan.dependencies[subject, default: []].allSatisfy { !planned.contains($0) || finished.contains($0) }
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
    /// interrupted run; putting IMPORT on a subject already in IMPORT changes nothing, as in
    /// Confluent), then its versions in order.
    func importSubject(
        _ subject: String, _ versions: [ExportedVersion], resumed: Bool, progress: @Sendable (Progress) -> Void
    ) async throws(MigrationError) {
        let client = self.client
        try await onTarget("putting \(subject) in IMPORT mode") { () async throws(SchemaRegistryClientError) in
            try await client.setMode(.importing, subject: subject, force: resumed)
        }
        for version in versions {
            try await onTarget("registering \(subject) version \(version.version) with id \(version.id)") { () async throws(SchemaRegistryClientError) in
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
            try await onTarget("setting the config of \(name)") { () async throws(SchemaRegistryClientError) in
                let level = settings.compatibilityLevel.flatMap(CompatibilityLevel.init(rawValue:))
                try await client.updateConfig(RegistryConfigSettings(compatibilityLevel: level, json: config), subject: scope)
            }
        }
        guard let modeName = settings.mode else { return }
        if modeName.isEmpty {
            try await onTarget("removing the mode of \(name)") { () async throws(SchemaRegistryClientError) in
                _ = try await absentAsNil { () async throws(SchemaRegistryClientError) in try await client.deleteMode(subject: scope) }
            }
        } else if let mode = RegistryMode(rawValue: modeName) {
            try await onTarget("setting the mode of \(name) to \(modeName)") { () async throws(SchemaRegistryClientError) in
                let current = try await absentAsNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: scope) }
                if current != mode { try await client.setMode(mode, subject: scope, force: true) }
            }
        }
    }

    /// What the target holds of `subject`: every version (soft-deleted ones too) and which are live.
    static func target(_ subject: String, client: SchemaRegistryClient, concurrency: Int) async throws(MigrationError) -> TargetSubject {
        let all = try await onTarget("reading \(subject) in the target") { () async throws(SchemaRegistryClientError) in
            try await absentAsEmpty { () async throws(SchemaRegistryClientError) in try await client.versions(subject: subject, deleted: true) }
        }
        guard !all.isEmpty else { return TargetSubject() }
        let live = try await onTarget("reading \(subject) in the target") { () async throws(SchemaRegistryClientError) in
            Set(try await absentAsEmpty { () async throws(SchemaRegistryClientError) in try await client.versions(subject: subject) })
        }
        let held = try await concurrentMap(all, limit: concurrency) { (number: Int) throws(MigrationError) -> RegisteredSchema in
            try await onTarget("reading \(subject) version \(number) in the target") { () async throws(SchemaRegistryClientError) in
                try await client.version(subject: subject, .number(number), deleted: true)
            }
        }
        return TargetSubject(versions: Dictionary(zip(all, held), uniquingKeysWith: { a, _ in a }), live: live)
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
    static func dependencyOrder(_ subjects: [ExportedSubject], dependencies: [String: [String]]? = nil) -> [String] {
        let dependencies = dependencies ?? Self.dependencies(subjects)
        return referencesFirst(subjects, name: \.subject, needs: { dependencies[$0.subject] ?? [] }).map(\.subject)
    }
}
