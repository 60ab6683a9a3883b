import Foundation
import JSONModel
import Synchronization

/// The registry's rules over an in-memory state, with a durable store behind it.
///
/// Reads are answered from memory under a briefly held lock and never touch the store; writes
/// are serialised, validated against memory, performed by the store in one transaction, then
/// applied to memory. Every method is one REST operation, with Confluent's semantics.
public final class Registry: Sendable {
    let store: any RegistryStore
    let formats: [SchemaType: any SchemaFormat]
    /// Server-wide settings.
    public let options: RegistryOptions
    /// Told of store writes, compatibility checks and registrations (metrics).
    let observer: (any RegistryObserver)?
    let state: Mutex<RegistryState>
    let writes = AsyncWriteLock()
    let parsedCache = Mutex<[ParsedKey: any ParsedSchema]>([:])
    /// The follower's last failure to read a shared store.
    let followerProblem = Mutex<String?>(nil)
    /// Request schemas already parsed and canonicalised, so repeated lookups and registrations
    /// of the same text skip the parser.
    let preparedCache = Mutex(BoundedCache<PreparedKey, PreparedParse>(maximumCount: 4096, maximumCost: 32 << 20))

    /// Parsed schemas by content, not only id: an id may come back with other content after a
    /// hard delete (IMPORT), and the cache must not answer with the old parse.
    struct ParsedKey: Hashable {
        var context: String
        var id: Int
        var hash: SchemaHash
    }

    /// The most parsed schemas kept at once.
    static let parsedCacheLimit = 20_000

    /// Loads the store's contents and starts serving them.
    ///
    /// - Parameters:
    ///   - store: where writes go and where state comes from.
    ///   - formats: the schema formats to accept; Avro by default.
    ///   - options: server-wide settings.
    ///   - observer: told of the registry's work as it happens, for metrics.
    public init(
        store: any RegistryStore, formats: [any SchemaFormat] = [AvroSchemaFormat()], options: RegistryOptions = RegistryOptions(),
        observer: (any RegistryObserver)? = nil
    ) async throws(RegistryError) {
        self.store = store
        self.observer = observer
        var byType: [SchemaType: any SchemaFormat] = [:]
        for f in formats { byType[f.schemaType] = f }
        self.formats = byType
        self.options = options
        self.state = Mutex(try await store.loadState())
    }

    /// The schema types this registry accepts.
    public var schemaTypes: [SchemaType] { SchemaType.allCases.filter { formats[$0] != nil } }

    /// Changes whenever a write permanently removes versions or schemas: until it changes, the
    /// content of every (context, id) and of every subject version is unchanged, so responses
    /// rendered from them can be reused (a soft delete changes only the version's `deleted`).
    public var removalGeneration: Int { state.withLock { $0.removalGeneration } }

    /// Changes with every write: a result computed from the state as a whole (which version
    /// a lookup matches) can be reused while it does not.
    public var writeGeneration: Int { state.withLock { $0.writeGeneration } }

    /// A consistent copy of the state, for work too long to do under the lock (parsing,
    /// compatibility checks). A write that applies while a copy is alive has to copy the tables
    /// it changes, so cheap reads use `read` instead.
    func snapshot() -> RegistryState { state.withLock { $0 } }

    /// Runs a cheap read on the state under the lock, without copying it.
    func read<T: Sendable>(_ body: (RegistryState) throws(RegistryError) -> T) throws(RegistryError) -> T {
        try state.withLock { (s: inout RegistryState) throws(RegistryError) -> T in try body(s) }
    }

    /// Runs a cheap, non-throwing read on the state under the lock, without copying it.
    func read<T: Sendable>(_ body: (RegistryState) -> T) -> T {
        state.withLock { (s: inout RegistryState) -> T in body(s) }
    }

    /// Runs a write: serialised with other writes, with `decide` reading the current state to
    /// choose the store write (or answer without one), then the store performing it and memory
    /// applying it.
    func write<T: Sendable>(
        _ decide: (RegistryState) throws(RegistryError) -> WriteDecision<T>
    ) async throws(RegistryError) -> T {
        try await writing { (session) async throws(RegistryError) -> T in
            // The snapshot must be gone before `apply`, or applying would copy every table.
            let decision = try { () throws(RegistryError) -> WriteDecision<T> in try decide(snapshot()) }()
            return try await execute(decision, session)
        }
    }

