import Foundation
import GRDB
import SchemaRegistryCore
import Synchronization

/// A registry store on one SQLite file: durable single-node storage with no server to run.
///
/// Every write is one IMMEDIATE transaction on a single writer connection, committed in WAL
/// mode with `synchronous=FULL`, so a write that `perform` acknowledged survives a crash of
/// the process or the machine. Ids and versions are allocated inside that transaction from
/// the file itself, with the same rules as `MemoryRegistryStore`; each write also appends to
/// an ordered change log (keys only) for nodes that follow the file.
public final class SQLiteRegistryStore: RegistryStore {
    /// The file this store writes, as given to `init(path:)`.
    public let path: String
    /// The single connection; GRDB serialises every access to it.
    let database: DatabaseQueue
    /// Whether `close()` ran, so later calls fail with a clear message.
    private let closed = Mutex(false)

    /// Opens the registry file at `path`, creating it and its directory if missing, and brings
    /// its tables up to the current layout.
    ///
    /// Fails with `storeFailure` when the directory cannot be created, the file is not a
    /// SQLite database, or it was written by a newer layout this build does not know.
    public init(path: String) throws(RegistryError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .storeFailure("SQLite store: cannot create directory '\(directory.path)': \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.label = "SchemaRegistrySQLite"
        // Another process holding the write lock (a backup, a second node by mistake) makes
        // writers wait a little instead of failing at once.
        configuration.busyMode = .timeout(10)
        // WAL is set here rather than with `journalMode = .wal`, which GRDB pairs with
        // synchronous=NORMAL: that loses the last commits on power loss. FULL syncs the WAL on
        // every commit, so an acknowledged write is on disk.
        configuration.prepareDatabase { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else {
                throw RegistryError.storeFailure("SQLite store '\(path)' could not switch to WAL mode (got \(mode ?? "nothing"))")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = SQLiteMigrations.migrator
            if try database.read({ try migrator.hasBeenSuperseded($0) }) {
                throw RegistryError.storeFailure(
                    "SQLite store '\(path)' was written by a newer version of the registry; refusing to open it")
            }
            try migrator.migrate(database)
        } catch let error as RegistryError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "open")
        }
    }

    /// Reads everything into the in-memory state, for start-up: one consistent snapshot,
    /// read by two connections at once when the file is large (see `SQLiteLoader`).
    public func loadState() async throws(RegistryError) -> RegistryState {
        try checkOpen()
        do {
            let path = self.path
            return try await database.writeWithoutTransaction { db in try SQLiteLoader.loadState(db, path: path) }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "load")
        }
    }

    /// Performs `write` in one transaction, durable when this returns.
    public func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome {
        try checkOpen()
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        do {
            return try await database.write { db in try SQLiteWriteTransaction(db: db, now: now).perform(write) }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: write.summary)
        }
    }

    /// The change-log entries after sequence number `after`, oldest first, at most `limit`.
    ///
    /// A follower remembers the last sequence it applied and asks for what came after it.
    public func changes(after: Int64, limit: Int = 1000) async throws(RegistryError) -> [SQLiteRegistryChange] {
        try checkOpen()
        do {
            return try await database.read { db in
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT seq, kind, context, subject, version, schema_id, ts, association_key FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
                    arguments: [after, max(0, limit)])
                var result: [SQLiteRegistryChange] = []
                while let row = try rows.next() {
                    let kindName: String = try row.decode(atIndex: 1)
                    guard let kind = SQLiteRegistryChange.Kind(rawValue: kindName) else {
                        throw StoredValueCoding.corrupt("change log entry has kind '\(kindName)'")
                    }
                    result.append(
                        SQLiteRegistryChange(
                            sequence: try row.decode(atIndex: 0), kind: kind,
                            subject: QualifiedSubject(context: try row.decode(atIndex: 2), name: try row.decode(atIndex: 3)),
                            version: try row.decode(atIndex: 4), schemaId: try row.decode(atIndex: 5),
                            timestamp: try row.decode(atIndex: 6),
                            associationKey: try StoredValueCoding.associationKey(try row.decode(String?.self, atIndex: 7))))
                }
                return result
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw Self.failure(error, path: path, doing: "read the change log")
        }
    }

    /// Closes the connection; later calls fail with `storeFailure`.
    public func close() async {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        // Closing only fails while statements are still alive, which no caller of this store
        // can hold; the connection is released with the queue in that case anyway.
        try? database.close()
    }

    private func checkOpen() throws(RegistryError) {
        if closed.withLock({ $0 }) { throw .storeFailure("SQLite store '\(path)' is closed") }
    }

    /// The `storeFailure` for a database error, saying what was being done and to which file.
    static func failure(_ error: any Error, path: String, doing action: String) -> RegistryError {
        let detail: String
        if let error = error as? DatabaseError {
            detail = "SQLite error \(error.resultCode.primaryResultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        } else {
            detail = String(describing: error)
        }
        return .storeFailure("SQLite store '\(path)' could not \(action): \(detail)")
    }
}
