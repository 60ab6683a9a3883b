import Dispatch
import Foundation
import GRDB
import SchemaRegistryCore
import Synchronization

/// Reads the schemas from one rowid on, on a second read-only connection and its own
/// thread, while the store's connection reads the rest (see `SQLiteLoader`).
///
/// Its builder is sized for every schema of the file (`reserving`), since it is the one the
/// other part is merged into.
final class SQLiteSchemaPartLoader: Sendable {
    private let reading = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<RegistryStateBuilder, any Error>?>(nil)

    /// Starts reading at once.
    init(path: String, fromRowid start: Int64, reserving counts: [(context: String, count: Int)]) {
        Thread.detachNewThread { [self] in
            let result = Result { () throws -> RegistryStateBuilder in
                var configuration = Configuration()
                configuration.readonly = true
                configuration.label = "SchemaRegistrySQLite.loader"
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                defer { try? queue.close() }
                return try queue.read { db in
                    // The first read fixes the transaction's snapshot: from then on the other
                    // connection may let writers in without this one seeing their commits.
                    _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sequences")
                    reading.signal()
                    var builder = RegistryStateBuilder(reserving: counts)
                    try SQLiteLoader.loadSchemas(db, fromRowid: start, into: &builder)
                    return builder
                }
            }
            outcome.withLock { $0 = result }
            // Also wakes a caller still waiting to start when opening failed.
            reading.signal()
            finished.signal()
        }
    }

    /// Returns once this part reads its snapshot (or has failed; `result()` then throws).
    func waitUntilReading() throws {
        reading.wait()
        if case .failure(let error) = outcome.withLock({ $0 }) { throw error }
    }

    /// The builder holding this part's schemas, once it is read. Moved out, not copied:
    /// merging into a copy that shared its tables would copy every one of them.
    func result() throws -> RegistryStateBuilder {
        waitUntilFinished()
        guard let result = outcome.withLock({ $0.take() }) else {
            throw RegistryError.storeFailure("SQLite store: the loaded part was already taken")
        }
        return try result.get()
    }

    /// Returns once the thread has finished (at once when it has).
    func waitUntilFinished() {
        finished.wait()
        finished.signal()
    }
}
