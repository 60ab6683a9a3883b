import JSONModel

/// The registry's whole state in memory, indexed for every read the API makes.
///
/// Writes reach it only through `apply`, with what the store allocated, so the state a node
/// rebuilds at start (through `RegistryStateBuilder`) and the state it maintains while
/// running follow the same rules.
///
/// The layout is sized for a million schema versions in well under a gigabyte: schemas sit
/// in one `SchemaTable` per context (compact records, array and open-addressing indexes),
/// and versions are small records filed under their subject's name, which is stored once.
/// `StoredSchema` and `StoredVersion`, the shapes the API works with, are made on read.
public struct RegistryState: Sendable {
    /// One context: its schemas, its subjects, its id sequence.
    struct Context: Sendable {
        var schemas = SchemaTable()
        /// Versions of each subject (by name within the context), ascending by version.
        var subjects: [String: [VersionRecord]] = [:]
        var nextId = 1
    }

    /// Contexts by name (`.` is the default).
    private(set) var contexts: [String: Context] = [:]
    /// Config by scope (subject, context, or `.__GLOBAL` for global).
    public private(set) var configs: [QualifiedSubject: RegistryConfig] = [:]
    /// Mode by scope.
    public private(set) var modes: [QualifiedSubject: RegistryMode] = [:]
    /// Associations by resource and type.
    public private(set) var associations: [AssociationKey: Association] = [:]
    /// The keys of each subject's associations: deletes, registrations and `GET /schemas`
    /// ask by subject, for every subject they look at.
    private var associationKeysBySubject: [QualifiedSubject: Set<AssociationKey>] = [:]
    /// For each referenced subject version, the subject versions whose schemas reference it.
    var referrers: [VersionKey: Set<VersionKey>] = [:]
    /// While loading: whether schema tables leave indexing by content to `finishLoading`.
    var defersContentIndex = false
    /// Counts the writes that permanently removed versions (and perhaps schemas). Content
    /// under a (context, id) or a subject version never changes except through such a
    /// removal, so a cache of rendered responses stays valid while this number does.
    public private(set) var removalGeneration = 0
    /// Counts every write applied: anything derived from the state as a whole (which version
    /// a lookup matches) stays valid while this number does.
    public private(set) var writeGeneration = 0
    /// How far into a shared store's change log this state has caught up (0 for a store of
    /// one node's own).
    public internal(set) var changePosition: Int64 = 0

    /// A subject version as a hashable key.
    struct VersionKey: Hashable, Sendable {
        var subject: QualifiedSubject
        var version: Int
    }

    /// An empty registry.
    public init() {}

    /// The state a store's contents describe.
    public init(contents: RegistryStoreContents) {
        var builder = RegistryStateBuilder()
        var schemaCounts: [String: Int] = [:]
        for schema in contents.schemas { schemaCounts[schema.context, default: 0] += 1 }
        for (name, count) in schemaCounts { builder.reserveSchemas(count, in: name) }
        for schema in contents.schemas { builder.addSchema(schema) }
        for version in contents.versions { builder.addVersion(version) }
        for (scope, config) in contents.configs { builder.setConfig(config, for: scope) }
        for (scope, mode) in contents.modes { builder.setMode(mode, for: scope) }
        for (name, next) in contents.nextIds { builder.raiseNextId(to: next, in: name) }
        for association in contents.associations { builder.setAssociation(association) }
        self = builder.build()
    }

    // MARK: Reads

    /// How many schemas there are, over all contexts (for benchmarks and diagnostics).
    public var schemaCount: Int { contexts.values.reduce(0) { $0 + $1.schemas.count } }

    /// What the state holds by type, for metrics: one pass over every schema record.
    public var statistics: RegistryStatistics {
        var statistics = RegistryStatistics()
        for context in contexts.values {
            context.schemas.countByType(into: &statistics.schemasByType)
            statistics.subjects += context.subjects.count
            for versions in context.subjects.values {
                if let latest = versions.last, let type = context.schemas[id: latest.schemaId]?.schemaType {
                    statistics.subjectsByType[type, default: 0] += 1
                }
            }
            statistics.versions += context.subjects.values.reduce(0) { $0 + $1.count }
        }
        return statistics
    }

