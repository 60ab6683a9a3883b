import Foundation
import JSONModel
import Logging
import NIOCore
import PostgresNIO
import SchemaRegistryCore
import Synchronization

/// One registry write carried out inside an open PostgreSQL transaction.
///
/// Allocation happens here, in the same transaction as the rows it allocates for, as the
/// store contract requires; nothing else is decided here (the registry sends every row to
/// mark, insert or delete). The database's write lock, held until the transaction ends, keeps
/// concurrent nodes from allocating the same version of a subject or the same new id.
final class PostgresWriteTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Commit time for the change log, milliseconds since 1970.
    let now: Int64
    /// The highest log position this transaction wrote.
    private let position = Mutex<Int64?>(nil)

    init(connection: PostgresConnection, logger: Logger, now: Int64) {
        self.connection = connection
        self.logger = logger
        self.now = now
    }

    /// The highest log position this transaction wrote, once it has written.
    func lastPosition() -> Int64? { position.withLock { $0 } }

    /// Performs `write` and reports what it allocated, holding the database's write lock
    /// until the transaction ends (re-entrant: a write session already holds it).
    func perform(_ write: RegistryWrite) async throws -> RegistryWriteOutcome {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresRegistryStore.writeLockKey))", logger: logger)
        return try await performLocked(write)
    }

    private func performLocked(_ write: RegistryWrite) async throws -> RegistryWriteOutcome {
        switch write {
        case .register(let schema, let useGivenId, let subject, let version, let timestamp, let permanentlyRemove):
            return try await register(
                schema, useGivenId: useGivenId, subject: subject, version: version, timestamp: timestamp, permanentlyRemove: permanentlyRemove)
        case .markDeleted(let subject, let numbers):
            for number in Set(numbers).sorted() {
                let marked = try await count(
                    "UPDATE versions SET deleted = TRUE WHERE context = \(subject.context) AND subject = \(subject.name) AND version = \(number) RETURNING 1")
                if marked > 0 { try await logChange("softDelete", subject, version: number) }
            }
        case .removeVersions(let subject, let numbers):
            try await removeVersions(numbers, of: subject)
        case .removeSchemas(let context, let ids):
            for id in ids {
                try await connection.query("DELETE FROM schemas WHERE context = \(context) AND id = \(id)", logger: logger)
                try await logChange("removeSchema", QualifiedSubject(context: context, name: ""), schemaId: id)
            }
        case .setConfig(let scope, let config):
            if let config {
                let json = StoredValueCoding.configJSON(config)
                try await connection.query(
                    """
                    INSERT INTO configs (context, subject, json) VALUES (\(scope.context), \(scope.name), \(json))
                    ON CONFLICT (context, subject) DO UPDATE SET json = excluded.json
                    """, logger: logger)
                try await logChange("setConfig", scope)
            } else {
                try await connection.query("DELETE FROM configs WHERE context = \(scope.context) AND subject = \(scope.name)", logger: logger)
                try await logChange("removeConfig", scope)
            }
        case .setMode(let scope, let mode):
            if let mode {
                try await connection.query(
                    """
                    INSERT INTO modes (context, subject, mode) VALUES (\(scope.context), \(scope.name), \(mode.rawValue))
                    ON CONFLICT (context, subject) DO UPDATE SET mode = excluded.mode
                    """, logger: logger)
                try await logChange("setMode", scope)
            } else {
                try await connection.query("DELETE FROM modes WHERE context = \(scope.context) AND subject = \(scope.name)", logger: logger)
                try await logChange("removeMode", scope)
            }
        case .setAssociation(let key, let association):
            let keyText = StoredValueCoding.associationKeyJSON(key)
            if let association {
                let json = JSONWriter.string(association.storedJSON)
                try await connection.query(
                    """
                    INSERT INTO associations (resource_id, resource_type, association_type, json)
                    VALUES (\(key.resourceId), \(key.resourceType), \(key.associationType), \(json))
                    ON CONFLICT (resource_id, resource_type, association_type) DO UPDATE SET json = excluded.json
                    """, logger: logger)
                try await logChange("setAssociation", association.subject, associationKey: keyText)
            } else {
                var old: String? = nil
                for try await json in try await connection.query(
                    """
                    DELETE FROM associations WHERE resource_id = \(key.resourceId) AND resource_type = \(key.resourceType)
                    AND association_type = \(key.associationType) RETURNING json
                    """, logger: logger
                ).decode(String.self) {
                    old = json
                }
                guard let old else { return .done }
                let subject = (try? StoredValueCoding.parse(old, what: "association")).flatMap(Association.init(storedJSON:))?.subject
                try await logChange("removeAssociation", subject ?? QualifiedSubject(context: QualifiedSubject.defaultContext, name: ""), associationKey: keyText)
            }
        case .restore(let schemas, let versions, let nextIds):
            // Rows go in as arrays (`unnest`), a few statements for the whole batch: one
            // statement per row made a copy of a million versions take hours.
            if !schemas.isEmpty {
                let contexts = schemas.map(\.context), ids = schemas.map(\.id), types = schemas.map(\.schemaType.rawValue)
                let texts = schemas.map(\.text), references = schemas.map { StoredValueCoding.referencesJSON($0.references) }
                // Arrays of optionals do not bind: an empty string stands for none (stored JSON is never empty).
                let metadata = schemas.map { StoredValueCoding.optionalJSON($0.metadata) ?? "" }
                let ruleSets = schemas.map { StoredValueCoding.optionalJSON($0.ruleSet) ?? "" }
                let hashes = schemas.map { $0.identityHash.bytes.map { String(format: "%02x", $0) }.joined() }
                try await connection.query(
                    """
                    INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash)
                    SELECT c, i, t, x, r, NULLIF(m, ''), NULLIF(s, ''), decode(h, 'hex')
                    FROM unnest(\(contexts)::text[], \(ids)::int8[], \(types)::text[], \(texts)::text[], \(references)::text[],
                                \(metadata)::text[], \(ruleSets)::text[], \(hashes)::text[]) AS u(c, i, t, x, r, m, s, h)
                    """, logger: logger)
            }
            if !versions.isEmpty {
                let contexts = versions.map(\.subject.context), subjects = versions.map(\.subject.name)
                let numbers = versions.map(\.version), ids = versions.map(\.schemaId), deleted = versions.map(\.deleted)
                let times = versions.map(\.timestamp)
                try await connection.query(
                    """
                    INSERT INTO versions (context, subject, version, schema_id, deleted, ts)
                    SELECT * FROM unnest(\(contexts)::text[], \(subjects)::text[], \(numbers)::int8[], \(ids)::int8[], \(deleted)::bool[], \(times)::int8[])
                    """, logger: logger)
                let last = try await firstInt(
                    """
                    WITH entries AS (
                        INSERT INTO changes (kind, context, subject, version, schema_id, ts)
                        SELECT 'register', c, s, v, i, \(now) FROM unnest(\(contexts)::text[], \(subjects)::text[], \(numbers)::int8[], \(ids)::int8[])
                            WITH ORDINALITY AS u(c, s, v, i, n) ORDER BY n
                        RETURNING seq
                    )
                    SELECT MAX(seq) FROM entries
                    """)
                if let last {
                    position.withLock { $0 = Int64(last) }
                    try await connection.query("SELECT pg_notify(\(PostgresRegistryStore.changeChannel), \(String(last)))", logger: logger)
                }
            }
            var raised = nextIds
            for schema in schemas { raised[schema.context] = max(raised[schema.context] ?? 1, schema.id + 1) }
            for (context, next) in raised.sorted(by: { $0.key < $1.key }) {
                try await connection.query(
                    """
                    INSERT INTO sequences (context, next_id) VALUES (\(context), \(next))
                    ON CONFLICT (context) DO UPDATE SET next_id = GREATEST(sequences.next_id, excluded.next_id)
                    """, logger: logger)
            }
        case .batch(let writes):
            for inner in writes {
                if case .register = inner { throw RegistryError.storeFailure("a registration cannot be part of a batch write") }
                _ = try await performLocked(inner)
            }
        }
        return .done
    }

    /// Allocates the id and version, removes `permanentlyRemove`, stores the schema when its
    /// id is new to the context, advances the sequence, and adds the version.
    private func register(
        _ schema: StoredSchema, useGivenId: Bool, subject: QualifiedSubject, version: Int?, timestamp: Int64, permanentlyRemove: [Int]
    ) async throws -> RegistryWriteOutcome {
        // Writes hold the database's write lock (`perform`), so allocation here sees every
        // committed write of every node and no other node allocates meanwhile.
        let id: Int
        if useGivenId {
            id = schema.id
        } else {
            // New content: one id per content per context, decided here, whichever node
            // registered the content first; otherwise the context's next id.
            let hash = ByteBuffer(bytes: schema.identityHash.bytes)
            id = try await firstInt(
                """
                SELECT COALESCE(
                    (SELECT id FROM schemas WHERE context = \(schema.context) AND identity_hash = \(hash) ORDER BY id LIMIT 1),
                    GREATEST(
                        (SELECT next_id FROM sequences WHERE context = \(schema.context)),
                        (SELECT MAX(id) + 1 FROM schemas WHERE context = \(schema.context)),
                        1))
                """) ?? 1
        }
        let allocatedVersion: Int
        if let version {
            allocatedVersion = version
        } else {
            let highest = try await firstInt("SELECT MAX(version) FROM versions WHERE context = \(subject.context) AND subject = \(subject.name)")
            allocatedVersion = (highest ?? 0) + 1
        }
        if !permanentlyRemove.isEmpty { try await removeVersions(permanentlyRemove, of: subject) }
        let hash = ByteBuffer(bytes: schema.identityHash.bytes)
        let references = StoredValueCoding.referencesJSON(schema.references)
        let metadata = StoredValueCoding.optionalJSON(schema.metadata)
        let ruleSet = StoredValueCoding.optionalJSON(schema.ruleSet)
        try await connection.query(
            """
            INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash)
            VALUES (\(schema.context), \(id), \(schema.schemaType.rawValue), \(schema.text), \(references), \(metadata), \(ruleSet), \(hash))
            ON CONFLICT (context, id) DO NOTHING
            """, logger: logger)
        // The sequence only moves forward: an explicit id below it leaves it where it is.
        try await connection.query(
            """
            INSERT INTO sequences (context, next_id) VALUES (\(schema.context), \(id + 1))
            ON CONFLICT (context) DO UPDATE SET next_id = GREATEST(sequences.next_id, excluded.next_id)
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO versions (context, subject, version, schema_id, deleted, ts)
            VALUES (\(subject.context), \(subject.name), \(allocatedVersion), \(id), FALSE, \(timestamp))
            """, logger: logger)
        try await logChange("register", subject, version: allocatedVersion, schemaId: id)
        return .registered(id: id, version: allocatedVersion)
    }

    /// Deletes version rows for good, logging each.
    private func removeVersions(_ numbers: [Int], of subject: QualifiedSubject) async throws {
        for number in Set(numbers).sorted() {
            guard
                let schemaId = try await firstInt(
                    """
                    DELETE FROM versions WHERE context = \(subject.context) AND subject = \(subject.name) AND version = \(number)
                    RETURNING schema_id
                    """)
            else { continue }
            try await logChange("permanentDelete", subject, version: number, schemaId: schemaId)
        }
    }

    /// Appends to the change log and announces it, in this transaction (the notification is
    /// delivered when, and only if, the transaction commits).
    private func logChange(
        _ kind: String, _ subject: QualifiedSubject, version: Int? = nil, schemaId: Int? = nil, associationKey: String? = nil
    ) async throws {
        let seq = try await firstInt(
            """
            WITH entry AS (
                INSERT INTO changes (kind, context, subject, version, schema_id, association_key, ts)
                VALUES (\(kind), \(subject.context), \(subject.name), \(version), \(schemaId), \(associationKey), \(now)) RETURNING seq
            )
            SELECT entry.seq FROM entry, pg_notify(\(PostgresRegistryStore.changeChannel), entry.seq::text)
            """)
        if let seq { position.withLock { $0 = Int64(seq) } }
    }

    private func firstInt(_ query: PostgresQuery) async throws -> Int? {
        var result: Int? = nil
        for try await value in try await connection.query(query, logger: logger).decode(Int?.self) where result == nil {
            result = value
        }
        return result
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        var n = 0
        for try await _ in try await connection.query(query, logger: logger) { n += 1 }
        return n
    }
}
