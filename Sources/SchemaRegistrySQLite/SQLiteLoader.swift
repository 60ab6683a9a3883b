import GRDB
import SchemaRegistryCore

/// Reads a whole registry file into the in-memory state, for start-up.
///
/// Start-up time is dominated by the schemas and versions tables (a million rows each must
/// load in about a second), so their rows are stepped with `SQLiteRowReader` and handed
/// straight to a `RegistryStateBuilder`: no intermediate copy of the contents, no per-row
/// record types, the stored identity hash instead of hashing every text again, and one
/// `QualifiedSubject` for all consecutive versions of a subject.
///
/// A large file is read by two connections at once: `SQLiteSchemaPartLoader` reads the
/// later part of the schemas table on its own read-only connection and thread while this
/// connection reads the rest, and the two builders are merged. Both must see the same
/// committed state, so this connection first takes the write lock (`BEGIN IMMEDIATE`): no
/// other process can commit until both have started reading. When the lock is not free at
/// once, or the file is small, everything is read on this connection alone; when the second
/// connection fails, this one reads its part too.
enum SQLiteLoader {
    /// Files with fewer schemas are read on one connection (a second one would not pay off).
    static let parallelThreshold = 50_000

    /// The share of the schemas table this connection reads when reading in parallel; it
    /// also reads the versions and settings, so the other connection gets the larger part.
    static let mainShare = 0.4

    /// The state of everything the file at `path` holds, read through `db`, which must not
    /// be in a transaction.
    static func loadState(_ db: Database, path: String, parallelThreshold: Int = parallelThreshold) throws -> RegistryState {
        // Counted before the snapshot is taken: they only size the tables.
        let counts = try schemaCounts(db)
        let total = counts.reduce(0) { $0 + $1.count }
        if total >= parallelThreshold, try beginWriteLockWithoutWaiting(db) {
            defer { try? db.execute(sql: "ROLLBACK") }
            return try loadInParallel(db, path: path, counts: counts)
        }
        try db.execute(sql: "BEGIN DEFERRED")
        defer { try? db.execute(sql: "ROLLBACK") }
        return try loadOnOneConnection(db, counts: counts)
    }

    /// Everything, read on `db` alone, inside its transaction.
    private static func loadOnOneConnection(_ db: Database, counts: [(context: String, count: Int)]) throws -> RegistryState {
        var builder = RegistryStateBuilder(reserving: counts)
        try loadSchemas(db, into: &builder)
        try loadVersionsAndSettings(db, into: &builder)
        return builder.build()
    }