    /// How many subject versions there are (soft-deleted included), over all contexts.
    public var versionCount: Int {
        contexts.values.reduce(0) { total, context in context.subjects.values.reduce(total) { $0 + $1.count } }
    }

    /// The versions of a subject, ascending, soft-deleted included.
    public func versions(of subject: QualifiedSubject) -> [StoredVersion] {
        records(of: subject).map { $0.stored(in: subject) }
    }

    /// The version records of a subject, ascending, soft-deleted included.
    func records(of subject: QualifiedSubject) -> [VersionRecord] {
        contexts[subject.context]?.subjects[subject.name] ?? []
    }

    /// The schema with `id` in `context`.
    public func schema(id: Int, context: String) -> StoredSchema? {
        contexts[context]?.schemas.schema(id: id, context: context)
    }

    /// The identity hash of the schema with `id` in `context`, without copying its text out.
    func identityHash(id: Int, context: String) -> SchemaHash? {
        contexts[context]?.schemas[id: id]?.identityHash
    }

    /// The metadata of the schema with `id` in `context`, without copying its text out.
    func metadata(id: Int, context: String) -> JSONValue? {
        guard let table = contexts[context]?.schemas, let record = table[id: id] else { return nil }
        return table.extras(of: record)?.metadata
    }

    /// The id that content with this identity hash has in `context`.
    public func schemaId(forHash hash: SchemaHash, context: String) -> Int? {
        contexts[context]?.schemas.id(forHash: hash)
    }

    /// The associations whose subject is `subject`, of any resource.
    public func associations(ofSubject subject: QualifiedSubject) -> [Association] {
        guard let keys = associationKeysBySubject[subject] else { return [] }
        return keys.compactMap { associations[$0] }
    }

    /// Whether any version of `subject`, soft-deleted or not, is referenced by any schema.
    func isReferenced(_ subject: QualifiedSubject) -> Bool {
        records(of: subject).contains { !referrers(of: subject, version: $0.version).isEmpty }
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
        let next = (records(of: subject).last?.version ?? 0) + 1
        return .registered(id: id, version: version ?? next)
    }

    // MARK: Writes

    /// Applies a write the store has performed, with what it allocated.
    public mutating func apply(_ write: RegistryWrite, outcome: RegistryWriteOutcome) {
        writeGeneration &+= 1
        switch write {
        case .register(var schema, _, let subject, _, let timestamp, let permanentlyRemove):
            guard case .registered(let id, let version) = outcome else { return }
            if !permanentlyRemove.isEmpty { removeVersions(permanentlyRemove, of: subject) }
            schema.id = id
            insertVersion(VersionRecord(version: version, schemaId: id, timestamp: timestamp, deleted: false), of: subject, schema: schema)
        case .markDeleted(let subject, let numbers):
            guard let list = contexts[subject.context]?.subjects[subject.name] else { return }
            for i in list.indices where numbers.contains(list[i].version) {
                contexts[subject.context]?.subjects[subject.name]?[i].deleted = true
            }
        case .removeVersions(let subject, let numbers):
            removeVersions(numbers, of: subject)
        case .removeSchemas(let context, let ids):
            removalGeneration &+= 1
            for id in ids { contexts[context]?.schemas.remove(id: id) }
        case .setConfig(let scope, let config):
            configs[scope] = config
        case .setMode(let scope, let mode):
            modes[scope] = mode
        case .setAssociation(let key, let association):
            setAssociation(association, for: key)
        case .restore(let schemas, let versions, let nextIds):
            for schema in schemas where contexts[schema.context]?.schemas.contains(id: schema.id) != true {
                contexts[schema.context, default: Context()].schemas.insert(schema)
            }
            for v in versions {
                insertVersion(VersionRecord(version: v.version, schemaId: v.schemaId, timestamp: v.timestamp, deleted: v.deleted), of: v.subject, schema: nil)
            }
            for (context, next) in nextIds { raiseNextId(to: next, in: context) }
        case .batch(let writes):
            for inner in writes { apply(inner, outcome: allocation(for: inner)) }
        }
    }

