/// What other nodes wrote to shared storage since a node last looked: the current state of
/// every key they touched, to apply to the node's memory (`RegistryState.refresh`).
///
/// Each refresh states what the store holds for its key now, not what happened to it, so
/// applying one twice, or applying a node's own writes again, changes nothing: a node may
/// read the log from any position it has reached and always ends up equal to the store.
public struct StoreChanges: Sendable, Hashable {
    /// The log position read up to: the next read starts after it.
    public var position: Int64
    /// The keys touched since the previous position, in log order.
    public var refreshes: [StoreRefresh]

    /// Creates a batch of changes.
    public init(position: Int64, refreshes: [StoreRefresh]) {
        self.position = position
        self.refreshes = refreshes
    }
}

/// The current state of one key of the store.
public enum StoreRefresh: Sendable, Hashable {
    /// A subject version as stored now (`nil`: gone), with its schema when it exists.
    case version(subject: QualifiedSubject, version: Int, record: StoredVersion?, schema: StoredSchema?)
    /// A schema no version uses any more was removed.
    case schemaRemoved(context: String, id: Int)
    /// A scope's config as stored now.
    case config(scope: QualifiedSubject, config: RegistryConfig?)
    /// A scope's mode as stored now.
    case mode(scope: QualifiedSubject, mode: RegistryMode?)
    /// An association as stored now.
    case association(key: AssociationKey, association: Association?)
    /// A context's id sequence as stored now.
    case nextId(context: String, next: Int)
}

/// A write in progress on a store shared by several nodes: the node holds the store's write
/// lock for the session's whole length, catches up with what others wrote, decides, and
/// performs, so no other node's write can come between its reading and its writing.
public protocol RegistryWriteSession: Sendable {
    /// What was written since `position` (other nodes' writes, and this node's own again).
    func changes(after position: Int64) async throws(RegistryError) -> StoreChanges
    /// Performs one write in one transaction, as `RegistryStore.perform`.
    func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome

    /// The log position of the session's last write, when it wrote one: nothing else can be
    /// in the log before it that the node has not seen, so the node need not read its own
    /// writes back.
    func positionAfterLastWrite() -> Int64?
}

extension RegistryWriteSession {
    /// No log.
    public func positionAfterLastWrite() -> Int64? { nil }
}

/// The session of a store no other node writes to: nothing to catch up with.
struct LocalWriteSession: RegistryWriteSession {
    let store: any RegistryStore

    func changes(after position: Int64) async throws(RegistryError) -> StoreChanges {
        StoreChanges(position: position, refreshes: [])
    }

    func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome {
        try await store.perform(write)
    }
}
