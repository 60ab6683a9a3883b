import Foundation
import JSONModel

/// The orchestrator: every operation of the federation API over the configured registries.
/// Calls that span registries fan out concurrently; each registry's calls are bounded by its
/// own timeout, and its failure is reported beside the others' results, never instead of them.
public struct FederationService: Sendable {
    /// A backend with the configuration it was built from.
    public struct Member: Sendable {
        public var backend: any RegistryBackend
        public var configuration: RegistryConfiguration

        public init(backend: any RegistryBackend, configuration: RegistryConfiguration) {
            self.backend = backend
            self.configuration = configuration
        }
    }

    /// The enabled registries, in the configuration's order.
    public let members: [Member]
    /// How many subjects of one registry a bulk operation works on at once.
    public var perRegistryConcurrency: Int

    /// The service over the enabled registries of `configuration`.
    ///
    /// - Throws: when an entry lacks what its backend needs (a Glue region, say).
    public init(configuration: FederationConfiguration, perRegistryConcurrency: Int = 8) throws(FederationError) {
        var members: [Member] = []
        for registry in configuration.enabledRegistries {
            let backend: any RegistryBackend
            switch registry.kind {
            case .confluent: backend = try ConfluentBackend(configuration: registry)
            case .glue: backend = try GlueBackend(configuration: registry)
            case .unityCatalog: backend = try UnityCatalogBackend(configuration: registry)
            }
            members.append(Member(backend: backend, configuration: registry))
        }
        self.init(members: members, perRegistryConcurrency: perRegistryConcurrency)
    }

    /// The service over given backends (tests, embedding).
    public init(members: [Member], perRegistryConcurrency: Int = 8) {
        self.members = members
        self.perRegistryConcurrency = perRegistryConcurrency
    }

    /// The member with `id`, if enabled.
    public func member(_ id: String) -> Member? {
        members.first { $0.configuration.id == id }
    }

    /// Runs `operation` on `member`, answering `.timeout` when it takes longer than the
    /// registry's `timeout` (the operation is cancelled).
    public func bounded<T: Sendable>(
        _ member: Member, _ operation: @escaping @Sendable (any RegistryBackend) async throws(FederationError) -> T
    ) async throws(FederationError) -> T {
        let backend = member.backend
        return try await withDeadline(member.configuration.timeout) { () throws(FederationError) in try await operation(backend) }
    }

    /// `operation` on every member of `selection` at once, each bounded by its timeout; the
    /// results in the members' order.
    public func fanOut<T: Sendable>(
        _ selection: [Member], _ operation: @escaping @Sendable (any RegistryBackend) async throws(FederationError) -> T
    ) async -> [(member: Member, result: Result<T, FederationError>)] {
        let results = await BoundedConcurrency.map(selection, limit: max(1, selection.count)) { member -> Result<T, FederationError> in
            do throws(FederationError) {
                return .success(try await bounded(member, operation))
            } catch {
                return .failure(error)
            }
        }
        return Array(zip(selection, results)).map { (member: $0.0, result: $0.1) }
    }

    // MARK: - Health

    /// One registry's health: never throws, a failure is an unhealthy report.
    public func health(of member: Member) async -> HealthReport {
        let start = ContinuousClock.now
        do throws(FederationError) {
            let probe = try await bounded(member) { backend throws(FederationError) in try await backend.checkHealth() }
            return HealthReport(
                member: member, healthy: true, statusCode: probe.statusCode, message: probe.message,
                responseTimeMilliseconds: (ContinuousClock.now - start).milliseconds, error: nil)
        } catch {
            let status: Int
            switch error {
            case .unauthorized(let code, _), .upstream(let code, _): status = code
            case .notFound: status = 404
            default: status = 0
            }
            return HealthReport(
                member: member, healthy: false, statusCode: status, message: "Health check failed: \(error)",
                responseTimeMilliseconds: (ContinuousClock.now - start).milliseconds, error: error)
        }
    }

