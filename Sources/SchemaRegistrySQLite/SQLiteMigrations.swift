import GRDB
import JSONModel
import SchemaRegistryCore

/// The versioned table layout of a registry file.
///
/// Each migration runs once per file, in order, inside a transaction, so a file written by an
/// older build is brought up to date on open and a half-applied layout never exists. New
/// layouts are added as new migrations; registered ones are never edited.
enum SQLiteMigrations {
    /// The migrator that brings a file to the current layout.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createTables)
        migrator.registerMigration("v2", migrate: addIdentityHashes)
        migrator.registerMigration("v3", migrate: createAssociations)
        return migrator
    }

    /// Version 1: schemas, versions, configs, modes, id sequences and the change log.
    ///
    /// Tables are STRICT so every stored value has its declared type and reading a column can
    /// never meet a value of another type. `versions` is WITHOUT ROWID so that loading it in
    /// primary-key order is one sequential scan.
    private static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE schemas (
                context TEXT NOT NULL,
                id INTEGER NOT NULL,
                schema_type TEXT NOT NULL,
                text TEXT NOT NULL,
                references_json TEXT NOT NULL,
                metadata_json TEXT,
                ruleset_json TEXT,
                PRIMARY KEY (context, id)
            ) STRICT;
            CREATE TABLE versions (
                context TEXT NOT NULL,
                subject TEXT NOT NULL,
                version INTEGER NOT NULL,
                schema_id INTEGER NOT NULL,
                deleted INTEGER NOT NULL,
                ts INTEGER NOT NULL,
                PRIMARY KEY (context, subject, version)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX versions_by_schema ON versions (context, schema_id);
            CREATE TABLE configs (
                context TEXT NOT NULL,
                subject TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (context, subject)
            ) STRICT;
            CREATE TABLE modes (
                context TEXT NOT NULL,
                subject TEXT NOT NULL,
                mode TEXT NOT NULL,
                PRIMARY KEY (context, subject)
            ) STRICT;
            CREATE TABLE sequences (
                context TEXT NOT NULL PRIMARY KEY,
                next_id INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                context TEXT NOT NULL,
                subject TEXT NOT NULL,
                version INTEGER,
                schema_id INTEGER,
                ts INTEGER NOT NULL
            ) STRICT;
            """)
    }

    /// Version 3: associations of resources with subjects, one row per resource and
    /// association type, the entity as JSON (`Association.storedJSON`); the change log names
    /// the association a change touched in `association_key` (its key as a JSON array).
    private static func createAssociations(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE associations (
                resource_id TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                association_type TEXT NOT NULL,
                json TEXT NOT NULL,
                PRIMARY KEY (resource_id, resource_type, association_type)
            ) STRICT;
            ALTER TABLE changes ADD COLUMN association_key TEXT;
            """)
    }

    /// Version 2: each schema's identity hash (16 bytes, `SchemaHash.bytes`) in `identity_hash`.
    ///
    /// Start-up used to recompute the MD5 of every schema text, which was most of the time it
    /// took to load a million schemas; now it reads the hash the writer stored. Rows already
    /// in the file get their hash here, computed exactly as the registry computes it. A row
    /// whose references or metadata do not read back is left NULL, so the loader (which
    /// computes a missing hash) reports it as before instead of the file failing to open.
    private static func addIdentityHashes(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE schemas ADD COLUMN identity_hash BLOB")
        // Hashes are computed first and written after the scan: updating a table while a
        // statement is still stepping through it is not something to rely on.
        var hashes: [(rowid: Int64, hash: SchemaHash)] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT rowid, context, id, text, references_json, metadata_json, ruleset_json FROM schemas")
        while let row = try rows.next() {
            let context: String = try row.decode(atIndex: 1)
            let id: Int = try row.decode(atIndex: 2)
            let text: String = try row.decode(atIndex: 3)
            let references: [SchemaReference]
            let metadata: JSONValue?
            let ruleSet: JSONValue?
            do {
                references = try StoredValueCoding.references(try row.decode(atIndex: 4), context: context, id: id)
                metadata = try StoredValueCoding.optionalJSON(try row.decode(String?.self, atIndex: 5), what: "metadata")
                ruleSet = try StoredValueCoding.optionalJSON(try row.decode(String?.self, atIndex: 6), what: "rule set")
            } catch is RegistryError {
                continue
            }
            let hash = StoredSchema.identityHash(text: text, references: references, metadata: metadata, ruleSet: ruleSet)
            hashes.append((try row.decode(atIndex: 0), hash))
        }
        let update = try db.makeStatement(sql: "UPDATE schemas SET identity_hash = ? WHERE rowid = ?")
        for (rowid, hash) in hashes {
            try update.execute(arguments: [SQLiteCoding.hashBlob(hash), rowid])
        }
    }
}
