import GRDB

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
}