    /// Every registry's health, checked in parallel.
    public func healthOfAll() async -> [HealthReport] {
        await BoundedConcurrency.map(members, limit: max(1, members.count)) { member in await health(of: member) }
    }

    // MARK: - Schemas

    /// The latest version of `subject` in every registry that holds it, and the registries
    /// that could not be asked.
    public func find(subject: String) async -> (found: [(member: Member, schema: FederatedSchema)], errors: [RegistryErrorReport]) {
        var found: [(member: Member, schema: FederatedSchema)] = []
        var errors: [RegistryErrorReport] = []
        for (member, result) in await fanOut(members, { backend throws(FederationError) in try await backend.latestSchema(subject: subject) }) {
            switch result {
            case .success(let schema?): found.append((member, schema))
            case .success(nil): break
            case .failure(let error): errors.append(RegistryErrorReport(registryID: member.configuration.id, error: error))
            }
        }
        return (found, errors)
    }

    // MARK: - Modes

    /// Every registry's global mode and every subject's effective mode. Each call to a
    /// registry has its deadline; the whole listing of a large registry may take longer.
    public func overview() async -> [(member: Member, result: Result<ModeOverview, FederationError>)] {
        let concurrency = perRegistryConcurrency
        let results = await BoundedConcurrency.map(members, limit: max(1, members.count)) { member -> Result<ModeOverview, FederationError> in
            do throws(FederationError) {
                let backend = member.backend
                let global = try await bounded(member) { backend throws(FederationError) in try await backend.compatibilityMode(subject: nil) }
                let subjects = try await bounded(member) { backend throws(FederationError) in try await backend.subjects(prefix: "") }
                let own = try await backend.subjectModes(subjects: subjects, concurrency: concurrency)
                var modes: [(subject: String, reading: ModeReading)] = []
                for subject in subjects {
                    modes.append((subject, own[subject] ?? ModeReading(mode: global.mode, nativeMode: global.nativeMode, isSubjectOverride: false)))
                }
                return .success(ModeOverview(global: global, subjects: modes))
            } catch {
                return .failure(error)
            }
        }
        return Array(zip(members, results)).map { (member: $0.0, result: $0.1) }
    }

    // MARK: - Bulk

    /// The members `ids` names (all when `nil` or empty), and the ids that name none.
    public func selection(_ ids: [String]?) -> (members: [Member], unknown: [String]) {
        guard let ids, !ids.isEmpty else { return (members, []) }
        let wanted = Set(ids)
        var unknown: [String] = []
        for id in ids where member(id) == nil && !unknown.contains(id) { unknown.append(id) }
        // Configuration order, each registry once, however the request lists them.
        return (members.filter { wanted.contains($0.configuration.id) }, unknown)
    }

    /// Runs `body` on every selected registry at once and gathers the items; a registry that
    /// fails, and an id that names none, become registry errors beside the others' items.
    func onEachSelected<Item: Sendable>(
        _ registryIDs: [String]?, _ body: @escaping @Sendable (Member) async throws(FederationError) -> [Item]
    ) async -> (items: [Item], errors: [RegistryErrorReport]) {
        let (selected, unknown) = selection(registryIDs)
        let outcomes = await BoundedConcurrency.map(selected, limit: max(1, selected.count)) { member -> Result<[Item], FederationError> in
            do throws(FederationError) {
                return .success(try await body(member))
            } catch {
                return .failure(error)
            }
        }
        var items: [Item] = []
        var errors = unknown.map { RegistryErrorReport(registryID: $0, error: .notFound("Registry \($0) not found")) }
        for (member, outcome) in zip(selected, outcomes) {
            switch outcome {
            case .success(let found): items += found
            case .failure(let error): errors.append(RegistryErrorReport(registryID: member.configuration.id, error: error))
            }
        }
        return (items, errors)
    }

