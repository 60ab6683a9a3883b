#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import GRDB
import GRDBSQLite

/// Steps a prepared statement with SQLite's C interface and reads columns in place.
///
/// The start-up loader reads millions of column values; GRDB's `Row` decoding checks and
/// converts each through generic code, which was a large part of loading. Here a text column
/// becomes a `String` with one copy and no length scan, a BLOB is read where SQLite keeps it,
/// and a key equal to the previous row's is recognised without making a string.
struct SQLiteRowReader {
    private let statement: Statement
    private let db: Database
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// A reader over `sql`, which must be a query.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Moves to the next row; false after the last one. A failing step throws the
    /// connection's error.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        case let code:
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Whether column `index` is NULL.
    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` as an integer.
    func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(handle, index))
    }

    /// Column `index` as text (empty for NULL).
    func text(_ index: Int32) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Column `index` as text, nil for NULL.
    func optionalText(_ index: Int32) -> String? {
        isNull(index) ? nil : text(index)
    }

    /// Whether column `index` holds exactly the UTF-8 of `value`.
    func text(_ index: Int32, equals value: String) -> Bool {
        withBytes(index) { bytes in
            var value = value
            return value.withUTF8 { utf8 in
                utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
        }
    }

    /// Calls `body` with the bytes of column `index` as SQLite holds them (valid only during
    /// the call; empty for NULL).
    func withBytes<T>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        // Text first, then its length: the order SQLite documents for a pointer that stays valid.
        let pointer = sqlite3_column_text(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }

    /// Calls `body` with the bytes of BLOB column `index` (valid only during the call).
    func withBlob<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }
}