    /// Adds a version record (and its schema, when the context does not hold it yet), keeping
    /// the subject's versions in order, the schema's usage and the references.
    private mutating func insertVersion(_ record: VersionRecord, of subject: QualifiedSubject, schema: StoredSchema?) {
        let name = subject.context
        let id = record.schemaId
        // Mutated in place: a context copied out of the dictionary and written back would
        // copy its tables on every write.
        if let schema, contexts[name]?.schemas.contains(id: id) != true {
            contexts[name, default: Context()].schemas.insert(schema)
        }
        contexts[name, default: Context()].nextId = max(contexts[name]?.nextId ?? 1, id + 1)
        contexts[name, default: Context()].subjects[subject.name, default: []].append(record)
        if let list = contexts[name]?.subjects[subject.name], list.count > 1, list[list.count - 2].version > record.version {
            contexts[name]?.subjects[subject.name]?.sort { $0.version < $1.version }
        }
        contexts[name, default: Context()].schemas.addUsage(1, to: id)
        addReferrers(of: subject, version: record.version, schemaId: id)
    }

    // MARK: Following other nodes

    /// Brings one key to what a shared store holds now (`StoreRefresh`); applying the same
    /// refresh again changes nothing.
    public mutating func refresh(_ refresh: StoreRefresh) {
        writeGeneration &+= 1
        switch refresh {
        case .version(let subject, let number, let stored, let schema):
            let existing = records(of: subject).first { $0.version == number }
            if let existing, stored == nil || stored?.schemaId != existing.schemaId {
                removeVersions([number], of: subject)
            }
            guard let stored else { return }
            if let existing, existing.schemaId == stored.schemaId {
                if existing.deleted != stored.deleted, let i = records(of: subject).firstIndex(where: { $0.version == number }) {
                    contexts[subject.context]?.subjects[subject.name]?[i].deleted = stored.deleted
                }
                return
            }
            guard schema != nil || contexts[subject.context]?.schemas.contains(id: stored.schemaId) == true else { return }
            insertVersion(
                VersionRecord(version: number, schemaId: stored.schemaId, timestamp: stored.timestamp, deleted: stored.deleted), of: subject,
                schema: schema)
        case .schemaRemoved(let context, let id):
            guard let record = contexts[context]?.schemas[id: id], record.usage <= 0 else { return }
            removalGeneration &+= 1
            contexts[context]?.schemas.remove(id: id)
        case .config(let scope, let config):
            configs[scope] = config
        case .mode(let scope, let mode):
            modes[scope] = mode
        case .association(let key, let association):
            setAssociation(association, for: key)
        case .nextId(let context, let next):
            raiseNextId(to: next, in: context)
        }
    }

    /// Removes version records, with their usage of schemas and their references; what else
    /// goes with them is decided by `permanentRemoval` and arrives as writes of its own.
    private mutating func removeVersions(_ numbers: [Int], of subject: QualifiedSubject) {
        guard let list = contexts[subject.context]?.subjects[subject.name] else { return }
        removalGeneration &+= 1
        var kept: [VersionRecord] = []
        for v in list {
            guard numbers.contains(v.version) else {
                kept.append(v)
                continue
            }
            removeReferrers(of: subject, version: v.version, schemaId: v.schemaId)
            _ = contexts[subject.context]?.schemas.addUsage(-1, to: v.schemaId)
        }
        contexts[subject.context]?.subjects[subject.name] = kept.isEmpty ? nil : kept
    }