    /// Would each selected subject's existing history pass under `mode`?
    public func bulkCheck(registryIDs: [String]?, mode: FederatedCompatibilityMode, filter: SubjectFilter) async -> BulkCheckReport {
        let start = ContinuousClock.now
        let concurrency = perRegistryConcurrency
        let (items, errors) = await onEachSelected(registryIDs) { member throws(FederationError) in
            let histories = try await member.backend.histories(matching: filter, concurrency: concurrency)
            return Self.checkHistories(histories, registryID: member.configuration.id, mode: mode)
        }
        var report = BulkCheckReport(targetMode: mode)
        report.results = items
        report.registryErrors = errors
        report.durationSeconds = (ContinuousClock.now - start).milliseconds / 1000
        return report
    }

    /// The history verdicts of one registry's subjects.
    static func checkHistories(_ histories: [SubjectHistory], registryID: String, mode: FederatedCompatibilityMode) -> [BulkCheckItem] {
        let checker = LocalCompatibilityChecker()
        return histories.map { history in
            let (subject, versions) = (history.subject, history.versions)
            if let error = history.error {
                return BulkCheckItem(
                    registryID: registryID, subject: subject, isCompatible: false, messages: [], errors: ["versions cannot be read: \(error)"],
                    versionsChecked: 0)
            }
            guard versions.count > 1 else {
                return BulkCheckItem(
                    registryID: registryID, subject: subject, isCompatible: true, messages: ["Single version - no compatibility check needed"],
                    errors: [], versionsChecked: versions.count)
            }
            let verdict = checker.checkHistory(versions, mode: mode)
            return BulkCheckItem(
                registryID: registryID, subject: subject, isCompatible: verdict.isCompatible && verdict.errors.isEmpty,
                messages: verdict.isCompatible ? ["All versions compatible"] : verdict.messages, errors: verdict.errors,
                versionsChecked: verdict.versionsChecked)
        }
    }

    /// Sets `mode` on each selected subject (or each registry's global mode without a
    /// filter); with `dryRun`, changes nothing and says, per item, old -> new and whether the
    /// existing history already violates the new mode.
    public func bulkSet(registryIDs: [String]?, mode: FederatedCompatibilityMode, filter: SubjectFilter, dryRun: Bool) async -> BulkSetReport {
        let start = ContinuousClock.now
        let concurrency = perRegistryConcurrency
        let (items, errors) = await onEachSelected(registryIDs) { member throws(FederationError) in
            try await Self.setModes(on: member, mode: mode, filter: filter, dryRun: dryRun, concurrency: concurrency)
        }
        var report = BulkSetReport(targetMode: mode, dryRun: dryRun)
        report.results = items
        report.registryErrors = errors
        report.durationSeconds = (ContinuousClock.now - start).milliseconds / 1000
        return report
    }

    static func setModes(
        on member: Member, mode: FederatedCompatibilityMode, filter: SubjectFilter, dryRun: Bool, concurrency: Int
    ) async throws(FederationError) -> [BulkSetItem] {
        let backend = member.backend
        let id = member.configuration.id
        let global = filter.pattern == nil
        if global ? !backend.capabilities.canSetGlobalMode : !backend.capabilities.canSetSubjectMode {
            throw .unsupported(
                global
                    ? "\(id) has no registry-wide compatibility mode to set; give a subject_filter to set it per subject"
                    : "\(id) has no per-subject compatibility modes")
        }
        if global {
            let old = try await backend.compatibilityMode(subject: nil)
            var item = BulkSetItem(registryID: id, subject: nil, oldMode: old.mode, newMode: mode, dryRun: dryRun)
            if dryRun {
                let histories = try await backend.histories(matching: filter, concurrency: concurrency)
                let own = try await backend.subjectModes(subjects: histories.map(\.subject), concurrency: concurrency)
                // Only subjects that follow the global mode change with it.
                let followers = histories.filter { own[$0.subject] == nil }
                let violations = checkHistories(followers, registryID: id, mode: mode).filter { !$0.isCompatible }
                item.historyCompatible = violations.isEmpty
                item.messages = violations.map { "\($0.subject): \($0.messages.joined(separator: "; "))" }
                item.status = "dry_run"
            } else {
                let set = try await backend.setCompatibilityMode(mode, subject: nil)
                item.newMode = set.mode ?? mode
                item.status = "success"
            }
            return [item]
        }
        let subjects = try await backend.subjects(prefix: filter.literalPrefix).filter(filter.matches)
        return await BoundedConcurrency.map(subjects, limit: concurrency) { subject in
            var item = BulkSetItem(registryID: id, subject: subject, oldMode: nil, newMode: mode, dryRun: dryRun)
            do throws(FederationError) {
                item.oldMode = try await backend.compatibilityMode(subject: subject).mode
                if dryRun {
                    let verdict = checkHistories([SubjectHistory(subject: subject, versions: try await backend.history(subject: subject))], registryID: id, mode: mode)[0]
                    item.historyCompatible = verdict.isCompatible
                    item.messages = verdict.isCompatible ? [] : verdict.messages + verdict.errors
                    item.status = "dry_run"
                } else {
                    let set = try await backend.setCompatibilityMode(mode, subject: subject)
                    item.newMode = set.mode ?? mode
                    item.status = "success"
                }
            } catch {
                item.status = "failed"
                item.error = RegistryErrorReport(registryID: id, error: error)
            }
            return item
        }
    }
}

