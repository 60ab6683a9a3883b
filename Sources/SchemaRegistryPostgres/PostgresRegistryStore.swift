import Foundation
import JSONModel
import Logging
import NIOCore
import PostgresNIO
import SchemaRegistryCore
import Synchronization

/// The registry store on PostgreSQL: the database is the source of truth and the serialiser
/// of writes, so several registry nodes can share it.
///
/// Every write is one transaction. Ids and versions are allocated inside it, under an
/// advisory lock on the subject and, for new ids, on the context, so two nodes never hand out
/// the same id or version; content that already has an id in the context (registered by any
/// node) gets that id again, decided by the database. Serialization failures and deadlocks
/// are retried. Each write appends to the change log (`changes`, ordered by `seq`) and
/// notifies `schema_registry_changes`, which is how other nodes learn of it.
public final class PostgresRegistryStore: RegistryStore {
    let client: PostgresClient
    let url: PostgresStorageURL
    let logger: Logger
    /// How long one store operation may wait for the database, connecting included: a
    /// database that is down makes writes fail with 50001 after this, never hang.
    let operationTimeout: Duration
    private let runTask: Task<Void, Never>
    /// Wakes the follower when another node commits.
    private let listener = PostgresChangeListener()
    /// Keeps the schema packs complete in the background (see `PostgresSchemaPack`).
    private let packer = Mutex<Task<Void, Never>?>(nil)

    /// How often a node looks for id ranges that have filled up and have no pack yet.
    static let packInterval: Duration = .seconds(600)

    /// The notification channel a committed write is announced on.
    public static let changeChannel = "schema_registry_changes"

    /// The advisory lock every write holds while it commits, whatever node it comes from, so
    /// the change log's order is commit order and a node deciding a write (in a write
    /// session) sees every write before it. An arbitrary constant.
    static let writeLockKey: Int64 = 0x5352_5752_4954  // "SRWRIT"

    /// How often a transaction that lost a serialization conflict is tried again.
    static let maximumAttempts = 8

    private init(client: PostgresClient, url: PostgresStorageURL, logger: Logger, operationTimeout: Duration, runTask: Task<Void, Never>) {
        self.client = client
        self.url = url
        self.logger = logger
        self.operationTimeout = operationTimeout
        self.runTask = runTask
    }