    /// The writes that permanently remove `versions` of each subject, with everything
    /// Confluent removes with them: each schema no remaining version of its context uses,
    /// and the config and mode of a subject left without versions. Decided here, once for
    /// every store, over all the subjects together (two subjects may share a schema).
    public func permanentRemoval(_ versions: [QualifiedSubject: [Int]]) -> [RegistryWrite] {
        var writes: [RegistryWrite] = []
        var removedUses: [String: [Int: Int32]] = [:]
        var emptied: [QualifiedSubject] = []
        for subject in versions.keys.sorted() {
            let numbers = Set(versions[subject] ?? [])
            let records = self.records(of: subject)
            let removed = records.filter { numbers.contains($0.version) }
            guard !removed.isEmpty else { continue }
            writes.append(.removeVersions(subject: subject, versions: removed.map(\.version)))
            for record in removed { removedUses[subject.context, default: [:]][record.schemaId, default: 0] += 1 }
            if removed.count == records.count { emptied.append(subject) }
        }
        for context in removedUses.keys.sorted() {
            let ids = removedUses[context]!.filter { id, uses in (contexts[context]?.schemas[id: id]?.usage ?? 0) <= uses }.keys.sorted()
            if !ids.isEmpty { writes.append(.removeSchemas(context: context, ids: ids)) }
        }
        for subject in emptied {
            if configs[subject] != nil { writes.append(.setConfig(scope: subject, config: nil)) }
            if modes[subject] != nil { writes.append(.setMode(scope: subject, mode: nil)) }
        }
        return writes
    }

    /// The subject a reference names, resolved in the referrer's context when unqualified.
    static func referencedSubject(_ reference: SchemaReference, from referrer: QualifiedSubject) -> QualifiedSubject {
        reference.subject.hasPrefix(":.")
            ? QualifiedSubject(parsing: reference.subject)
            : QualifiedSubject(context: referrer.context, name: reference.subject)
    }

    /// The references of schema `id` in `context`, nil when there is no such schema.
    private func references(ofSchema id: Int, context: String) -> [SchemaReference]? {
        guard let table = contexts[context]?.schemas, let record = table[id: id] else { return nil }
        return table.references(of: record)
    }

    private mutating func addReferrers(of subject: QualifiedSubject, version: Int, schemaId: Int) {
        guard let references = references(ofSchema: schemaId, context: subject.context), !references.isEmpty else { return }
        let key = VersionKey(subject: subject, version: version)
        for r in references {
            let target = VersionKey(subject: Self.referencedSubject(r, from: subject), version: r.version)
            referrers[target, default: []].insert(key)
        }
    }

    private mutating func removeReferrers(of subject: QualifiedSubject, version: Int, schemaId: Int) {
        guard let references = references(ofSchema: schemaId, context: subject.context), !references.isEmpty else { return }
        let key = VersionKey(subject: subject, version: version)
        for r in references {
            let target = VersionKey(subject: Self.referencedSubject(r, from: subject), version: r.version)
            referrers[target]?.remove(key)
            if referrers[target]?.isEmpty == true { referrers[target] = nil }
        }
    }

    // MARK: Loading (through RegistryStateBuilder)

    /// Makes room for `count` schemas in `context`.
    mutating func reserveSchemas(_ count: Int, in context: String) {
        let defers = defersContentIndex
        func reserve(in context: inout Context) {
            if defers { context.schemas.deferContentIndex() }
            context.schemas.reserveCapacity(count)
        }
        reserve(in: &contexts[context, default: Context()])
    }

    /// Adds a stored schema, with no versions using it yet.
    mutating func loadSchema(_ schema: StoredSchema) {
        let defers = defersContentIndex
        func add(to context: inout Context) {
            if defers { context.schemas.deferContentIndex() }
            context.schemas.insert(schema)
            context.nextId = max(context.nextId, schema.id + 1)
        }
        add(to: &contexts[schema.context, default: Context()])
    }

    /// Adds a stored schema whose text is given as UTF-8 bytes, with no versions using it yet.
    mutating func loadSchema(
        context name: String, id: Int, schemaType: SchemaType, text: UnsafeBufferPointer<UInt8>, extras: SchemaExtras?,
        identityHash: SchemaHash
    ) {
        let defers = defersContentIndex
        func add(to context: inout Context) {
            if defers { context.schemas.deferContentIndex() }
            context.schemas.insert(id: id, schemaType: schemaType, text: text, extras: extras, identityHash: identityHash)
            context.nextId = max(context.nextId, id + 1)
        }
        add(to: &contexts[name, default: Context()])
    }

    /// Adds stored versions of `subject`, ascending by version, to those loaded before.
    mutating func loadVersions(_ records: [VersionRecord], of subject: QualifiedSubject) {
        Self.loadVersions(records, into: &contexts[subject.context, default: Context()].subjects[subject.name, default: []])
    }

