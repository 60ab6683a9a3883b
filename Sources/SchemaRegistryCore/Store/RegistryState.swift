/// The registry's whole state in memory, indexed for every read the API makes.
///
/// Writes reach it only through `apply`, with what the store allocated, so the state a node
/// rebuilds at start (`init(contents:)`) and the state it maintains while running are built
/// by the same code.
public struct RegistryState: Sendable {
    /// One context: its schemas by id, its subjects, its id sequence.
    public struct Context: Sendable {
        public var schemas: [Int: StoredSchema] = [:]
        var idsByHash: [SchemaHash: Int] = [:]
        /// Versions of each subject (by name within the context), ascending by version.
        public var subjects: [String: [StoredVersion]] = [:]
        /// How many versions (soft-deleted included) use each schema id.
        var usage: [Int: Int] = [:]
        public var nextId: Int = 1

        /// Adds a schema under its id and identity hash.
        mutating func insert(_ schema: StoredSchema) {
            schemas[schema.id] = schema
            idsByHash[schema.identityHash] = schema.id
            nextId = max(nextId, schema.id + 1)
        }
    }

    /// Contexts by name (`.` is the default).
    public private(set) var contexts: [String: Context] = [:]
    /// Config by scope (subject, context, or `.__GLOBAL` for global).
    public private(set) var configs: [QualifiedSubject: RegistryConfig] = [:]
    /// Mode by scope.
    public private(set) var modes: [QualifiedSubject: RegistryMode] = [:]
    /// For each referenced subject version, the subject versions whose schemas reference it.
    var referrers: [VersionKey: Set<VersionKey>] = [:]
    /// Counts the writes that permanently removed versions (and perhaps schemas). Content
    /// under a (context, id) or a subject version never changes except through such a
    /// removal, so a cache of rendered responses stays valid while this number does.
    public private(set) var removalGeneration = 0
    /// Counts every write applied: anything derived from the state as a whole (which version
    /// a lookup matches) stays valid while this number does.
    public private(set) var writeGeneration = 0

    /// A subject version as a hashable key.
    struct VersionKey: Hashable, Sendable {
        var subject: QualifiedSubject
        var version: Int
    }

    /// An empty registry.
    public init() {}

    /// The state a store's contents describe.
    ///
    /// Linear in the size of the contents: every context is mutated in place (a copy taken out
    /// of the dictionary and written back would copy its tables on every step).
    public init(contents: RegistryStoreContents) {
        // Pre-size the tables of the contexts that hold most of the data (no rehashing while loading).
        var schemaCounts: [String: Int] = [:]
        for schema in contents.schemas { schemaCounts[schema.context, default: 0] += 1 }
        for (name, count) in schemaCounts {
            contexts[name, default: Context()].schemas.reserveCapacity(count)
            contexts[name, default: Context()].idsByHash.reserveCapacity(count)
            contexts[name, default: Context()].usage.reserveCapacity(count)
        }
        for schema in contents.schemas {
            contexts[schema.context, default: Context()].insert(schema)
        }
        // Only versions of schemas with references feed the referrer index; most have none.
        var referring: Set<SchemaKey> = []
        for schema in contents.schemas where !schema.references.isEmpty {
            referring.insert(SchemaKey(context: schema.context, id: schema.id))
        }
        // Stores return versions ordered by subject and version, so runs of one subject are
        // taken as they come; any other order is grouped (and sorted) the slow way.
        var index = 0
        let versions = contents.versions
        var grouped: [QualifiedSubject: [StoredVersion]] = [:]
        while index < versions.count {
            let subject = versions[index].subject
            var end = index + 1
            var ordered = true
            while end < versions.count && versions[end].subject == subject {
                if versions[end].version <= versions[end - 1].version { ordered = false }
                end += 1
            }
            let run = Array(versions[index..<end])
            if ordered && grouped[subject] == nil && contexts[subject.context]?.subjects[subject.name] == nil {
                addSubject(subject, versions: run, referring: referring)
            } else {
                grouped[subject, default: []].append(contentsOf: run)
            }
            index = end
        }
        for (subject, run) in grouped {
            let earlier = contexts[subject.context]?.subjects[subject.name] ?? []
            for v in earlier { contexts[subject.context]?.usage[v.schemaId, default: 1] -= 1 }
            let all = earlier + run
            addSubject(subject, versions: all.sorted { $0.version < $1.version }, referring: referring)
        }
        for (name, next) in contents.nextIds {
            contexts[name, default: Context()].nextId = max(contexts[name]?.nextId ?? 1, next)
        }
        configs = contents.configs
        modes = contents.modes
    }

    /// A schema's key across contexts.
    struct SchemaKey: Hashable {
        var context: String
        var id: Int
    }

    private mutating func addSubject(_ subject: QualifiedSubject, versions: [StoredVersion], referring: Set<SchemaKey>) {
        contexts[subject.context, default: Context()].subjects[subject.name] = versions
        for v in versions {
            contexts[subject.context, default: Context()].usage[v.schemaId, default: 0] += 1
            if !referring.isEmpty && referring.contains(SchemaKey(context: subject.context, id: v.schemaId)) {
                addReferrers(of: v)
            }
        }
    }

    // MARK: Reads

    /// The versions of a subject, ascending, soft-deleted included.
    public func versions(of subject: QualifiedSubject) -> [StoredVersion] {
        contexts[subject.context]?.subjects[subject.name] ?? []
    }

    /// The schema with `id` in `context`.
    public func schema(id: Int, context: String) -> StoredSchema? {
        contexts[context]?.schemas[id]
    }

    /// The id that content with this identity hash has in `context`.
    public func schemaId(forHash hash: SchemaHash, context: String) -> Int? {
        contexts[context]?.idsByHash[hash]
    }