    /// Connects, creating or migrating the tables when needed.
    ///
    /// - Parameters:
    ///   - url: `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=...`.
    ///   - environment: where `PGPASSWORD` is read from.
    ///   - operationTimeout: the longest one load or write may wait for the database.
    public static func open(
        url text: String, environment: [String: String] = ProcessInfo.processInfo.environment, operationTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "schema-registry.postgres")
    ) async throws(RegistryError) -> PostgresRegistryStore {
        let url: PostgresStorageURL
        do {
            url = try PostgresStorageURL(text, environment: environment)
        } catch {
            throw .storeFailure("PostgreSQL storage URL: \(error.description)")
        }
        let configuration: PostgresClient.Configuration
        let firstContact: PostgresConnection.Configuration
        do {
            configuration = try url.clientConfiguration(lockTimeout: operationTimeout)
            firstContact = try url.connectionConfiguration()
        } catch {
            throw .storeFailure("PostgreSQL store '\(url)': \(error)")
        }
        // The pool's own chatter (a lease before `run` is scheduled, reconnects) stays out of
        // the server's output unless it is an error.
        var poolLogger = logger
        poolLogger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        let runTask = Task { await client.run() }
        let store = PostgresRegistryStore(client: client, url: url, logger: logger, operationTimeout: operationTimeout, runTask: runTask)
        // One connection of its own first: the pool retries a failing connection until the
        // bound runs out, which would hide why (TLS refused, authentication failed).
        do {
            try await store.bounded { [poolLogger] in
                let connection = try await PostgresConnection.connect(configuration: firstContact, id: 0, logger: poolLogger)
                try await connection.close()
            }
        } catch {
            runTask.cancel()
            throw store.failure(error, doing: "connect")
        }
        do {
            try await store.bounded { try await PostgresMigrations.migrate(client, logger: logger) }
        } catch {
            runTask.cancel()
            throw store.failure(error, doing: "prepare its tables")
        }
        store.listener.start(client: client, channel: changeChannel, logger: poolLogger)
        return store
    }

    public func close() async {
        listener.stop()
        if let task = packer.withLock({ $0.take() }) {
            task.cancel()
            _ = await task.value
        }
        runTask.cancel()
        _ = await runTask.value
    }

    deinit {
        listener.stop()
        packer.withLock { $0?.cancel() }
        runTask.cancel()
    }

    // MARK: Loading

    public func loadState() async throws(RegistryError) -> RegistryState {
        do {
            let state: RegistryState
            do {
                state = try await load(usingPacks: true)
            } catch let error where PostgresLoadMismatch(in: error) != nil {
                let mismatch = PostgresLoadMismatch(in: error)!
                // Packs that no longer match their rows (changed behind the triggers' back):
                // drop them all, read the rows, and let the packer write them again.
                logger.warning("schema packs do not match the tables (\(mismatch)); reading rows and packing again")
                try await bounded { [client, logger] in try await PostgresSchemaPack.dropAll(client, logger: logger) }
                state = try await load(usingPacks: false)
            }
            startPacking()
            return state
        } catch let error as RegistryError {
            throw error
        } catch {
            throw failure(error, doing: "load its contents")
        }
    }

    /// Everything the database holds, in one snapshot.
    private func load(usingPacks: Bool) async throws -> RegistryState {
        // A large database takes longer than one operation's bound to stream.
        try await bounded(limit: operationTimeout * 30) { [client, logger] in
            try await client.withTransaction(logger: logger) { connection in
                // One snapshot for every table: a write committed meanwhile is either wholly
                // in or wholly out.
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                return try await PostgresLoader.load(on: connection, client: client, usingPacks: usingPacks, logger: logger)
            }
        }
    }

    /// Writes the packs that are missing now and every `packInterval`, in the background
    /// at low priority: the next start-up of any node reads them instead of rows. A failure
    /// (the database away, say) only waits for the next round.
    private func startPacking() {
        let task = Task.detached(priority: .background) { [client, logger] in
            while !Task.isCancelled {
                do {
                    let written = try await PostgresSchemaPack.writeMissing(client, logger: logger)
                    if written > 0 { logger.info("wrote \(written) schema packs for faster start-up") }
                } catch {
                    if !Task.isCancelled { logger.debug("schema packs not written this round: \(error)") }
                }
                try? await Task.sleep(for: Self.packInterval)
            }
        }
        packer.withLock { previous in
            previous?.cancel()
            previous = task
        }
    }

    /// Writes every schema pack that is missing now, at once; how many. The store does this
    /// by itself after loading and every `packInterval`; this is for tests and tools that
    /// need the packs written before they go on.
    public func writeSchemaPacks() async throws(RegistryError) -> Int {
        do {
            return try await PostgresSchemaPack.writeMissing(client, logger: logger)
        } catch {
            throw failure(error, doing: "write schema packs")
        }
    }

    // MARK: Following other nodes

    /// Other nodes write to the same database.
    public var isShared: Bool { true }

    /// Runs `body` holding the database's write lock on one connection: it catches up with
    /// the log and performs its writes there, so no other node commits in between. Waiting for
    /// the lock, like any database wait, ends after `operationTimeout`.
    public func withWriteSession<T: Sendable>(
        _ body: (any RegistryWriteSession) async throws(RegistryError) -> T
    ) async throws(RegistryError) -> T {
        // A database that is down would keep a lease waiting: find out first, within bounds.
        do {
            try await bounded { [client, logger] in _ = try await client.query("SELECT 1", logger: logger) }
        } catch {
            throw failure(error, doing: "start a write")
        }
        do {
            return try await client.withConnection { connection in
                // Bounded by the connections' lock_timeout.
                try await connection.query("SELECT pg_advisory_lock(\(Self.writeLockKey))", logger: logger)
                do {
                    let result = try await body(PostgresWriteSession(store: self, connection: connection))
                    try await connection.query("SELECT pg_advisory_unlock(\(Self.writeLockKey))", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.writeLockKey))", logger: logger)
                    throw error
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw failure(error, doing: "hold the write lock")
        }
    }

    public func latestChangePosition() async throws(RegistryError) -> Int64? {
        do {
            return try await bounded { [client, logger] in
                var latest: Int64 = 0
                for try await position in try await client.query("SELECT COALESCE(MAX(seq), 0) FROM changes", logger: logger).decode(Int64.self) {
                    latest = position
                }
                return latest
            }
        } catch {
            throw failure(error, doing: "read the change log's position")
        }
    }

    /// Returns at the next `NOTIFY` of another node's write, or after `interval`.
    public func waitForChanges(upTo interval: Duration) async {
        await listener.wait(upTo: interval)
    }

    public func changes(after position: Int64) async throws(RegistryError) -> StoreChanges {
        do {
            return try await bounded { [client, logger] in
                try await client.withConnection { connection in
                    try await PostgresChangeReader.read(connection, after: position, logger: logger)
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw failure(error, doing: "read the change log")
        }
    }

    // MARK: Writes

    public func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome {
        try await perform(write, on: nil).outcome
    }

    /// Performs a write in its own transaction, on `connection` (a write session's) or on one
    /// from the pool, retrying serialization conflicts; also the log position it reached.
    func perform(_ write: RegistryWrite, on connection: PostgresConnection?) async throws(RegistryError) -> (outcome: RegistryWriteOutcome, position: Int64?) {
        if let connection {
            do {
                return try await connection.withTransaction(logger: logger) { connection in
                    let transaction = PostgresWriteTransaction(connection: connection, logger: logger, now: Self.now())
                    let outcome = try await transaction.perform(write)
                    return (outcome, transaction.lastPosition())
                }
            } catch let error as RegistryError {
                throw error
            } catch {
                throw failure(error, doing: write.summary)
            }
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await bounded { [client, logger] in
                    try await client.withTransaction(logger: logger) { connection in
                        let transaction = PostgresWriteTransaction(connection: connection, logger: logger, now: Self.now())
                        let outcome = try await transaction.perform(write)
                        return (outcome, transaction.lastPosition())
                    }
                }
            } catch let error as RegistryError {
                throw error
            } catch {
                if attempt < Self.maximumAttempts, Self.isRetryable(error) {
                    try? await Task.sleep(for: .milliseconds(2 << min(attempt, 6)))
                    continue
                }
                throw failure(error, doing: write.summary)
            }
        }
    }

    /// Runs `operation`, giving up after `operationTimeout` (the operation is cancelled, and
    /// PostgreSQL rolls back whatever transaction it had open).
    func bounded<T: Sendable>(limit: Duration? = nil, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = limit ?? operationTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw PostgresStoreError("no answer within \(limit) (is the database reachable?)")
            }
            return value
        }
    }

    /// Serialization failures, deadlocks and a unique key taken by a concurrent transaction
    /// are resolved by running the whole transaction again.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01" || state == "23505"
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A store failure (50001) naming the database and what was being done, never the
    /// schema text; PostgreSQL's own message and SQLSTATE when there is one.
    func failure(_ error: any Error, doing action: String) -> RegistryError {
        var detail = String(describing: error)
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                detail = message + (psql.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            } else if let underlying = psql.underlying {
                detail = "\(psql.code): \(underlying)"
            } else {
                detail = "\(psql.code)"
            }
        }
        return .storeFailure("PostgreSQL store '\(url)' could not \(action): \(detail)")
    }
}

/// A write session on one connection that holds the database's write lock.
final class PostgresWriteSession: RegistryWriteSession {
    let store: PostgresRegistryStore
    let connection: PostgresConnection
    /// The highest log position this session's writes took.
    private let lastPosition = Mutex<Int64?>(nil)

    init(store: PostgresRegistryStore, connection: PostgresConnection) {
        self.store = store
        self.connection = connection
    }

    func positionAfterLastWrite() -> Int64? { lastPosition.withLock { $0 } }

    func changes(after position: Int64) async throws(RegistryError) -> StoreChanges {
        do {
            return try await PostgresChangeReader.read(connection, after: position, logger: store.logger)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw store.failure(error, doing: "read the change log")
        }
    }

    func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome {
        let (outcome, position) = try await store.perform(write, on: connection)
        if let position { lastPosition.withLock { $0 = max($0 ?? 0, position) } }
        return outcome
    }
}
