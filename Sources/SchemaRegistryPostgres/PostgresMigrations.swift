import Foundation
import Logging
import PostgresNIO

/// The versioned table layout of a registry database.
///
/// Each migration runs once per database, in order, in one transaction under an advisory
/// lock, so nodes starting together never apply one twice and a node starting against an
/// existing database leaves it as it is. New layouts are added as new migrations; applied
/// ones are never edited.
enum PostgresMigrations {
    /// The advisory lock key that serialises migrations across nodes (an arbitrary constant).
    static let lockKey: Int64 = 0x5352_4D49_4752  // "SRMIGR"

    /// The migrations, in order, each its statements; the index plus one is the version.
    static let migrations: [[String]] = [
        // 1: schemas, versions, configs, modes, id sequences, associations and the change log.
        statements(
            """
        CREATE TABLE schemas (
            context TEXT NOT NULL,
            id INTEGER NOT NULL,
            schema_type TEXT NOT NULL,
            text TEXT NOT NULL,
            references_json TEXT NOT NULL,
            metadata_json TEXT,
            ruleset_json TEXT,
            identity_hash BYTEA NOT NULL,
            PRIMARY KEY (context, id)
        );
        CREATE INDEX schemas_by_identity ON schemas (context, identity_hash);
        CREATE TABLE versions (
            context TEXT NOT NULL,
            subject TEXT NOT NULL,
            version INTEGER NOT NULL,
            schema_id INTEGER NOT NULL,
            deleted BOOLEAN NOT NULL,
            ts BIGINT NOT NULL,
            PRIMARY KEY (context, subject, version)
        );
        CREATE INDEX versions_by_schema ON versions (context, schema_id);
        CREATE TABLE configs (context TEXT NOT NULL, subject TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (context, subject));
        CREATE TABLE modes (context TEXT NOT NULL, subject TEXT NOT NULL, mode TEXT NOT NULL, PRIMARY KEY (context, subject));
        CREATE TABLE sequences (context TEXT PRIMARY KEY, next_id INTEGER NOT NULL);
        CREATE TABLE associations (
            resource_id TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            association_type TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (resource_id, resource_type, association_type)
        );
        CREATE TABLE changes (
            seq BIGSERIAL PRIMARY KEY,
            kind TEXT NOT NULL,
            context TEXT NOT NULL,
            subject TEXT NOT NULL,
            version INTEGER,
            schema_id INTEGER,
            association_key TEXT,
            ts BIGINT NOT NULL
        );
        """),
        // 2: packs (see `PostgresSchemaPack`), and the triggers that drop a pack when a row it
        // holds changes, whoever changes it (a node of any version, or SQL by hand).
        [
            """
            CREATE TABLE schema_packs (
                context TEXT NOT NULL,
                first_id INTEGER NOT NULL,
                last_id INTEGER NOT NULL,
                row_count INTEGER NOT NULL,
                version_count INTEGER NOT NULL,
                data BYTEA NOT NULL,
                versions BYTEA NOT NULL,
                PRIMARY KEY (context, first_id)
            )
            """,
            // Packs are read whole at start-up: stored out of line, uncompressed.
            "ALTER TABLE schema_packs ALTER COLUMN data SET STORAGE EXTERNAL",
            "ALTER TABLE schema_packs ALTER COLUMN versions SET STORAGE EXTERNAL",
            dropPacksFunction("schema_registry_drop_packs_of_schemas", idColumn: "id"),
            dropPacksFunction("schema_registry_drop_packs_of_versions", idColumn: "schema_id"),
            """
            CREATE TRIGGER schemas_added_drop_packs AFTER INSERT ON schemas
            REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_schemas()
            """,
            """
            CREATE TRIGGER schemas_removed_drop_packs AFTER DELETE ON schemas
            REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_schemas()
            """,
            """
            CREATE TRIGGER schemas_changed_drop_packs AFTER UPDATE ON schemas
            REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_schemas()
            """,
            """
            CREATE TRIGGER versions_added_drop_packs AFTER INSERT ON versions
            REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_versions()
            """,
            """
            CREATE TRIGGER versions_removed_drop_packs AFTER DELETE ON versions
            REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_versions()
            """,
            """
            CREATE TRIGGER versions_changed_drop_packs AFTER UPDATE ON versions
            REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION schema_registry_drop_packs_of_versions()
            """,
        ],
    ]

    /// A statement trigger function that drops the packs holding a changed row: `added` and
    /// `removed` are the trigger's transition tables, `idColumn` the schema id of their rows.
    private static func dropPacksFunction(_ name: String, idColumn: String) -> String {
        """
        CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                DELETE FROM schema_packs AS p USING added AS a WHERE p.context = a.context AND a.\(idColumn) BETWEEN p.first_id AND p.last_id;
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                DELETE FROM schema_packs AS p USING removed AS r WHERE p.context = r.context AND r.\(idColumn) BETWEEN p.first_id AND p.last_id;
            END IF;
            RETURN NULL;
        END $$
        """
    }

    /// The statements of a script whose statements contain no semicolon.
    private static func statements(_ script: String) -> [String] {
        script.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Brings the database to the current layout.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_registry_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied = 0
            for try await version in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_registry_migrations", logger: logger)
                .decode(Int.self)
            {
                applied = version
            }
            guard applied <= migrations.count else {
                throw PostgresStoreError("the database has layout \(applied), newer than this build's \(migrations.count): run a newer build")
            }
            for (index, statements) in migrations.enumerated().dropFirst(applied) {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_registry_migrations (version) VALUES (\(index + 1))", logger: logger)
            }
        }
    }
}

/// A failure of the PostgreSQL store that is not PostgreSQL's own.
struct PostgresStoreError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