/// One registry's health.
public struct HealthReport: Sendable {
    public var member: FederationService.Member
    public var healthy: Bool
    /// The HTTP status of the probe; 0 when no answer came.
    public var statusCode: Int
    public var message: String
    public var responseTimeMilliseconds: Double
    /// Why it is unhealthy.
    public var error: FederationError?
}

/// A registry that could not answer, as every multi-registry answer reports it.
public struct RegistryErrorReport: Hashable, Sendable {
    public var registryID: String
    public var error: FederationError

    public init(registryID: String, error: FederationError) {
        self.registryID = registryID
        self.error = error
    }
}

/// One registry's modes.
public struct ModeOverview: Sendable {
    public var global: ModeReading
    /// Every subject with its effective mode, in name order.
    public var subjects: [(subject: String, reading: ModeReading)]
}

/// The answer of a bulk check.
public struct BulkCheckReport: Sendable {
    public var targetMode: FederatedCompatibilityMode
    public var results: [BulkCheckItem] = []
    public var registryErrors: [RegistryErrorReport] = []
    public var durationSeconds: Double = 0

    public var compatibleCount: Int { results.filter { $0.isCompatible }.count }
    public var incompatibleCount: Int { results.filter { !$0.isCompatible && $0.errors.isEmpty }.count }
    /// Subjects with unreadable versions, plus registries that failed.
    public var errorCount: Int { results.filter { !$0.errors.isEmpty }.count + registryErrors.count }
}

/// One subject's history verdict in a bulk check.
public struct BulkCheckItem: Sendable {
    public var registryID: String
    public var subject: String
    public var isCompatible: Bool
    public var messages: [String]
    public var errors: [String]
    public var versionsChecked: Int
}

/// The answer of a bulk mode change.
public struct BulkSetReport: Sendable {
    public var targetMode: FederatedCompatibilityMode
    public var dryRun: Bool
    public var results: [BulkSetItem] = []
    public var registryErrors: [RegistryErrorReport] = []
    public var durationSeconds: Double = 0
}

/// One subject's (or one registry's global) mode change.
public struct BulkSetItem: Sendable {
    public var registryID: String
    /// `nil` for the registry's global mode.
    public var subject: String?
    public var oldMode: FederatedCompatibilityMode?
    public var newMode: FederatedCompatibilityMode
    public var dryRun: Bool
    /// `success`, `dry_run` or `failed`.
    public var status = "pending"
    /// Dry run: whether the existing history already passes the new mode.
    public var historyCompatible: Bool?
    public var messages: [String] = []
    public var error: RegistryErrorReport?

    init(registryID: String, subject: String?, oldMode: FederatedCompatibilityMode?, newMode: FederatedCompatibilityMode, dryRun: Bool) {
        self.registryID = registryID
        self.subject = subject
        self.oldMode = oldMode
        self.newMode = newMode
        self.dryRun = dryRun
    }
}