    /// Adds version records, ascending, to a subject's list, ascending.
    private static func loadVersions(_ records: [VersionRecord], into list: inout [VersionRecord]) {
        if list.isEmpty {
            list = records
        } else {
            // The store returned the subject's versions in more than one run: merge them.
            list.append(contentsOf: records)
            list.sort { $0.version < $1.version }
        }
    }

    /// Sets a stored config.
    mutating func loadConfig(_ config: RegistryConfig, for scope: QualifiedSubject) { configs[scope] = config }

    /// Sets a stored mode.
    mutating func loadMode(_ mode: RegistryMode, for scope: QualifiedSubject) { modes[scope] = mode }

    /// Sets a stored association.
    mutating func loadAssociation(_ association: Association) { setAssociation(association, for: association.key) }

    /// Stores or removes the association under `key`, keeping the by-subject index.
    private mutating func setAssociation(_ association: Association?, for key: AssociationKey) {
        if let old = associations[key] {
            associationKeysBySubject[old.subject]?.remove(key)
            if associationKeysBySubject[old.subject]?.isEmpty == true { associationKeysBySubject[old.subject] = nil }
        }
        associations[key] = association
        if let association { associationKeysBySubject[association.subject, default: []].insert(key) }
    }

    /// Raises a context's next id to at least `next`.
    mutating func raiseNextId(to next: Int, in context: String) {
        contexts[context, default: Context()].nextId = max(contexts[context]?.nextId ?? 1, next)
    }

    /// Takes in everything another partial load holds, as rows that came before this
    /// state's (see `RegistryStateBuilder.absorb(earlier:)`).
    mutating func absorbLoaded(_ other: RegistryState) {
        for (name, part) in other.contexts {
            guard contexts[name] != nil else {
                contexts[name] = part
                continue
            }
            func absorb(into context: inout Context) {
                context.schemas.absorb(earlier: part.schemas)
                if context.subjects.isEmpty {
                    context.subjects = part.subjects
                } else {
                    for (subject, records) in part.subjects {
                        Self.loadVersions(records, into: &context.subjects[subject, default: []])
                    }
                }
                context.nextId = max(context.nextId, part.nextId)
            }
            absorb(into: &contexts[name, default: Context()])
        }
        configs.merge(other.configs) { _, theirs in theirs }
        for (key, association) in other.associations { setAssociation(association, for: key) }
        modes.merge(other.modes) { _, theirs in theirs }
    }

    /// Counts each schema's versions and indexes referrers, once everything is loaded: one
    /// pass over the versions, whatever order the store delivered schemas and versions in.
    mutating func finishLoading() {
        var referring: [(QualifiedSubject, VersionRecord)] = []
        for name in Array(contexts.keys) {
            // Taken out while counting, so the tables are changed in place, not copied.
            guard var context = contexts.removeValue(forKey: name) else { continue }
            context.schemas.completeContentIndex()
            let anyReferences = context.schemas.referencingCount > 0
            for (subjectName, versions) in context.subjects {
                for v in versions {
                    context.schemas.addUsage(1, to: v.schemaId)
                    if anyReferences, let record = context.schemas[id: v.schemaId], !context.schemas.references(of: record).isEmpty {
                        referring.append((QualifiedSubject(context: name, name: subjectName), v))
                    }
                }
            }
            contexts[name] = context
        }
        for (subject, v) in referring { addReferrers(of: subject, version: v.version, schemaId: v.schemaId) }
        defersContentIndex = false
    }

    /// Everything, in the store's shape (for tests and for copying between stores).
    public var contents: RegistryStoreContents {
        var result = RegistryStoreContents(configs: configs, modes: modes, associations: associations.keys.sorted().compactMap { associations[$0] })
        for (name, context) in contexts {
            result.schemas.append(contentsOf: context.schemas.allSchemas(context: name))
            for (subjectName, list) in context.subjects {
                let subject = QualifiedSubject(context: name, name: subjectName)
                result.versions.append(contentsOf: list.map { $0.stored(in: subject) })
            }
            result.nextIds[name] = context.nextId
        }
        return result
    }
}