    /// Runs a write operation (one decision or several, as associations that register their
    /// schemas make): serialised with this node's other writes and, through the store's write
    /// session, with every other node's, on a state caught up with what they wrote.
    func writing<T: Sendable>(_ body: (any RegistryWriteSession) async throws(RegistryError) -> T) async throws(RegistryError) -> T {
        try await writes.withLock { () async throws(RegistryError) -> T in
            try await store.withWriteSession { (session) async throws(RegistryError) -> T in
                // A store of one node's own has nothing to catch up with: no log read, no lock.
                if store.isShared { catchUp(try await session.changes(after: read { $0.changePosition })) }
                return try await body(session)
            }
        }
    }

    /// Carries out a decision in a write session: the store performs its write, then memory
    /// applies it. Several decisions of one operation are each taken against the state the
    /// previous one left.
    func execute<T: Sendable>(_ decision: WriteDecision<T>, _ session: any RegistryWriteSession) async throws(RegistryError) -> T {
        switch decision {
        case .answer(let value):
            return value
        case .perform(let write, let answer):
            let started = ContinuousClock.now
            let outcome: RegistryWriteOutcome
            do {
                outcome = try await session.perform(write)
            } catch {
                observer?.storeWrite(duration: ContinuousClock.now - started, failed: true)
                throw error
            }
            if let observer {
                observer.storeWrite(duration: ContinuousClock.now - started, failed: false)
                if case .register(let schema, _, _, _, _, _) = write { observer.registered(schemaType: schema.schemaType) }
            }
            let position = session.positionAfterLastWrite()
            state.withLock { state in
                state.apply(write, outcome: outcome)
                if let position { state.changePosition = max(state.changePosition, position) }
            }
            return answer(outcome)
        }
    }

    /// Applies what other nodes wrote.
    func catchUp(_ changes: StoreChanges) {
        state.withLock { state in
            guard changes.position != state.changePosition || !changes.refreshes.isEmpty else { return }
            for refresh in changes.refreshes { state.refresh(refresh) }
            state.changePosition = max(state.changePosition, changes.position)
        }
    }

    /// Follows the writes of other nodes on a shared store until the task is cancelled: as
    /// the store announces them, and every `interval` at the latest (for stores or poolers
    /// without notifications), what they wrote is applied to memory, so reads on this node
    /// show it. Does nothing for a store of one node's own. A store that cannot be read is
    /// tried again at the next tick; reads go on from memory meanwhile.
    public func followStore(every interval: Duration = .milliseconds(100)) async {
        guard store.isShared else { return }
        while !Task.isCancelled {
            await store.waitForChanges(upTo: interval)
            do {
                try await refreshFromStore()
                followerProblem.withLock { $0 = nil }
            } catch {
                followerProblem.withLock { $0 = error.message }
            }
        }
    }

    /// What the registry holds, counted now (one pass over the schemas, under the lock).
    public var statistics: RegistryStatistics { read { $0.statistics } }

    /// How many entries of the shared store's change log this node has not applied yet;
    /// `nil` for a store of one node's own. Asks the store.
    public func changesBehind() async throws(RegistryError) -> Int64? {
        guard let latest = try await store.latestChangePosition() else { return nil }
        return max(0, latest - read { $0.changePosition })
    }

    /// Why the shared store could not be read the last time the follower tried, `nil` while
    /// it can (`/health/ready` reports it).
    public var storeProblem: String? { followerProblem.withLock { $0 } }

    /// Applies what other nodes wrote since this node last looked, now.
    ///
    /// The store is read without the write lock, so a slow or absent database never holds up
    /// this node's writes (which fail on their own bound); what was read is applied only if
    /// no write caught the state up meanwhile (it would be older than what that write saw).
    public func refreshFromStore() async throws(RegistryError) {
        guard store.isShared else { return }
        let position = read { $0.changePosition }
        let changes = try await store.changes(after: position)
        try await writes.withLock { () async throws(RegistryError) -> Void in
            guard read({ $0.changePosition }) == position else { return }
            catchUp(changes)
        }
    }

    /// What a write decided.
    enum WriteDecision<T: Sendable> {
        /// Nothing to write; the answer is known.
        case answer(T)
        /// Perform this write, then build the answer from what the store allocated.
        case perform(RegistryWrite, @Sendable (RegistryWriteOutcome) -> T)
    }

    /// Milliseconds since 1970, for registration timestamps.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: Shared helpers

