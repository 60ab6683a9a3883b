import GRDB
import JSONModel
import SchemaRegistryCore

/// One registry write carried out inside an open SQLite write transaction.
///
/// Allocation happens here, in the same transaction as the rows it allocates for, so the
/// file is the serialiser of ids and versions exactly as the store contract requires (as
/// `RegistryState.allocation(for:)` does in memory). Nothing else is decided here: the
/// registry sends every row to mark, insert or delete (`RegistryWrite`), and the
/// conformance tests run the same scenarios against every store.
struct SQLiteWriteTransaction {
    /// The connection, inside the write transaction.
    let db: Database
    /// Commit time for the change log, milliseconds since 1970.
    let now: Int64

    /// Performs `write` and reports what it allocated.
    func perform(_ write: RegistryWrite) throws -> RegistryWriteOutcome {
        switch write {
        case .register(let schema, let useGivenId, let subject, let version, let timestamp, let permanentlyRemove):
            return try register(
                schema, useGivenId: useGivenId, subject: subject, version: version, timestamp: timestamp,
                permanentlyRemove: permanentlyRemove)
        case .markDeleted(let subject, let numbers):
            try markDeleted(numbers, of: subject)
            return .done
        case .removeVersions(let subject, let numbers):
            try removeVersions(numbers, of: subject)
            return .done
        case .removeSchemas(let context, let ids):
            for id in ids {
                try db.execute(sql: "DELETE FROM schemas WHERE context = ? AND id = ?", arguments: [context, id])
                if db.changesCount > 0 { try logChange(.removeSchema, QualifiedSubject(context: context, name: ""), schemaId: id) }
            }
            return .done
        case .setConfig(let scope, let config):
            if let config {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO configs (context, subject, json) VALUES (?, ?, ?)",
                    arguments: [scope.context, scope.name, StoredValueCoding.configJSON(config)])
                try logChange(.setConfig, scope)
            } else {
                try db.execute(sql: "DELETE FROM configs WHERE context = ? AND subject = ?", arguments: [scope.context, scope.name])
                try logChange(.removeConfig, scope)
            }
            return .done
        case .setMode(let scope, let mode):
            if let mode {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO modes (context, subject, mode) VALUES (?, ?, ?)",
                    arguments: [scope.context, scope.name, mode.rawValue])
                try logChange(.setMode, scope)
            } else {
                try db.execute(sql: "DELETE FROM modes WHERE context = ? AND subject = ?", arguments: [scope.context, scope.name])
                try logChange(.removeMode, scope)
            }
            return .done
        case .setAssociation(let key, let association):
            let keyText = StoredValueCoding.associationKeyJSON(key)
            if let association {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO associations (resource_id, resource_type, association_type, json) VALUES (?, ?, ?, ?)",
                    arguments: [key.resourceId, key.resourceType, key.associationType, JSONWriter.string(association.storedJSON)])
                try logChange(.setAssociation, association.subject, associationKey: keyText)
            } else {
                let old = try String.fetchOne(
                    db, sql: "SELECT json FROM associations WHERE resource_id = ? AND resource_type = ? AND association_type = ?",
                    arguments: [key.resourceId, key.resourceType, key.associationType])
                guard let old else { return .done }
                try db.execute(
                    sql: "DELETE FROM associations WHERE resource_id = ? AND resource_type = ? AND association_type = ?",
                    arguments: [key.resourceId, key.resourceType, key.associationType])
                let subject = (try? StoredValueCoding.parse(old, what: "association")).flatMap(Association.init(storedJSON:))?.subject
                try logChange(.removeAssociation, subject ?? QualifiedSubject(context: QualifiedSubject.defaultContext, name: ""), associationKey: keyText)
            }
            return .done
        case .restore(let schemas, let versions, let nextIds):
            for schema in schemas {
                try db.execute(
                    sql: """
                        INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        schema.context, schema.id, schema.schemaType.rawValue, schema.text, StoredValueCoding.referencesJSON(schema.references),
                        StoredValueCoding.optionalJSON(schema.metadata), StoredValueCoding.optionalJSON(schema.ruleSet),
                        SQLiteCoding.hashBlob(schema.identityHash),
                    ])
            }
            for v in versions {
                try db.execute(
                    sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [v.subject.context, v.subject.name, v.version, v.schemaId, v.deleted ? 1 : 0, v.timestamp])
                try logChange(.register, v.subject, version: v.version, schemaId: v.schemaId)
            }
            var raised = nextIds
            for schema in schemas { raised[schema.context] = max(raised[schema.context] ?? 1, schema.id + 1) }
            for (context, next) in raised {
                try db.execute(
                    sql: """
                        INSERT INTO sequences (context, next_id) VALUES (?, ?)
                        ON CONFLICT (context) DO UPDATE SET next_id = MAX(next_id, excluded.next_id)
                        """,
                    arguments: [context, next])
            }
            return .done
        case .batch(let writes):
            // Same transaction: the caller's `database.write` commits all of them or none.
            for inner in writes {
                if case .register = inner { throw RegistryError.storeFailure("a registration cannot be part of a batch write") }
                _ = try perform(inner)
            }
            return .done
        }
    }

    /// Allocates the id and version, removes `permanentlyRemove`, stores the schema when its
    /// id is new to the context, advances the sequence, and adds the version.
    private func register(
        _ schema: StoredSchema, useGivenId: Bool, subject: QualifiedSubject, version: Int?, timestamp: Int64,
        permanentlyRemove: [Int]
    ) throws -> RegistryWriteOutcome {
        // Allocate first, as RegistryState does: the version counts the versions about to be
        // removed, so a removed highest version is not handed out again by this write.
        let id: Int
        if useGivenId {
            id = schema.id
        } else {
            id = try Int.fetchOne(db, sql: "SELECT next_id FROM sequences WHERE context = ?", arguments: [schema.context]) ?? 1
        }
        let allocatedVersion: Int
        if let version {
            allocatedVersion = version
        } else {
            let highest = try Int.fetchOne(
                db, sql: "SELECT MAX(version) FROM versions WHERE context = ? AND subject = ?",
                arguments: [subject.context, subject.name])
            allocatedVersion = (highest ?? 0) + 1
        }
        if !permanentlyRemove.isEmpty { try removeVersions(permanentlyRemove, of: subject) }
        try db.execute(
            sql: """
                INSERT INTO schemas (context, id, schema_type, text, references_json, metadata_json, ruleset_json, identity_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (context, id) DO NOTHING
                """,
            arguments: [
                schema.context, id, schema.schemaType.rawValue, schema.text, StoredValueCoding.referencesJSON(schema.references),
                StoredValueCoding.optionalJSON(schema.metadata), StoredValueCoding.optionalJSON(schema.ruleSet),
                SQLiteCoding.hashBlob(schema.identityHash),
            ])
        // The sequence only moves forward: an explicit id below it leaves it where it is.
        try db.execute(
            sql: """
                INSERT INTO sequences (context, next_id) VALUES (?, ?)
                ON CONFLICT (context) DO UPDATE SET next_id = MAX(next_id, excluded.next_id)
                """,
            arguments: [schema.context, id + 1])
        try db.execute(
            sql: "INSERT INTO versions (context, subject, version, schema_id, deleted, ts) VALUES (?, ?, ?, ?, 0, ?)",
            arguments: [subject.context, subject.name, allocatedVersion, id, timestamp])
        try logChange(.register, subject, version: allocatedVersion, schemaId: id)
        return .registered(id: id, version: allocatedVersion)
    }

    /// Marks versions deleted; the rows and their schemas stay.
    private func markDeleted(_ numbers: [Int], of subject: QualifiedSubject) throws {
        for number in Set(numbers).sorted() {
            try db.execute(
                sql: "UPDATE versions SET deleted = 1 WHERE context = ? AND subject = ? AND version = ?",
                arguments: [subject.context, subject.name, number])
            if db.changesCount > 0 { try logChange(.softDelete, subject, version: number) }
        }
    }

    /// Deletes version rows for good, logging each.
    private func removeVersions(_ numbers: [Int], of subject: QualifiedSubject) throws {
        for number in Set(numbers).sorted() {
            let schemaId = try Int.fetchOne(
                db, sql: "SELECT schema_id FROM versions WHERE context = ? AND subject = ? AND version = ?",
                arguments: [subject.context, subject.name, number])
            guard let schemaId else { continue }
            try db.execute(
                sql: "DELETE FROM versions WHERE context = ? AND subject = ? AND version = ?",
                arguments: [subject.context, subject.name, number])
            try logChange(.permanentDelete, subject, version: number, schemaId: schemaId)
        }
    }

    /// Appends to the change log, in this transaction.
    private func logChange(
        _ kind: SQLiteRegistryChange.Kind, _ subject: QualifiedSubject, version: Int? = nil, schemaId: Int? = nil, associationKey: String? = nil
    ) throws {
        try db.execute(
            sql: "INSERT INTO changes (kind, context, subject, version, schema_id, ts, association_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [kind.rawValue, subject.context, subject.name, version, schemaId, now, associationKey])
    }
}
