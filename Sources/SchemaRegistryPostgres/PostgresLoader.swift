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
    static func schemaType(_ bytes: UnsafeRawBufferPointer) -> SchemaType? {
        if bytes.elementsEqual("AVRO".utf8) { return .avro }
        if bytes.elementsEqual("JSON".utf8) { return .json }
        return SchemaType(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// The schemas of one context: how many, and the ids they span.
    struct SchemaExtent {
        var context: String
        var count: Int
        var ids: ClosedRange<Int>
    }

    /// From this many rows on, a load reads on three connections instead of one.
    static let parallelThreshold = 50_000

    /// Everything the database holds, read inside `connection`'s read-only transaction.
    ///
    /// A large database is read on three connections that share one snapshot
    /// (`pg_export_snapshot`): this one reads the settings and the upper half of each large
    /// context's schemas, a second the lower halves, a third the versions. The database's
    /// work (aggregating rows into chunks) is then spread over its processes while this node
    /// builds its tables. Every part is counted against the rows the snapshot holds.
    ///
    /// - Parameter usingPacks: read packs where there are any; false reads every row (the
    ///   store's second try after packs disagreed with the rows, `PostgresLoadMismatch`).
    static func load(on connection: PostgresConnection, client: PostgresClient, usingPacks: Bool, logger: Logger) async throws -> RegistryState {
        // The planner's estimate (-1 before the table was first analysed) chooses how to read.
        var estimate = -1
        for try await rows in try await connection.query("SELECT reltuples::int8 FROM pg_class WHERE oid = 'versions'::regclass", logger: logger)
            .decode(Int.self)
        {
            estimate = rows
        }
        // Without an estimate, the exact count (which a small database then checks against).
        var counted: Int? = nil
        if estimate < 0 {
            counted = try await countVersions(connection, logger: logger)
            estimate = counted!
        }
        guard estimate >= parallelThreshold else {
            let versions: Int
            if let counted { versions = counted } else { versions = try await countVersions(connection, logger: logger) }
            let extents = try await schemaExtents(connection, logger: logger)
            let packs = usingPacks ? try await PostgresSchemaPack.stored(connection, logger: logger) : []
            var builder = RegistryStateBuilder(reserving: extents.map { ($0.context, $0.count) })
            let loaded = try await loadSchemas(pieces(of: extents, packs: packs).flatMap(\.self), connection, into: &builder, logger: logger)
            try checkSchemaCounts(loaded, extents)
            try await loadSettings(connection, into: &builder, logger: logger)
            let rows = try await loadVersions(connection, packs: packs, into: &builder, logger: logger)
            try checkVersionCount(rows + packs.reduce(0) { $0 + $1.versionCount }, expected: versions)
            return builder.build()
        }
        var snapshot = ""
        for try await id in try await connection.query("SELECT pg_export_snapshot()", logger: logger).decode(String.self) { snapshot = id }
        let exported = snapshot
        // The versions of packed ranges come with their packs; the third connection reads the rest.
        let packs = usingPacks ? try await PostgresSchemaPack.stored(connection, logger: logger) : []
        async let versionPart = onSnapshot(exported, client: client, logger: logger) { other in
            let expected = try await countVersions(other, logger: logger)
            var part = RegistryStateBuilder(indexingContent: false)
            let rows = try await loadVersions(other, packs: packs, into: &part, logger: logger)
            try checkVersionCount(rows + packs.reduce(0) { $0 + $1.versionCount }, expected: expected)
            return part
        }
        let extents = try await schemaExtents(connection, logger: logger)
        var builder = RegistryStateBuilder(reserving: extents.map { ($0.context, $0.count) })
        var upper: [SchemaPiece] = [], lower: [SchemaPiece] = []
        for (extent, contextPieces) in zip(extents, pieces(of: extents, packs: packs)) {
            let ids = extent.ids
            guard extent.count >= parallelThreshold else {
                upper += contextPieces
                continue
            }
            // Everything up to the middle id to the other connection, the rest here; a pack
            // goes where it starts (no rows piece overlaps it, so the halves stay in id order).
            let middle = ids.lowerBound + (ids.upperBound - ids.lowerBound) / 2
            for piece in contextPieces {
                switch piece {
                case .pack(let pack):
                    if pack.firstId <= middle { lower.append(piece) } else { upper.append(piece) }
                case .rows(let context, let range):
                    if range.upperBound <= middle {
                        lower.append(piece)
                    } else if range.lowerBound > middle {
                        upper.append(piece)
                    } else {
                        lower.append(.rows(context: context, ids: range.lowerBound...middle))
                        upper.append(.rows(context: context, ids: (middle + 1)...range.upperBound))
                    }
                }
            }
        }
        let lowerRanges = lower
        async let lowerPart = onSnapshot(exported, client: client, logger: logger) { other in
            var part = RegistryStateBuilder(indexingContent: false)
            let counts = try await loadSchemas(lowerRanges, other, into: &part, logger: logger)
            return (part, counts)
        }
        var loaded = try await loadSchemas(upper, connection, into: &builder, logger: logger)
        try await loadSettings(connection, into: &builder, logger: logger)
        let (lowerBuilder, lowerCounts) = try await lowerPart
        loaded.merge(lowerCounts, uniquingKeysWith: +)
        try checkSchemaCounts(loaded, extents)
        builder.absorb(earlier: lowerBuilder)
        builder.absorb(earlier: try await versionPart)
        return builder.build()
    }

    /// How many versions the snapshot holds.
    static func countVersions(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        var versions = 0
        for try await count in try await connection.query("SELECT COUNT(*) FROM versions", logger: logger).decode(Int.self) { versions = count }
        return versions
    }

    /// Each context's schema count and id range.
    static func schemaExtents(_ connection: PostgresConnection, logger: Logger) async throws -> [SchemaExtent] {
        var extents: [SchemaExtent] = []
        for try await (context, count, lowest, highest) in try await connection.query(
            "SELECT context, COUNT(*), MIN(id), MAX(id) FROM schemas GROUP BY context", logger: logger
        ).decode((String, Int, Int, Int).self) {
            extents.append(SchemaExtent(context: context, count: count, ids: lowest...highest))
        }
        return extents
    }

    /// Runs `body` in a read-only transaction on another connection that sees the same
    /// snapshot as the one that exported it.
    static func onSnapshot<T: Sendable>(
        _ snapshot: String, client: PostgresClient, logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withTransaction(logger: logger) { other in
            try await other.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            try await other.query(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshot.filter { $0.isHexDigit || $0 == "-" })'"), logger: logger)
            return try await body(other)
        }
    }

    /// Fails a load whose chunked read of the versions missed or repeated rows.
    static func checkVersionCount(_ loaded: Int, expected: Int) throws {
        guard loaded == expected else { throw PostgresLoadMismatch(description: "read \(loaded) versions where there are \(expected)") }
    }

    /// Fails a load whose chunked reads of the schemas missed or repeated rows.
    static func checkSchemaCounts(_ loaded: [String: Int], _ extents: [SchemaExtent]) throws {
        for extent in extents where loaded[extent.context, default: 0] != extent.count {
            throw PostgresLoadMismatch(
                description: "read \(loaded[extent.context, default: 0]) schemas of context '\(extent.context)' where there are \(extent.count)")
        }
    }

    /// A part of a context's schemas: a pack, or the rows of an id range no pack covers.
    enum SchemaPiece: Sendable {
        case pack(PostgresSchemaPack)
        case rows(context: String, ids: ClosedRange<Int>)
    }

    /// For each extent, the pieces that read its schemas: its packs and the rows around
    /// them, in id order.
    static func pieces(of extents: [SchemaExtent], packs: [PostgresSchemaPack]) -> [[SchemaPiece]] {
        let packsByContext = Dictionary(grouping: packs, by: \.context)
        return extents.map { extent in
            var pieces: [SchemaPiece] = []
            var next = extent.ids.lowerBound
            for pack in (packsByContext[extent.context] ?? []).sorted(by: { $0.firstId < $1.firstId })
            where pack.lastId >= extent.ids.lowerBound && pack.firstId <= extent.ids.upperBound {
                if next < pack.firstId { pieces.append(.rows(context: extent.context, ids: next...(pack.firstId - 1))) }
                pieces.append(.pack(pack))
                next = max(next, pack.lastId + 1)
            }
            if next <= extent.ids.upperBound { pieces.append(.rows(context: extent.context, ids: next...extent.ids.upperBound)) }
            return pieces
        }
    }

    /// Reads the schemas of each piece, in order; how many each context had.
    static func loadSchemas(
        _ pieces: [SchemaPiece], _ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var index = 0
        while index < pieces.count {
            switch pieces[index] {
            case .rows(let context, let ids):
                counts[context, default: 0] += try await loadSchemas(of: context, ids: ids, connection, into: &builder, logger: logger)
                index += 1
            case .pack(let first):
                // A run of packs of one context is one streamed query.
                var run = [first]
                while index + run.count < pieces.count, case .pack(let pack) = pieces[index + run.count], pack.context == first.context {
                    run.append(pack)
                }
                index += run.count
                counts[first.context, default: 0] += try await loadPacks(run, connection, into: &builder, logger: logger)
            }
        }
        return counts
    }

    /// Reads packs of one context, in id order, schemas and versions; how many schemas they held.
    static func loadPacks(
        _ packs: [PostgresSchemaPack], _ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> Int {
        guard let context = packs.first?.context else { return 0 }
        var loaded = 0, read = 0
        // `packs` is in id order, as this query returns them.
        for try await row in try await connection.query(
            """
            SELECT data, versions FROM schema_packs
            WHERE context = \(context) AND first_id = ANY(\(packs.map(\.firstId))::int4[]) ORDER BY first_id
            """,
            logger: logger)
        {
            guard read < packs.count else { break }
            let pack = packs[read]
            var cells = PostgresRowCells(row)
            let count = try PostgresSchemaPack.decode(try cells.nonNullBytes(), context: context, into: &builder)
            let versions = try PostgresSchemaPack.decodeVersions(try cells.nonNullBytes(), context: context, into: &builder)
            guard count == pack.rowCount, versions == pack.versionCount else {
                throw PostgresRowCellError(
                    "a pack of context '\(context)' holds \(count) schemas and \(versions) versions, not \(pack.rowCount) and \(pack.versionCount)")
            }
            loaded += count
            read += 1
        }
        guard read == packs.count else { throw PostgresRowCellError("read \(read) schema packs of context '\(context)' where there are \(packs.count)") }
        return loaded
    }

    /// The configs, modes, associations, id sequences and log position.
    static func loadSettings(_ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger) async throws {
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
    }

    /// How many rows one query of the bulk reads returns, as one row of arrays.
    static let chunkSize = 8192

    /// Reads a table a chunk at a time: `query` gives the chunk after a key (or the first),
    /// as one row of arrays, one per column; `nextKey` the key after a chunk, `nil` after the
    /// last; `body` takes each chunk's arrays in turn.
    ///
    /// One message per chunk rather than one per row, and no per-cell decoding, is what makes
    /// start-up from a large database fast. The next chunk is asked for before this one is
    /// processed, so the database reads while the node builds its tables.
    static func forEachChunk<Key: Sendable>(
        _ connection: PostgresConnection, logger: Logger, columns: Int,
        query: @escaping @Sendable (Key?) -> PostgresQuery,
        nextKey: ([PostgresBinaryArray]) throws -> Key?,
        _ body: ([PostgresBinaryArray]) throws -> Void
    ) async throws {
        @Sendable func fetch(_ key: Key?) async throws -> [PostgresBinaryArray]? {
            var arrays: [PostgresBinaryArray]? = nil
            for try await row in try await connection.query(query(key), logger: logger) {
                var cells = PostgresRowCells(row)
                // An empty chunk aggregates to NULLs.
                guard let first = try cells.bytes() else { continue }
                var columnArrays = [try PostgresBinaryArray(first)]
                for _ in 1..<columns { columnArrays.append(try PostgresBinaryArray(try cells.nonNullBytes())) }
                arrays = columnArrays
            }
            return arrays
        }
        var chunk = try await fetch(nil)
        while let current = chunk {
            let next = try nextKey(current).map { key in Task { try await fetch(key) } }
            do {
                try body(current)
            } catch {
                next?.cancel()
                throw error
            }
            chunk = try await next?.value ?? nil
        }
    }

    /// Reads the schemas of `context` a chunk at a time, in id order; returns how many.
    ///
    /// The next chunk starts after the highest id seen, which is exact whatever order the
    /// arrays come in.
    static func loadSchemas(
        of context: String, ids: ClosedRange<Int>, _ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> Int {
        var loaded = 0
        try await forEachChunk(
            connection, logger: logger, columns: 7,
            query: { (after: Int?) in
                """
                SELECT array_agg(id), array_agg(schema_type), array_agg(text), array_agg(references_json),
                       array_agg(metadata_json), array_agg(ruleset_json), array_agg(identity_hash)
                FROM (SELECT * FROM schemas WHERE context = \(context) AND id > \(after ?? ids.lowerBound - 1) AND id <= \(ids.upperBound)
                      ORDER BY id LIMIT \(chunkSize)) AS chunk
                """
            },
            nextKey: { arrays in
                let ids = arrays[0]
                guard ids.count >= chunkSize else { return nil }
                return try (0..<ids.count).reduce(Int.min) { max($0, try ids.int($1)) }
            }
        ) { arrays in
            let ids = arrays[0], types = arrays[1], texts = arrays[2], references = arrays[3]
            let metadata = arrays[4], ruleSets = arrays[5], hashes = arrays[6]
            for index in 0..<ids.count {
                let id = try ids.int(index)
                guard let schemaType = types.withBytes(index, Self.schemaType) else {
                    throw StoredValueCoding.corrupt("schema \(id) in context \(context) has type '\(types.string(index) ?? "")'")
                }
                guard let hash = hashes.withBytes(index, { SchemaHash(bytes: $0) }) else {
                    throw StoredValueCoding.corrupt("schema \(id) in context \(context) has a malformed identity hash")
                }
                let referenceList =
                    references.withBytes(index, { $0.elementsEqual(Self.noReferences) })
                    ? [] : try StoredValueCoding.references(references.string(index) ?? "", context: context, id: id)
                let metadataJSON = try StoredValueCoding.optionalJSON(metadata.string(index), what: "metadata of schema \(id) in context \(context)")
                let ruleSet = try StoredValueCoding.optionalJSON(ruleSets.string(index), what: "rule set of schema \(id) in context \(context)")
                texts.withBytes(index) { raw in
                    builder.addSchema(
                        context: context, id: id, schemaType: schemaType, text: raw.bindMemory(to: UInt8.self), references: referenceList,
                        metadata: metadataJSON, ruleSet: ruleSet, identityHash: hash)
                }
            }
            loaded += ids.count
        }
        return loaded
    }

    /// The versions of every context that no pack holds, a chunk at a time; returns how many.
    static func loadVersions(
        _ connection: PostgresConnection, packs: [PostgresSchemaPack], into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> Int {
        // The contexts that have versions, by skipping along the primary key.
        var contexts: [String] = []
        for try await context in try await connection.query(
            """
            WITH RECURSIVE found (context) AS (
                (SELECT context FROM versions ORDER BY context LIMIT 1)
                UNION ALL
                SELECT (SELECT v.context FROM versions AS v WHERE v.context > found.context ORDER BY v.context LIMIT 1)
                FROM found WHERE found.context IS NOT NULL
            )
            SELECT context FROM found WHERE context IS NOT NULL
            """, logger: logger
        ).decode(String.self) {
            contexts.append(context)
        }
        let packsByContext = Dictionary(grouping: packs, by: \.context)
        var loaded = 0
        for context in contexts {
            guard let contextPacks = packsByContext[context]?.sorted(by: { $0.firstId < $1.firstId }), !contextPacks.isEmpty else {
                loaded += try await loadVersions(of: context, connection, into: &builder, logger: logger)
                continue
            }
            // The schema ids around and between the packs.
            var next = Int(Int32.min)
            for pack in contextPacks {
                if next < pack.firstId { loaded += try await loadVersions(of: context, schemaIds: next...(pack.firstId - 1), connection, into: &builder, logger: logger) }
                next = pack.lastId + 1
            }
            if next <= Int(Int32.max) {
                loaded += try await loadVersions(of: context, schemaIds: next...Int(Int32.max), connection, into: &builder, logger: logger)
            }
        }
        return loaded
    }

    /// Reads the versions of `context` whose schema ids are in `schemaIds`, a chunk at a time
    /// ordered by schema id, subject and version (the versions of ranges that packs do not
    /// cover, normally a few thousand ids at the end).
    static func loadVersions(
        of context: String, schemaIds: ClosedRange<Int>, _ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> Int {
        var loaded = 0
        var reader = VersionChunkReader(context: context)
        try await forEachChunk(
            connection, logger: logger, columns: 5,
            query: { (after: (schemaId: Int, subject: String, version: Int)?) in
                // Before any row of the range when there is no previous chunk.
                let (schemaId, subject, version) = after ?? (schemaIds.lowerBound - 1, "", 0)
                return """
                    SELECT array_agg(subject), array_agg(version), array_agg(schema_id), array_agg(deleted), array_agg(ts) FROM (
                        SELECT * FROM versions
                        WHERE context = \(context) AND schema_id BETWEEN \(schemaIds.lowerBound) AND \(schemaIds.upperBound)
                          AND (schema_id, subject, version) > (\(schemaId), \(subject), \(version))
                        ORDER BY schema_id, subject, version LIMIT \(chunkSize)) AS chunk
                    """
            },
            nextKey: { arrays in
                let last = arrays[0].count - 1
                guard arrays[0].count >= chunkSize, let name = arrays[0].string(last) else { return nil }
                return (try arrays[2].int(last), name, try arrays[1].int(last))
            }
        ) { arrays in
            loaded += try reader.add(arrays, into: &builder)
        }
        return loaded
    }

    /// Reads the versions of `context` a chunk at a time, ordered by subject and version.
    ///
    /// The next chunk starts after the last key of the previous one. Subjects sort by the
    /// database's collation, which only the database knows, so this relies on `array_agg`
    /// keeping the order of the sorted subquery it reads (PostgreSQL's documented way to
    /// aggregate in order); the caller checks the total against a count in the same snapshot.
    static func loadVersions(
        of context: String, _ connection: PostgresConnection, into builder: inout RegistryStateBuilder, logger: Logger
    ) async throws -> Int {
        var loaded = 0
        var reader = VersionChunkReader(context: context)
        try await forEachChunk(
            connection, logger: logger, columns: 5,
            query: { (after: (subject: String, version: Int)?) in
                let page: PostgresQuery =
                    if let after {
                        "SELECT * FROM versions WHERE context = \(context) AND (subject, version) > (\(after.subject), \(after.version)) ORDER BY subject, version LIMIT \(chunkSize)"
                    } else {
                        "SELECT * FROM versions WHERE context = \(context) ORDER BY subject, version LIMIT \(chunkSize)"
                    }
                var query: PostgresQuery = "SELECT array_agg(subject), array_agg(version), array_agg(schema_id), array_agg(deleted), array_agg(ts) FROM ("
                query.sql += page.sql + ") AS chunk"
                query.binds = page.binds
                return query
            },
            nextKey: { arrays in
                let subjects = arrays[0], last = arrays[0].count - 1
                guard subjects.count >= chunkSize, let name = subjects.string(last) else { return nil }
                return (name, try arrays[1].int(last))
            }
        ) { arrays in
            loaded += try reader.add(arrays, into: &builder)
        }
        return loaded
    }

    /// Adds chunks of version rows (arrays of subject, version, schema id, deleted, timestamp)
    /// to a builder; consecutive versions of a subject share one `QualifiedSubject`, made when
    /// the name changes.
    struct VersionChunkReader {
        let context: String
        private var subject: QualifiedSubject? = nil
        private var subjectBytes = ByteBuffer()

        init(context: String) { self.context = context }

        /// Adds one chunk; how many versions it held.
        mutating func add(_ arrays: [PostgresBinaryArray], into builder: inout RegistryStateBuilder) throws -> Int {
            let subjects = arrays[0], versions = arrays[1], schemaIds = arrays[2], deleted = arrays[3], times = arrays[4]
            for index in 0..<subjects.count {
                let current: QualifiedSubject
                if let subject, subjects.withBytes(index, { name in subjectBytes.withUnsafeReadableBytes { name.elementsEqual($0) } }) {
                    current = subject
                } else {
                    subjectBytes = subjects.bytes(index) ?? ByteBuffer()
                    current = QualifiedSubject(context: context, name: String(buffer: subjectBytes))
                    subject = current
                }
                builder.addVersion(
                    of: current, version: try versions.int(index), schemaId: try schemaIds.int(index), deleted: try deleted.bool(index),
                    timestamp: Int64(try times.int(index)))
            }
            return subjects.count
        }
    }
}

/// A load whose rows did not add up to the tables' counts in the same snapshot: a pack that no
/// longer matches its rows (changed by something that bypassed the triggers), or a defect.
struct PostgresLoadMismatch: Error, CustomStringConvertible {
    var description: String

    init(description: String) { self.description = description }

    /// The mismatch `error` is or carries (postgres-nio wraps what a transaction's body threw).
    init?(in error: any Error) {
        if let mismatch = error as? PostgresLoadMismatch {
            self = mismatch
        } else if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError, let mismatch = PostgresLoadMismatch(in: inner) {
            self = mismatch
        } else {
            return nil
        }
    }
}
