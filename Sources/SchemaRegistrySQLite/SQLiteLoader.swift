import GRDB
import SchemaRegistryCore

/// Reads a whole registry file in one read transaction, for start-up.
///
/// Start-up time is dominated by the schemas and versions tables (a million rows each must
/// load in about a second), so their rows are stepped with `SQLiteRowReader` and handed
/// straight to a `RegistryStateBuilder`: no intermediate copy of the contents, no per-row
/// record types, the stored identity hash instead of hashing every text again, and one
/// `QualifiedSubject` for all consecutive versions of a subject.
enum SQLiteLoader {
    /// The state of everything the file holds.
    static func loadState(_ db: Database) throws -> RegistryState {
        var builder = RegistryStateBuilder()
        try loadSchemas(db, into: &builder)
        try loadVersions(db, into: &builder)
        let configRows = try Row.fetchCursor(db, sql: "SELECT context, subject, json FROM configs")
        while let row = try configRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            builder.setConfig(try SQLiteCoding.config(try row.decode(atIndex: 2), scope: scope), for: scope)
        }
        let modeRows = try Row.fetchCursor(db, sql: "SELECT context, subject, mode FROM modes")
        while let row = try modeRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            let name: String = try row.decode(atIndex: 2)
            guard let mode = RegistryMode(rawValue: name) else {
                throw SQLiteCoding.corrupt("mode of '\(scope)' is '\(name)'")
            }
            builder.setMode(mode, for: scope)
        }
        let sequenceRows = try Row.fetchCursor(db, sql: "SELECT context, next_id FROM sequences")
        while let row = try sequenceRows.next() {
            builder.raiseNextId(to: try row.decode(Int.self, atIndex: 1), in: try row.decode(String.self, atIndex: 0))
        }
        return builder.build()
    }

    private static func loadSchemas(_ db: Database, into builder: inout RegistryStateBuilder) throws {
        // Counted on the primary-key index, which is far smaller than the table.
        let counts = try Row.fetchCursor(db, sql: "SELECT context, COUNT(*) FROM schemas GROUP BY context")
        while let row = try counts.next() {
            builder.reserveSchemas(try row.decode(atIndex: 1), in: try row.decode(atIndex: 0))
        }
        let rows = try SQLiteRowReader(
            db, sql: """
                SELECT context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash FROM schemas
                """)
        var context = ""
        while try rows.step() {
            if !rows.text(0, equals: context) { context = rows.text(0) }
            let id = rows.int(1)
            let typeName = rows.text(2)
            guard let type = SchemaType(rawValue: typeName) else {
                throw SQLiteCoding.corrupt("schema \(id) in context \(context) has type '\(typeName)'")
            }
            let references =
                rows.text(4, equals: SQLiteCoding.noReferences)
                ? [] : try SQLiteCoding.references(rows.text(4), context: context, id: id)
            let metadata = try SQLiteCoding.optionalJSON(
                rows.optionalText(5), what: "metadata of schema \(id) in context \(context)")
            let ruleSet = try SQLiteCoding.optionalJSON(
                rows.optionalText(6), what: "rule set of schema \(id) in context \(context)")
            let hash: SchemaHash
            if rows.isNull(7) {
                // Written by something that did not store the hash (a bulk import with plain SQL).
                hash = StoredSchema.identityHash(text: rows.text(3), references: references, metadata: metadata, ruleSet: ruleSet)
            } else if let stored = rows.withBlob(7, { SchemaHash(bytes: $0) }) {
                hash = stored
            } else {
                throw SQLiteCoding.corrupt("identity hash of schema \(id) in context \(context) is not 16 bytes")
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
