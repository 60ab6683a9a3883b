import GRDB
import SchemaRegistryCore

/// Reads a whole registry file in one read transaction, for start-up.
///
/// Start-up time is dominated by the versions table (a million rows must load in about a
/// second), so rows are read through statement cursors with the column-direct decoders and
/// no per-row record types; consecutive versions of one subject share one `QualifiedSubject`.
enum SQLiteLoader {
    /// Everything the file holds.
    static func load(_ db: Database) throws -> RegistryStoreContents {
        var contents = RegistryStoreContents()
        contents.schemas = try schemas(db)
        contents.versions = try versions(db)
        let configRows = try Row.fetchCursor(db, sql: "SELECT context, subject, json FROM configs")
        while let row = try configRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            contents.configs[scope] = try SQLiteCoding.config(try row.decode(atIndex: 2), scope: scope)
        }
        let modeRows = try Row.fetchCursor(db, sql: "SELECT context, subject, mode FROM modes")
        while let row = try modeRows.next() {
            let scope = QualifiedSubject(context: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1))
            let name: String = try row.decode(atIndex: 2)
            guard let mode = RegistryMode(rawValue: name) else {
                throw SQLiteCoding.corrupt("mode of '\(scope)' is '\(name)'")
            }
            contents.modes[scope] = mode
        }
        let sequenceRows = try Row.fetchCursor(db, sql: "SELECT context, next_id FROM sequences")
        while let row = try sequenceRows.next() {
            contents.nextIds[try row.decode(String.self, atIndex: 0)] = try row.decode(Int.self, atIndex: 1)
        }
        return contents
    }

    private static func schemas(_ db: Database) throws -> [StoredSchema] {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schemas") ?? 0
        var result: [StoredSchema] = []
        result.reserveCapacity(count)
        let rows = try Row.fetchCursor(
            db, sql: "SELECT context, id, schema_type, text, references_json, metadata_json, ruleset_json FROM schemas")
        var context = ""
        while let row = try rows.next() {
            let rowContext: String = try row.decode(atIndex: 0)
            if rowContext != context { context = rowContext }
            let id: Int = try row.decode(atIndex: 1)
            let typeName: String = try row.decode(atIndex: 2)
            guard let type = SchemaType(rawValue: typeName) else {
                throw SQLiteCoding.corrupt("schema \(id) in context \(context) has type '\(typeName)'")
            }
            result.append(
                StoredSchema(
                    context: context, id: id, schemaType: type, text: try row.decode(atIndex: 3),
                    references: try SQLiteCoding.references(try row.decode(atIndex: 4), context: context, id: id),
                    metadata: try SQLiteCoding.optionalJSON(
                        try row.decode(String?.self, atIndex: 5), what: "metadata of schema \(id) in context \(context)"),
                    ruleSet: try SQLiteCoding.optionalJSON(
                        try row.decode(String?.self, atIndex: 6), what: "rule set of schema \(id) in context \(context)")))
        }
        return result
    }

    private static func versions(_ db: Database) throws -> [StoredVersion] {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM versions") ?? 0
        var result: [StoredVersion] = []
        result.reserveCapacity(count)
        // Primary-key order: one sequential scan of the WITHOUT ROWID table, subjects grouped.
        let rows = try Row.fetchCursor(
            db, sql: "SELECT context, subject, version, schema_id, deleted, ts FROM versions ORDER BY context, subject, version")
        var subject = QualifiedSubject(context: "", name: "")
        while let row = try rows.next() {
            let context: String = try row.decode(atIndex: 0)
            let name: String = try row.decode(atIndex: 1)
            if name != subject.name || context != subject.context { subject = QualifiedSubject(context: context, name: name) }
            result.append(
                StoredVersion(
                    subject: subject, version: try row.decode(atIndex: 2), schemaId: try row.decode(atIndex: 3),
                    deleted: try row.decode(Int.self, atIndex: 4) != 0, timestamp: try row.decode(atIndex: 5)))
        }
        return result
    }
}
