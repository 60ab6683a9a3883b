/// Durable storage behind the registry.
///
/// The store is the source of truth and the serialiser of writes: each `perform` is one
/// transaction, durable before it returns, and ids and version numbers are allocated inside
/// it, so several nodes sharing one database can never hand out the same id. The registry
/// keeps everything in memory and only calls the store to load at start and to write.
public protocol RegistryStore: Sendable {
    /// The in-memory state of everything the store holds, for start-up.
    ///
    /// Stores stream their rows into a `RegistryStateBuilder` rather than returning a full
    /// copy of their contents: with a million versions, the copy and the state side by side
    /// were a third of the peak memory, and building twice was a third of the time.
    func loadState() async throws(RegistryError) -> RegistryState

    /// Performs one write in one transaction and reports what was allocated.
    func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome

    /// Releases resources (connections, file handles).
    func close() async

    /// Whether other nodes may write to the same storage: the registry then catches up with
    /// them before every write and follows them in the background.
    var isShared: Bool { get }

    /// Runs one write operation of the registry holding the storage's write lock (one writer
    /// across every node at a time), in a session that catches up and performs.
    func withWriteSession<T: Sendable>(
        _ body: (any RegistryWriteSession) async throws(RegistryError) -> T
    ) async throws(RegistryError) -> T

    /// What was written since `position`, read without the write lock (the background
    /// follower of a node that is not writing).
    func changes(after position: Int64) async throws(RegistryError) -> StoreChanges

    /// Returns when another node may have written, or after `interval` at the latest: a store
    /// that is notified of writes wakes the follower at once, any other polls.
    func waitForChanges(upTo interval: Duration) async

    /// The newest position of the shared change log, for the lag metric; `nil` for a store of
    /// one node's own.
    func latestChangePosition() async throws(RegistryError) -> Int64?
}

extension RegistryStore {
    public func close() async {}

    /// A store of one node's own.
    public var isShared: Bool { false }

    /// The registry's own write lock is all a store of one node needs.
    public func withWriteSession<T: Sendable>(
        _ body: (any RegistryWriteSession) async throws(RegistryError) -> T
    ) async throws(RegistryError) -> T {
        try await body(LocalWriteSession(store: self))
    }

    /// No log shared with other nodes.
    public func latestChangePosition() async throws(RegistryError) -> Int64? { nil }

    /// Nobody else writes.
    public func changes(after position: Int64) async throws(RegistryError) -> StoreChanges {
        StoreChanges(position: position, refreshes: [])
    }

    /// Polling: wait the interval.
    public func waitForChanges(upTo interval: Duration) async {
        try? await Task.sleep(for: interval)
    }

    /// Everything the store holds, in the store's shape (for tests, backups and copying
    /// between stores).
    public func load() async throws(RegistryError) -> RegistryStoreContents {
        try await loadState().contents
    }
}

/// The full contents of a store.
public struct RegistryStoreContents: Sendable {
    public var schemas: [StoredSchema]
    public var versions: [StoredVersion]
    /// Config by scope: a subject, or a context with an empty name (global = `.__GLOBAL`).
    public var configs: [QualifiedSubject: RegistryConfig]
    public var modes: [QualifiedSubject: RegistryMode]
    /// The next id each context would allocate (never below max id + 1).
    public var nextIds: [String: Int]
    /// Associations of resources with subjects.
    public var associations: [Association]

    /// Creates contents.
    public init(
        schemas: [StoredSchema] = [], versions: [StoredVersion] = [], configs: [QualifiedSubject: RegistryConfig] = [:],
        modes: [QualifiedSubject: RegistryMode] = [:], nextIds: [String: Int] = [:], associations: [Association] = []
    ) {
        self.associations = associations
        self.schemas = schemas
        self.versions = versions
        self.configs = configs
        self.modes = modes
        self.nextIds = nextIds
    }
}

/// One write to the store, fully decided by the registry.
///
/// Every registry rule is applied before a write reaches the store: which versions go, which
/// schemas lose their last version, whether a subject's config and mode go with it. A store
/// only allocates ids and versions (inside its transaction, so nodes never collide) and
/// carries out the rows it is given, which is what lets one conformance suite hold every
/// store to the same results.
public enum RegistryWrite: Sendable, Hashable {
    /// A new version of a subject. `schema.id` is used when `useGivenId` (an explicit IMPORT id
    /// or the id that identical content already has in the context); otherwise the store
    /// allocates the context's next id. `version` nil means one more than the highest version
    /// the subject has, soft-deleted ones included. `permanentlyRemove` lists soft-deleted
    /// versions of the subject, of this same schema, whose rows go in the same transaction
    /// (the schema itself stays: the new version uses it).
    case register(schema: StoredSchema, useGivenId: Bool, subject: QualifiedSubject, version: Int?, timestamp: Int64, permanentlyRemove: [Int])
    /// Marks versions of a subject deleted (a soft delete); their rows and schemas stay.
    case markDeleted(subject: QualifiedSubject, versions: [Int])
    /// Removes the rows of versions of a subject for good (schemas are removed separately).
    case removeVersions(subject: QualifiedSubject, versions: [Int])
    /// Removes schemas of a context that no version uses any more.
    case removeSchemas(context: String, ids: [Int])
    /// Sets or (nil) removes the config of a scope.
    case setConfig(scope: QualifiedSubject, config: RegistryConfig?)
    /// Sets or (nil) removes the mode of a scope.
    case setMode(scope: QualifiedSubject, mode: RegistryMode?)
    /// Stores or (nil) removes the association under `key`.
    case setAssociation(key: AssociationKey, association: Association?)
    /// Rows copied from another store as they are: schemas with their ids, versions with
    /// their numbers, deletion marks and times, and each context's id sequence raised to at
    /// least `nextIds` (`copy-storage`). Nothing in them may exist yet.
    case restore(schemas: [StoredSchema], versions: [StoredVersion], nextIds: [String: Int])
    /// Several writes in one transaction, performed and applied in order: for operations that
    /// change more than one row family at once (a recursive mode delete, a switch into IMPORT
    /// that purges soft-deleted versions) and must not be seen, or survive a crash, half done.
    /// Registrations are not allowed inside (their allocation could not be reported); the
    /// outcome is `.done`.
    indirect case batch([RegistryWrite])
}

extension RegistryWrite {
    /// What the write does, in a few words and without schema text, for a store's error
    /// messages ("could not register a schema under 's'").
    public var summary: String {
        switch self {
        case .register(_, _, let subject, _, _, _): return "register a schema under '\(subject)'"
        case .markDeleted(let subject, _): return "delete versions of '\(subject)'"
        case .removeVersions(let subject, _): return "permanently delete versions of '\(subject)'"
        case .removeSchemas(let context, let ids): return "remove \(ids.count) schemas of context '\(context)'"
        case .setConfig(let scope, let config): return (config == nil ? "remove" : "set") + " the config of '\(scope)'"
        case .setMode(let scope, let mode): return (mode == nil ? "remove" : "set") + " the mode of '\(scope)'"
        case .setAssociation(let key, let association):
            return (association == nil ? "remove" : "store") + " the \(key.associationType) association of resource '\(key.resourceId)'"
        case .restore(let schemas, let versions, _): return "restore \(schemas.count) schemas and \(versions.count) versions"
        case .batch(let writes): return "perform \(writes.count) writes together"
        }
    }
}

/// What a write allocated.
public enum RegistryWriteOutcome: Sendable, Hashable {
    /// A registration: the id and version it got.
    case registered(id: Int, version: Int)
    /// Any other write.
    case done
}