    /// Rejects subjects Confluent rejects (42208): control characters, the reserved names, the
    /// global context.
    static func validate(subject: QualifiedSubject, original: String) throws(RegistryError) {
        if subject.name.isEmpty || subject.name == "__GLOBAL" || subject.name == "__EMPTY"
            || subject.context == QualifiedSubject.globalContext
            || original.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw .invalidSubject(original)
        }
    }

    /// The effective config of a subject: subject over context over global over the default.
    func effectiveConfig(_ subject: QualifiedSubject, in state: RegistryState) -> RegistryConfig {
        var config = state.configs[subject] ?? RegistryConfig()
        if !subject.isContextOnly, let c = state.configs[QualifiedSubject(context: subject.context, name: "")] {
            config = config.merged(over: c)
        }
        if let g = state.configs[Self.globalScope] { config = config.merged(over: g) }
        return config.merged(over: RegistryConfig(compatibilityLevel: options.defaultCompatibility))
    }

    /// Whether new schemas in `subject` are held to the stricter rules (`validateNewSchemas`
    /// of the effective config, else the server's `schema.validate.new.schemas`).
    func validatesNewSchemas(_ subject: QualifiedSubject, in state: RegistryState) -> Bool {
        effectiveConfig(subject, in: state).validateNewSchemas ?? options.validateNewSchemas
    }

    /// The effective mode of a subject: subject over context over global, READWRITE by default;
    /// a global READONLY_OVERRIDE beats everything.
    func effectiveMode(_ subject: QualifiedSubject, in state: RegistryState) -> RegistryMode {
        if state.modes[Self.globalScope] == .readOnlyOverride { return .readOnlyOverride }
        if let m = state.modes[subject] { return m }
        if let m = state.modes[QualifiedSubject(context: subject.context, name: "")] { return m }
        return state.modes[Self.globalScope] ?? .readWrite
    }

    /// The scope key of global config and mode.
    static let globalScope = QualifiedSubject(context: QualifiedSubject.globalContext, name: "")

    /// The parsed form of a stored schema, parsed once and cached.
    /// Keeps a parsed stored schema for the next checks against it.
    func rememberParsed(_ parsed: any ParsedSchema, key: ParsedKey) {
        parsedCache.withLock { cache in
            // Bounded: parsed schemas are only needed for compatibility checks of recent versions.
            if cache.count >= Self.parsedCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = parsed
        }
    }

    func parsed(_ schema: StoredSchema, in state: RegistryState) throws(RegistryError) -> any ParsedSchema {
        let key = ParsedKey(context: schema.context, id: schema.id, hash: schema.identityHash)
        if let cached = parsedCache.withLock({ $0[key] }) { return cached }
        let references = try resolve(schema.references, from: QualifiedSubject(context: schema.context, name: ""), in: state)
        guard let format = formats[schema.schemaType] else {
            throw .invalidSchema("Invalid schema type \(schema.schemaType.rawValue)")
        }
        do {
            let result = try format.parse(schema.text, references: references)
            rememberParsed(result, key: key)
            return result
        } catch {
            throw .invalidSchema("Invalid schema of type \(schema.schemaType.rawValue), details: \(error.message)")
        }
    }

    /// Resolves references to stored texts, transitively, dependencies first. A new schema
    /// (`includeDeleted` false) cannot reference a soft-deleted version, as in Confluent;
    /// stored schemas still resolve theirs.
    func resolve(
        _ references: [SchemaReference], from referrer: QualifiedSubject, in state: RegistryState, includeDeleted: Bool = true
    ) throws(RegistryError) -> [ResolvedReference] {
        var result: [ResolvedReference] = []
        var seen: Set<String> = []
        func visit(_ reference: SchemaReference, from referrer: QualifiedSubject, depth: Int) throws(RegistryError) {
            guard depth < 64 else { throw .invalidSchema("Invalid schema: references nest too deeply") }
            let subject = RegistryState.referencedSubject(reference, from: referrer)
            guard let version = state.versions(of: subject).first(where: { $0.version == reference.version && (includeDeleted || !$0.deleted) }),
                let schema = state.schema(id: version.schemaId, context: subject.context)
            else {
                throw .invalidSchema(
                    "Invalid schema: reference \"\(reference.name)\" to subject '\(reference.subject)' version \(reference.version) not found")
            }
            let key = subject.description + "#" + String(reference.version)
            guard seen.insert(key).inserted else { return }
            for inner in schema.references { try visit(inner, from: subject, depth: depth + 1) }
            result.append(ResolvedReference(name: reference.name, schemaText: schema.text, schemaType: schema.schemaType))
        }
        for r in references { try visit(r, from: referrer, depth: 0) }
        return result
    }

    /// The view of one stored version.
    func view(_ v: StoredVersion, in state: RegistryState) -> SchemaVersionView? {
        guard let schema = state.schema(id: v.schemaId, context: v.subject.context) else { return nil }
        return SchemaVersionView(subject: v.subject, version: v.version, schema: schema, deleted: v.deleted, timestamp: v.timestamp)
    }
}

extension Registry {
    /// Everything the registry holds, in the store's shape: for backups, migrations between
    /// stores, and tests that reload a registry from it.
    public func contents() -> RegistryStoreContents { read { $0.contents } }
}