    /// Subject versions whose schemas reference `subject` version `version`.
    func referrers(of subject: QualifiedSubject, version: Int) -> Set<VersionKey> {
        referrers[VersionKey(subject: subject, version: version)] ?? []
    }

    /// The allocation a store without its own sequences makes for `write`: the given or next
    /// id, the given or next version.
    public func allocation(for write: RegistryWrite) -> RegistryWriteOutcome {
        guard case .register(let schema, let useGivenId, let subject, let version, _, _) = write else { return .done }
        let id = useGivenId ? schema.id : (contexts[schema.context]?.nextId ?? 1)
        let next = (versions(of: subject).last?.version ?? 0) + 1
        return .registered(id: id, version: version ?? next)
    }

    // MARK: Writes

    /// Applies a write the store has performed, with what it allocated.
    public mutating func apply(_ write: RegistryWrite, outcome: RegistryWriteOutcome) {
        writeGeneration &+= 1
        switch write {
        case .register(var schema, _, let subject, _, let timestamp, let permanentlyRemove):
            guard case .registered(let id, let version) = outcome else { return }
            // The subject lives on (a version is being added), so its config and mode stay.
            if !permanentlyRemove.isEmpty { removeVersions(permanentlyRemove, of: subject, dropsSettingsWhenEmpty: false) }
            schema.id = id
            let stored = StoredVersion(subject: subject, version: version, schemaId: id, deleted: false, timestamp: timestamp)
            // Mutated in place: see init(contents:).
            if contexts[schema.context]?.schemas[id] == nil {
                contexts[schema.context, default: Context()].insert(schema)
            }
            contexts[schema.context, default: Context()].nextId = max(contexts[schema.context]?.nextId ?? 1, id + 1)
            contexts[schema.context, default: Context()].subjects[subject.name, default: []].append(stored)
            if let list = contexts[schema.context]?.subjects[subject.name], list.count > 1, list[list.count - 2].version > version {
                contexts[schema.context]?.subjects[subject.name]?.sort { $0.version < $1.version }
            }
            contexts[schema.context, default: Context()].usage[id, default: 0] += 1
            addReferrers(of: stored)
        case .deleteVersions(let subject, let numbers, let permanent):
            if permanent {
                removeVersions(numbers, of: subject)
            } else {
                guard let list = contexts[subject.context]?.subjects[subject.name] else { return }
                for i in list.indices where numbers.contains(list[i].version) {
                    contexts[subject.context]?.subjects[subject.name]?[i].deleted = true
                }
            }
        case .setConfig(let scope, let config):
            configs[scope] = config
        case .setMode(let scope, let mode):
            modes[scope] = mode
        case .batch(let writes):
            for inner in writes { apply(inner, outcome: allocation(for: inner)) }
        }
    }

    private mutating func removeVersions(_ numbers: [Int], of subject: QualifiedSubject, dropsSettingsWhenEmpty: Bool = true) {
        guard let list = contexts[subject.context]?.subjects[subject.name] else { return }
        removalGeneration &+= 1
        var kept: [StoredVersion] = []
        for v in list {
            guard numbers.contains(v.version) else {
                kept.append(v)
                continue
            }
            removeReferrers(of: v)
            let remaining = (contexts[subject.context]?.usage[v.schemaId] ?? 1) - 1
            if remaining <= 0 {
                contexts[subject.context]?.usage[v.schemaId] = nil
                if let schema = contexts[subject.context]?.schemas.removeValue(forKey: v.schemaId) {
                    contexts[subject.context]?.idsByHash[schema.identityHash] = nil
                }
            } else {
                contexts[subject.context]?.usage[v.schemaId] = remaining
            }
        }
        if kept.isEmpty {
            contexts[subject.context]?.subjects[subject.name] = nil
            if dropsSettingsWhenEmpty {
                // Permanently deleting the last version also drops the subject's config and mode.
                configs[subject] = nil
                modes[subject] = nil
            }
        } else {
            contexts[subject.context]?.subjects[subject.name] = kept
        }
    }

    /// The subject a reference names, resolved in the referrer's context when unqualified.
    static func referencedSubject(_ reference: SchemaReference, from referrer: QualifiedSubject) -> QualifiedSubject {
        reference.subject.hasPrefix(":.")
            ? QualifiedSubject(parsing: reference.subject)
            : QualifiedSubject(context: referrer.context, name: reference.subject)
    }

    private mutating func addReferrers(of version: StoredVersion) {
        guard let schema = contexts[version.subject.context]?.schemas[version.schemaId] else { return }
        let key = VersionKey(subject: version.subject, version: version.version)
        for r in schema.references {
            let target = VersionKey(subject: Self.referencedSubject(r, from: version.subject), version: r.version)
            referrers[target, default: []].insert(key)
        }
    }

    private mutating func removeReferrers(of version: StoredVersion) {
        guard let schema = contexts[version.subject.context]?.schemas[version.schemaId] else { return }
        let key = VersionKey(subject: version.subject, version: version.version)
        for r in schema.references {
            let target = VersionKey(subject: Self.referencedSubject(r, from: version.subject), version: r.version)
            referrers[target]?.remove(key)
            if referrers[target]?.isEmpty == true { referrers[target] = nil }
        }
    }

    /// Everything, in the store's shape (for tests and for copying between stores).
    public var contents: RegistryStoreContents {
        var result = RegistryStoreContents(configs: configs, modes: modes)
        for (name, context) in contexts {
            result.schemas.append(contentsOf: context.schemas.values)
            for list in context.subjects.values { result.versions.append(contentsOf: list) }
            result.nextIds[name] = context.nextId
        }
        return result
    }
}
