import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient

/// What bringing a registry to a `SchemaFolder` takes, worked out by asking the registry
/// itself: whether it already holds each schema (a lookup), and whether a new version passes
/// the subject's compatibility check (the registry's own check, verbose, against the versions
/// its level names).
public struct SchemaPlan: Sendable {
    /// One change, in the order `apply` makes it.
    public enum Change: Sendable, Hashable {
        case setGlobalCompatibility(from: String?, to: String)
        case setGlobalMode(from: String?, to: String)
        /// A first version of a subject the registry does not have.
        case newSubject(String, DeclaredSubject)
        /// A new version after `latest`.
        case newVersion(String, latest: Int, DeclaredSubject)
        case setCompatibility(subject: String, from: String?, to: String)
        case setMode(subject: String, from: String?, to: String)
        /// In the registry, not in the folder: deleted only with `prune`.
        case deleteSubject(String)
    }

    /// A change that would fail, with the registry's reasons.
    public struct Failure: Sendable, Hashable {
        public var subject: String
        public var reasons: [String]
    }

    public var changes: [Change] = []
    public var failures: [Failure] = []
    /// What each new subject or version registers: the declaration with every reference's
    /// version resolved (a reference without one takes the latest version after the plan).
    public var definitions: [String: SchemaDefinition] = [:]
    /// Subjects in the registry but not in the folder, left alone without `prune`.
    public var unmanaged: [String] = []

    /// 0 nothing to do, 2 changes to make, 1 something would fail: what `plan` exits with.
    public var exitStatus: Int32 { !failures.isEmpty ? 1 : changes.isEmpty ? 0 : 2 }
}

/// Works out and carries out `SchemaPlan`s against a registry through the client.
public struct SchemaPlanner: Sendable {
    public let client: SchemaRegistryClient

    /// Creates a planner.
    public init(client: SchemaRegistryClient) { self.client = client }

    /// The plan that brings the registry to `folder`; with `prune`, subjects the folder does
    /// not name are deleted (soft).
    public func plan(_ folder: SchemaFolder, prune: Bool = false) async throws(MigrationError) -> SchemaPlan {
        var plan = SchemaPlan()
        let client = self.client
        plan.changes += try await settingsChanges(scope: nil, compatibility: folder.compatibility, mode: folder.mode)
        for context in folder.contexts {
            plan.changes += try await settingsChanges(scope: context.scope, compatibility: context.compatibility, mode: context.mode)
        }
        // Latest version after the plan, per subject, for references without a version.
        var finalLatest: [String: Int] = [:]
        for declared in Self.dependencyOrder(folder.subjects) {
            let subject = declared.subject
            let latest = try await orNil { () async throws(SchemaRegistryClientError) in try await client.latestVersion(subject: subject).version ?? 0 }
            var unresolvable: [String] = []
            let definition = Self.definition(declared, latest: finalLatest, unresolved: &unresolvable)
            if !unresolvable.isEmpty {
                plan.failures.append(
                    SchemaPlan.Failure(subject: subject, reasons: unresolvable.map { "reference to \($0), which neither the registry nor the folder holds" }))
                continue
            }
            plan.definitions[subject] = definition
            if let latest {
                let found = try await orNil { () async throws(SchemaRegistryClientError) in
                    try await client.lookup(subject: subject, schema: definition, normalize: declared.normalize).version
                }
                if found != nil {
                    finalLatest[subject] = latest
                } else if definition.references.contains(where: { r in plan.changes.contains { $0.addsVersion(to: r.subject, number: r.version) } }) {
                    // It references a version this plan makes: the registry can check it only then.
                    plan.changes.append(.newVersion(subject, latest: latest, declared))
                    finalLatest[subject] = latest + 1
                } else {
                    let report = try await target { () async throws(SchemaRegistryClientError) in
                        try await client.testCompatibility(subject: subject, schema: definition, normalize: declared.normalize, verbose: true)
                    }
                    if report.isCompatible {
                        plan.changes.append(.newVersion(subject, latest: latest, declared))
                        finalLatest[subject] = latest + 1
                    } else {
                        plan.failures.append(SchemaPlan.Failure(subject: subject, reasons: report.messages))
                    }
                }
            } else {
                plan.changes.append(.newSubject(subject, declared))
                finalLatest[subject] = 1
            }
            plan.changes += try await settingsChanges(
                scope: subject, compatibility: declared.compatibility, mode: declared.mode, exists: latest != nil)
        }
        let wanted = Set(folder.subjects.map(\.subject))
        let present = try await target { () async throws(SchemaRegistryClientError) in try await client.subjects(prefix: ":*:") }
        plan.unmanaged = present.filter { !wanted.contains($0) }
        if prune { plan.changes += plan.unmanaged.map(SchemaPlan.Change.deleteSubject) }
        return plan
    }