    /// How many schemas each context has, to size the tables before loading.
    ///
    /// Most files have one context, and then two index lookups and SQLite's b-tree count
    /// answer at once; grouping scans the whole primary-key index (0.1 s at a million).
    private static func schemaCounts(_ db: Database) throws -> [(context: String, count: Int)] {
        let first = try String.fetchOne(db, sql: "SELECT context FROM schemas ORDER BY context LIMIT 1")
        let last = try String.fetchOne(db, sql: "SELECT context FROM schemas ORDER BY context DESC LIMIT 1")
        guard let first else { return [] }
        if first == last { return [(first, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schemas") ?? 0)] }
        return try Row.fetchAll(db, sql: "SELECT context, COUNT(*) FROM schemas GROUP BY context").map {
            (context: $0[0] as String, count: $0[1] as Int)
        }
    }

    /// Starts a write transaction if no other connection holds the write lock, without
    /// waiting for it.
    private static func beginWriteLockWithoutWaiting(_ db: Database) throws -> Bool {
        let timeout = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0
        try db.execute(sql: "PRAGMA busy_timeout = 0")
        defer { try? db.execute(sql: "PRAGMA busy_timeout = \(timeout)") }
        do {
            try db.execute(sql: "BEGIN IMMEDIATE")
            return true
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return false
        }
    }

    /// Reads the later schemas on a second connection while this one (holding the write
    /// lock) reads the earlier ones, the versions and the settings; then merges.
    private static func loadInParallel(
        _ db: Database, path: String, counts: [(context: String, count: Int)]
    ) throws -> RegistryState {
        // Rowids follow insertion order, so a split of their range splits the rows about evenly.
        // Asked one at a time: SQLite answers a lone MIN or MAX from the b-tree, both at once by a scan.
        let low = try Int64.fetchOne(db, sql: "SELECT MIN(rowid) FROM schemas") ?? 0
        let high = try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM schemas") ?? 0
        let split = low + Int64(Double(high - low) * mainShare)
        let other = SQLiteSchemaPartLoader(path: path, fromRowid: split, reserving: counts)
        // Its thread does not outlive this call, even when reading fails here.
        defer { other.waitUntilFinished() }
        guard (try? other.waitUntilReading()) != nil else {
            // The second connection could not start (a file system without shared locks,
            // say): this one reads everything.
            return try loadOnOneConnection(db, counts: counts)
        }
        // Merged into the other part below, which indexes these schemas by content itself.
        var builder = RegistryStateBuilder(
            reserving: counts.map { ($0.context, Int(Double($0.count) * mainShare * 1.1)) }, indexingContent: false)
        try loadSchemas(db, beforeRowid: split, into: &builder)
        try loadVersionsAndSettings(db, into: &builder)
        // The other part holds more schemas, and its tables are sized for all of them. Its
        // rows come later, so on equal content they keep their place, as in one pass.
        var merged: RegistryStateBuilder
        do {
            merged = try other.result()
        } catch {
            // The second connection failed while reading: this one reads that part again,
            // and meets the same error if the rows themselves are at fault.
            merged = RegistryStateBuilder(reserving: counts)
            try loadSchemas(db, fromRowid: split, into: &merged)
        }
        merged.absorb(earlier: consume builder)
        return merged.build()
    }

    /// Versions, configs, modes and id sequences.
    private static func loadVersionsAndSettings(_ db: Database, into builder: inout RegistryStateBuilder) throws {
        try loadVersions(db, into: &builder)
        let configRows = try Row.fetchCursor(db, sql: "SELECT context, subject, json FROM configs")
        while let row = try configRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            builder.setConfig(try StoredValueCoding.config(try row.decode(atIndex: 2), scope: scope), for: scope)
        }
        let modeRows = try Row.fetchCursor(db, sql: "SELECT context, subject, mode FROM modes")
        while let row = try modeRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            let name: String = try row.decode(atIndex: 2)
            guard let mode = RegistryMode(rawValue: name) else {
                throw StoredValueCoding.corrupt("mode of '\(scope)' is '\(name)'")
            }
            builder.setMode(mode, for: scope)
        }
        let associationRows = try Row.fetchCursor(db, sql: "SELECT resource_id, json FROM associations")
        while let row = try associationRows.next() {
            let text: String = try row.decode(atIndex: 1)
            guard let association = Association(storedJSON: try StoredValueCoding.parse(text, what: "association")) else {
                throw StoredValueCoding.corrupt("association of resource '\(try row.decode(String.self, atIndex: 0))' does not read back")
            }
            builder.setAssociation(association)
        }
        let sequenceRows = try Row.fetchCursor(db, sql: "SELECT context, next_id FROM sequences")
        while let row = try sequenceRows.next() {
            builder.raiseNextId(to: try row.decode(Int.self, atIndex: 1), in: try row.decode(String.self, atIndex: 0))
        }
    }

    /// Reads schemas: all of them, or those before or from a rowid.
    static func loadSchemas(
        _ db: Database, beforeRowid end: Int64? = nil, fromRowid start: Int64? = nil, into builder: inout RegistryStateBuilder
    ) throws {
        let filter = end.map { "WHERE rowid < \($0)" } ?? start.map { "WHERE rowid >= \($0)" } ?? ""
        let rows = try SQLiteRowReader(
            db, sql: """
                SELECT context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash
                FROM schemas \(filter)
                """)
        var context = ""
        while try rows.step() {
            if !rows.text(0, equals: context) { context = rows.text(0) }
            let id = rows.int(1)
            let typeName = rows.text(2)
            guard let type = SchemaType(rawValue: typeName) else {
                throw StoredValueCoding.corrupt("schema \(id) in context \(context) has type '\(typeName)'")
            }
            let references =
                rows.text(4, equals: StoredValueCoding.noReferences)
                ? [] : try StoredValueCoding.references(rows.text(4), context: context, id: id)
            let metadata = try StoredValueCoding.optionalJSON(
                rows.optionalText(5), what: "metadata of schema \(id) in context \(context)")
            let ruleSet = try StoredValueCoding.optionalJSON(
                rows.optionalText(6), what: "rule set of schema \(id) in context \(context)")
            let hash: SchemaHash
            if rows.isNull(7) {
                // Written by something that did not store the hash (a bulk import with plain SQL).
                hash = StoredSchema.identityHash(text: rows.text(3), references: references, metadata: metadata, ruleSet: ruleSet)
            } else if let stored = rows.withBlob(7, { SchemaHash(bytes: $0) }) {
                hash = stored
            } else {
                throw StoredValueCoding.corrupt("identity hash of schema \(id) in context \(context) is not 16 bytes")
            }
            rows.withBytes(3) { text in
                builder.addSchema(
                    context: context, id: id, schemaType: type, text: text, references: references, metadata: metadata,
                    ruleSet: ruleSet, identityHash: hash)
            }
        }
    }

    private static func loadVersions(_ db: Database, into builder: inout RegistryStateBuilder) throws {
        // Primary-key order: one sequential scan of the WITHOUT ROWID table, subjects grouped.
        let rows = try SQLiteRowReader(
            db, sql: "SELECT context, subject, version, schema_id, deleted, ts FROM versions ORDER BY context, subject, version")
        var subject: QualifiedSubject?
        while try rows.step() {
            if subject == nil || !rows.text(1, equals: subject!.name) || !rows.text(0, equals: subject!.context) {
                subject = QualifiedSubject(context: rows.text(0), name: rows.text(1))
            }
            builder.addVersion(
                of: subject!, version: rows.int(2), schemaId: rows.int(3), deleted: rows.int(4) != 0,
                timestamp: Int64(rows.int(5)))
        }
    }
}
