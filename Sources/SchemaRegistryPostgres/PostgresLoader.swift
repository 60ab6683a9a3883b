import JSONModel
import Logging
import NIOCore
import PostgresNIO
import SchemaRegistryCore

/// Reads a whole registry database into the in-memory state, in one streamed pass per table.
///
/// Rows go straight into a `RegistryStateBuilder`: schema texts are read as bytes and copied
/// once into the state's text arena, identity hashes are the stored ones, and consecutive
/// versions of a subject share one `QualifiedSubject`.
enum PostgresLoader {
    /// The stored form of an empty reference list.
    static let noReferences = Array(StoredValueCoding.noReferences.utf8)

    /// A schema type from its column's bytes, without making a string.
    static func schemaType(_ column: ByteBuffer) -> SchemaType? {
        switch column.readableBytes {
        case 4: return column.readableBytesView.elementsEqual("AVRO".utf8) ? .avro : column.readableBytesView.elementsEqual("JSON".utf8) ? .json : nil
        default: return SchemaType(rawValue: String(buffer: column))
        }
    }

    /// Everything the database holds, read on `connection` inside its transaction (for a
    /// small database; a large one is read by `loadInParallel`).
    static func load(_ connection: PostgresConnection, logger: Logger) async throws -> RegistryState {
        var builder = try await schemasAndSettings(connection, logger: logger)
        try await loadVersions(connection, into: &builder, logger: logger)
        return builder.build()
    }

    /// The schemas, settings and log position, with tables sized for every schema.
    static func schemasAndSettings(_ connection: PostgresConnection, logger: Logger) async throws -> RegistryStateBuilder {
        var counts: [(context: String, count: Int)] = []
        for try await (context, count) in try await connection.query("SELECT context, COUNT(*) FROM schemas GROUP BY context", logger: logger)
            .decode((String, Int).self)
        {
            counts.append((context, count))
        }
        var builder = RegistryStateBuilder(reserving: counts)
        let schemaRows = try await connection.query(
            "SELECT context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash FROM schemas ORDER BY context, id",
            logger: logger)
        // Columns that repeat row after row (the context, the type, an empty reference list)
        // are read as bytes and turned into values only when they change: a million rows
        // would otherwise make millions of short-lived strings.
        var contextBytes = ByteBuffer()
        var context = ""
        for try await (contextColumn, id, typeColumn, text, referencesColumn, metadataText, ruleSetText, hashBytes) in schemaRows.decode(
            (ByteBuffer, Int, ByteBuffer, ByteBuffer, ByteBuffer, String?, String?, ByteBuffer).self)
        {
            if contextColumn != contextBytes {
                contextBytes = contextColumn
                context = String(buffer: contextColumn)
            }
            guard let schemaType = Self.schemaType(typeColumn) else {
                throw StoredValueCoding.corrupt("schema \(id) in context \(context) has type '\(String(buffer: typeColumn))'")
            }
            guard let hash = hashBytes.withUnsafeReadableBytes({ SchemaHash(bytes: $0) }) else {
                throw StoredValueCoding.corrupt("schema \(id) in context \(context) has an identity hash of \(hashBytes.readableBytes) bytes")
            }
            let references =
                referencesColumn.readableBytesView.elementsEqual(Self.noReferences)
                ? [] : try StoredValueCoding.references(String(buffer: referencesColumn), context: context, id: id)
            let metadata = try StoredValueCoding.optionalJSON(metadataText, what: "metadata of schema \(id) in context \(context)")
            let ruleSet = try StoredValueCoding.optionalJSON(ruleSetText, what: "rule set of schema \(id) in context \(context)")
            text.withUnsafeReadableBytes { raw in
                builder.addSchema(
                    context: context, id: id, schemaType: schemaType, text: raw.bindMemory(to: UInt8.self), references: references,
                    metadata: metadata, ruleSet: ruleSet, identityHash: hash)
            }
        }
        for try await (context, name, json) in try await connection.query("SELECT context, subject, json FROM configs", logger: logger)
            .decode((String, String, String).self)
        {
            let scope = QualifiedSubject(context: context, name: name)
            builder.setConfig(try StoredValueCoding.config(json, scope: scope), for: scope)
        }
        for try await (context, name, modeName) in try await connection.query("SELECT context, subject, mode FROM modes", logger: logger)
            .decode((String, String, String).self)
        {
            let scope = QualifiedSubject(context: context, name: name)
            guard let mode = RegistryMode(rawValue: modeName) else { throw StoredValueCoding.corrupt("mode of '\(scope)' is '\(modeName)'") }
            builder.setMode(mode, for: scope)
        }
        for try await (resourceId, json) in try await connection.query("SELECT resource_id, json FROM associations", logger: logger)
            .decode((String, String).self)
        {
            guard let association = Association(storedJSON: try StoredValueCoding.parse(json, what: "association")) else {
                throw StoredValueCoding.corrupt("association of resource '\(resourceId)' does not read back")
            }
            builder.setAssociation(association)
        }
        for try await (context, next) in try await connection.query("SELECT context, next_id FROM sequences", logger: logger)
            .decode((String, Int).self)
        {
            builder.raiseNextId(to: next, in: context)
        }
        // Everything up to here in the log is in the rows read, in the same snapshot.
        for try await position in try await connection.query("SELECT COALESCE(MAX(seq), 0) FROM changes", logger: logger).decode(Int64.self) {
            builder.setChangePosition(position)
        }
        return builder
    }

    /// The versions, in key order.
    static func loadVersions(_ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger) async throws {
        var subject = QualifiedSubject(context: "", name: "")
        var subjectBytes = (context: ByteBuffer(), name: ByteBuffer())
        let versionRows = try await connection.query(
            "SELECT context, subject, version, schema_id, deleted, ts FROM versions ORDER BY context, subject, version", logger: logger)
        for try await (contextColumn, nameColumn, version, schemaId, deleted, timestamp) in versionRows.decode(
            (ByteBuffer, ByteBuffer, Int, Int, Bool, Int64).self)
        {
            if nameColumn != subjectBytes.name || contextColumn != subjectBytes.context {
                subjectBytes = (contextColumn, nameColumn)
                subject = QualifiedSubject(context: String(buffer: contextColumn), name: String(buffer: nameColumn))
            }
            builder.addVersion(of: subject, version: version, schemaId: schemaId, deleted: deleted, timestamp: timestamp)
        }
    }

}
