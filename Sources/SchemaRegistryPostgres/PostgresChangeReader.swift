import Logging
import NIOCore
import PostgresNIO
import SchemaRegistryCore

/// Reads the change log after a position and turns each key it names into what the database
/// holds for that key now (`StoreRefresh`), for nodes that follow each other.
///
/// The log is in commit order because every write holds the database's write lock while it
/// commits (`PostgresRegistryStore.writeLockKey`), so a reader that has seen a position has
/// seen every write before it.
enum PostgresChangeReader {
    /// The most log entries read at once; a node further behind catches up in several reads.
    static let batchSize = 5_000

    static func read(_ connection: PostgresConnection, after position: Int64, logger: Logger) async throws -> StoreChanges {
        var entries: [(seq: Int64, kind: String, context: String, subject: String, version: Int?, schemaId: Int?, key: String?)] = []
        let rows = try await connection.query(
            """
            SELECT seq, kind, context, subject, version, schema_id, association_key FROM changes
            WHERE seq > \(position) ORDER BY seq LIMIT \(batchSize)
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String, String, Int?, Int?, String?).self) {
            entries.append(row)
        }
        guard let last = entries.last?.seq else { return StoreChanges(position: position, refreshes: []) }
        var refreshes: [StoreRefresh] = []
        var seenVersions: Set<String> = []
        var seenSettings: Set<String> = []
        for entry in entries {
            let subject = QualifiedSubject(context: entry.context, name: entry.subject)
            switch entry.kind {
            case "register", "softDelete", "permanentDelete":
                guard let number = entry.version, seenVersions.insert("\(subject.description)#\(number)").inserted else { continue }
                refreshes.append(try await version(subject, number, connection, logger))
            case "removeSchema":
                guard let id = entry.schemaId else { continue }
                if try await schema(context: entry.context, id: id, connection, logger) == nil {
                    refreshes.append(.schemaRemoved(context: entry.context, id: id))
                }
            case "setConfig", "removeConfig":
                guard seenSettings.insert("config " + subject.description).inserted else { continue }
                var config: RegistryConfig? = nil
                for try await json in try await connection.query(
                    "SELECT json FROM configs WHERE context = \(entry.context) AND subject = \(entry.subject)", logger: logger
                ).decode(String.self) {
                    config = try StoredValueCoding.config(json, scope: subject)
                }
                refreshes.append(.config(scope: subject, config: config))
            case "setMode", "removeMode":
                guard seenSettings.insert("mode " + subject.description).inserted else { continue }
                var mode: RegistryMode? = nil
                for try await name in try await connection.query(
                    "SELECT mode FROM modes WHERE context = \(entry.context) AND subject = \(entry.subject)", logger: logger
                ).decode(String.self) {
                    mode = RegistryMode(rawValue: name)
                }
                refreshes.append(.mode(scope: subject, mode: mode))
            case "setAssociation", "removeAssociation":
                guard let keyText = entry.key, seenSettings.insert("association " + keyText).inserted,
                    let key = try StoredValueCoding.associationKey(keyText)
                else { continue }
                var association: Association? = nil
                for try await json in try await connection.query(
                    """
                    SELECT json FROM associations WHERE resource_id = \(key.resourceId) AND resource_type = \(key.resourceType)
                    AND association_type = \(key.associationType)
                    """, logger: logger
                ).decode(String.self) {
                    association = Association(storedJSON: try StoredValueCoding.parse(json, what: "association"))
                }
                refreshes.append(.association(key: key, association: association))
            default:
                continue
            }
        }
        for try await (context, next) in try await connection.query("SELECT context, next_id FROM sequences", logger: logger).decode((String, Int).self) {
            refreshes.append(.nextId(context: context, next: next))
        }
        return StoreChanges(position: last, refreshes: refreshes)
    }

    /// A version as stored now, with its schema.
    static func version(_ subject: QualifiedSubject, _ number: Int, _ connection: PostgresConnection, _ logger: Logger) async throws -> StoreRefresh {
        var record: StoredVersion? = nil
        for try await (schemaId, deleted, timestamp) in try await connection.query(
            "SELECT schema_id, deleted, ts FROM versions WHERE context = \(subject.context) AND subject = \(subject.name) AND version = \(number)",
            logger: logger
        ).decode((Int, Bool, Int64).self) {
            record = StoredVersion(subject: subject, version: number, schemaId: schemaId, deleted: deleted, timestamp: timestamp)
        }
        guard let record else { return .version(subject: subject, version: number, record: nil, schema: nil) }
        return .version(
            subject: subject, version: number, record: record, schema: try await schema(context: subject.context, id: record.schemaId, connection, logger))
    }

    /// A schema row as stored now.
    static func schema(context: String, id: Int, _ connection: PostgresConnection, _ logger: Logger) async throws -> StoredSchema? {
        var result: StoredSchema? = nil
        for try await (typeName, text, referencesText, metadataText, ruleSetText, hashBytes) in try await connection.query(
            """
            SELECT schema_type, text, references_json, metadata_json, ruleset_json, identity_hash FROM schemas
            WHERE context = \(context) AND id = \(id)
            """, logger: logger
        ).decode((String, String, String, String?, String?, ByteBuffer).self) {
            guard let schemaType = SchemaType(rawValue: typeName),
                let hash = hashBytes.withUnsafeReadableBytes({ SchemaHash(bytes: $0) })
            else { throw StoredValueCoding.corrupt("schema \(id) in context \(context) does not read back") }
            result = StoredSchema(
                context: context, id: id, schemaType: schemaType, text: text,
                references: try StoredValueCoding.references(referencesText, context: context, id: id),
                metadata: try StoredValueCoding.optionalJSON(metadataText, what: "metadata of schema \(id)"),
                ruleSet: try StoredValueCoding.optionalJSON(ruleSetText, what: "rule set of schema \(id)"), identityHash: hash)
        }
        return result
    }
}