    /// Carries out `plan` in its order (references first), stopping at the first failure: each
    /// subject's new version is registered before its settings change, so a refused version
    /// leaves that subject as it was. Applying the same folder again then plans nothing.
    public func apply(_ plan: SchemaPlan, progress: @Sendable (SchemaPlan.Change) -> Void = { _ in }) async throws(MigrationError) {
        let client = self.client
        // The versions this apply made, for references without a version: the plan predicted
        // latest + 1, which a soft-deleted later version would have made wrong.
        var made: [String: Int] = [:]
        for change in plan.changes {
            switch change {
            case .setGlobalCompatibility(_, let level):
                try await onTarget("setting the global compatibility") { () async throws(SchemaRegistryClientError) in
                    try await client.setCompatibility(CompatibilityLevel(rawValue: level)!)
                }
            case .setGlobalMode(_, let mode):
                try await onTarget("setting the global mode") { () async throws(SchemaRegistryClientError) in
                    try await client.setMode(RegistryMode(rawValue: mode)!)
                }
            case .newSubject(let subject, let declared), .newVersion(let subject, _, let declared):
                guard var definition = plan.definitions[subject] else { continue }
                for (i, reference) in declared.references.enumerated() where reference.version == nil && i < definition.references.count {
                    if let version = made[reference.subject] { definition.references[i].version = version }
                }
                let registered = try await onTarget("registering \(subject)") { () async throws(SchemaRegistryClientError) in
                    try await client.registerSchema(subject: subject, schema: definition, normalize: declared.normalize)
                }
                if let version = registered.version { made[subject] = version }
            case .setCompatibility(let subject, _, let level):
                try await onTarget("setting the compatibility of \(subject)") { () async throws(SchemaRegistryClientError) in
                    try await client.setCompatibility(CompatibilityLevel(rawValue: level)!, subject: subject)
                }
            case .setMode(let subject, _, let mode):
                try await onTarget("setting the mode of \(subject)") { () async throws(SchemaRegistryClientError) in
                    try await client.setMode(RegistryMode(rawValue: mode)!, subject: subject)
                }
            case .deleteSubject(let subject):
                try await onTarget("deleting \(subject)") { () async throws(SchemaRegistryClientError) in
                    _ = try await client.deleteSubject(subject)
                }
            }
            progress(change)
        }
    }

    /// The definition to register: references without a version take the referenced
    /// subject's latest (after this plan, where it makes one; else the registry's).
    static func definition(_ declared: DeclaredSubject, latest: [String: Int], unresolved: inout [String]) -> SchemaDefinition {
        var references: [SchemaReference] = []
        for reference in declared.references {
            if let version = reference.version ?? latest[reference.subject] {
                references.append(SchemaReference(name: reference.name, subject: reference.subject, version: version))
            } else {
                unresolved.append(reference.subject)
            }
        }
        return SchemaDefinition(
            schema: declared.schema, schemaType: declared.schemaType, references: references, metadata: declared.metadata,
            ruleSet: declared.ruleSet)
    }

    /// The declared subjects with the subjects their references name first (else in order).
    static func dependencyOrder(_ subjects: [DeclaredSubject]) -> [DeclaredSubject] {
        referencesFirst(subjects, name: \.subject, needs: { $0.references.map(\.subject) })
    }

    /// The level and mode changes one scope (the registry's when nil, a context's, a
    /// subject's) needs, compared with what it has of its own; a scope that does not exist yet
    /// has nothing.
    private func settingsChanges(
        scope: String?, compatibility: String?, mode: String?, exists: Bool = true
    ) async throws(MigrationError) -> [SchemaPlan.Change] {
        let client = self.client
        var changes: [SchemaPlan.Change] = []
        if let wanted = compatibility {
            let own = exists ? try await orNil { () async throws(SchemaRegistryClientError) in
                try await client.config(subject: scope).compatibilityLevel?.rawValue
            } ?? nil : nil
            if wanted != own {
                changes.append(scope.map { .setCompatibility(subject: $0, from: own, to: wanted) } ?? .setGlobalCompatibility(from: own, to: wanted))
            }
        }
        if let wanted = mode {
            let own = exists ? try await orNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: scope).rawValue } : nil
            if wanted != own {
                changes.append(scope.map { .setMode(subject: $0, from: own, to: wanted) } ?? .setGlobalMode(from: own, to: wanted))
            }
        }
        return changes
    }

    /// A read of the registry planned against.
    private func target<T>(_ body: () async throws(SchemaRegistryClientError) -> T) async throws(MigrationError) -> T {
        try await onTarget("reading the registry", body)
    }

    /// A read of something the registry may not have (404: nil).
    private func orNil<T>(_ body: () async throws(SchemaRegistryClientError) -> T) async throws(MigrationError) -> T? {
        try await onTarget("reading the registry") { () async throws(SchemaRegistryClientError) in try await absentAsNil(body) }
    }
}

extension SchemaPlan.Change {
    /// Whether this change makes version `number` (any, when nil) of `subject`.
    func addsVersion(to subject: String, number: Int?) -> Bool {
        switch self {
        case .newSubject(let s, _): return s == subject && (number == nil || number == 1)
        case .newVersion(let s, let latest, _): return s == subject && (number == nil || number == latest + 1)
        default: return false
        }
    }
}
