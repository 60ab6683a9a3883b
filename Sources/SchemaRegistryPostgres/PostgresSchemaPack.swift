import JSONModel
import Logging
import NIOCore
import PostgresNIO
import SchemaRegistryCore

/// A pack: the schemas of one aligned id range of a context and the versions that use them,
/// serialized into two `bytea` values, so that a node starting up reads them as a few large
/// values instead of many rows.
///
/// Reading rows was the database's limit at start-up: aggregating a million 720-byte texts
/// into chunks costs PostgreSQL 2 µs a row and a million versions 1.5 µs, more than the
/// node's own work, while a stored pack is read at the speed of its TOAST pages. A pack stays
/// right until a row it holds changes: a schema of its range or a version of one of those
/// schemas inserted, updated (a soft delete) or deleted. Triggers on `schemas` and `versions`
/// (layout 2) then drop it in the same transaction, the next packing round writes it again,
/// and the loader also checks each pack's counts against the tables in its snapshot, reading
/// the rows of any pack that disagrees.
///
/// Layout, integers big-endian. `data`, for each schema in id order: the id (4 bytes), then
/// length-prefixed (4 bytes) schema type, text, references JSON, metadata JSON and rule set
/// JSON (length -1 for none) and identity hash. `versions`, ordered by subject and version:
/// the length-prefixed subject, version (4), schema id (4), deleted (1) and timestamp (8).
struct PostgresSchemaPack {
    /// The ids a pack spans: pack `k` of a context holds ids `k * idsPerPack + 1` through
    /// `(k + 1) * idsPerPack`.
    static let idsPerPack = 8192
    /// Fewer schemas than this in a range are not worth a pack.
    static let minimumRows = 1024
    /// Ranges whose texts add up to more than this stay rows (a value must stay well under
    /// PostgreSQL's 1 GB limit, and a node holds one pack in memory while it reads it).
    static let maximumTextBytes = 64 << 20

    let context: String
    let firstId: Int
    let lastId: Int
    let rowCount: Int
    let versionCount: Int

    /// The id range of pack `index`.
    static func ids(ofPack index: Int) -> ClosedRange<Int> {
        (index * idsPerPack + 1)...((index + 1) * idsPerPack)
    }

    /// Writes the pack of `ids` in `context` from the rows, under the database's write lock
    /// (so no write of any node adds or removes a row of the range meanwhile). Writes nothing
    /// when the range has no rows, is too large, is not yet wholly below the context's next
    /// id (registrations still fill it), or already has a pack.
    static func write(context: String, ids: ClosedRange<Int>, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresRegistryStore.writeLockKey))", logger: logger)
        try await connection.query(
            """
            WITH packed AS (
                SELECT COUNT(*) AS n, SUM(octet_length(x)) AS bytes, string_agg(
                    int4send(id) || int4send(octet_length(t)) || t || int4send(octet_length(x)) || x || int4send(octet_length(r)) || r
                    || COALESCE(int4send(octet_length(m)) || m, int4send(-1)) || COALESCE(int4send(octet_length(s)) || s, int4send(-1))
                    || int4send(octet_length(identity_hash)) || identity_hash,
                    ''::bytea ORDER BY id) AS data
                FROM (SELECT id, convert_to(schema_type, 'UTF8') AS t, convert_to(text, 'UTF8') AS x, convert_to(references_json, 'UTF8') AS r,
                             convert_to(metadata_json, 'UTF8') AS m, convert_to(ruleset_json, 'UTF8') AS s, identity_hash
                      FROM schemas WHERE context = \(context) AND id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)) AS rows
            ), used AS (
                SELECT COUNT(*) AS n, COALESCE(string_agg(
                    int4send(octet_length(name)) || name || int4send(version) || int4send(schema_id)
                    || CASE WHEN deleted THEN '\\x01'::bytea ELSE '\\x00'::bytea END || int8send(ts),
                    ''::bytea ORDER BY subject, version), ''::bytea) AS data
                FROM (SELECT convert_to(subject, 'UTF8') AS name, subject, version, schema_id, deleted, ts FROM versions
                      WHERE context = \(context) AND schema_id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)) AS rows
            )
            INSERT INTO schema_packs (context, first_id, last_id, row_count, version_count, data, versions)
            SELECT \(context), \(ids.lowerBound), \(ids.upperBound), packed.n, used.n, packed.data, used.data FROM packed, used
            WHERE packed.n > 0 AND packed.bytes <= \(maximumTextBytes)
              AND \(ids.upperBound) < (SELECT next_id FROM sequences WHERE context = \(context))
            ON CONFLICT (context, first_id) DO NOTHING
            """, logger: logger)
    }

    /// The ranges that should have a pack and have none: enough rows, wholly below the
    /// context's next id. Contexts in name order, ranges ascending.
    static func missing(_ connection: PostgresConnection, logger: Logger) async throws -> [(context: String, ids: ClosedRange<Int>)] {
        var ranges: [(context: String, ids: ClosedRange<Int>)] = []
        for try await (context, index) in try await connection.query(
            """
            SELECT context, k FROM (
                SELECT s.context, (s.id::int8 - 1) / \(idsPerPack) AS k, COUNT(*) AS n
                FROM schemas AS s JOIN sequences AS q ON q.context = s.context
                WHERE s.id >= 1 AND ((s.id::int8 - 1) / \(idsPerPack) + 1) * \(idsPerPack) < q.next_id
                GROUP BY 1, 2
            ) AS ranges
            WHERE n >= \(minimumRows)
              AND NOT EXISTS (SELECT 1 FROM schema_packs AS p WHERE p.context = ranges.context AND p.first_id = ranges.k * \(idsPerPack) + 1)
            ORDER BY context, k
            """, logger: logger
        ).decode((String, Int).self) {
            ranges.append((context, ids(ofPack: index)))
        }
        return ranges
    }

    /// Writes every missing pack, each in its own short transaction so that writes wait for
    /// one range at most; how many it wrote.
    static func writeMissing(_ client: PostgresClient, logger: Logger) async throws -> Int {
        let ranges = try await client.withConnection { try await missing($0, logger: logger) }
        for (context, ids) in ranges {
            try Task.checkCancellation()
            try await client.withTransaction(logger: logger) { try await write(context: context, ids: ids, $0, logger: logger) }
        }
        return ranges.count
    }

    /// The packs of the snapshot. They are trusted, since the triggers keep them right: a load
    /// that finds the counts do not add up drops them all (`dropAll`) and reads rows instead.
    /// (Checking every pack's counts first cost half a second at a million versions.)
    static func stored(_ connection: PostgresConnection, logger: Logger) async throws -> [PostgresSchemaPack] {
        var packs: [PostgresSchemaPack] = []
        for try await (context, first, last, rows, versions) in try await connection.query(
            "SELECT context, first_id, last_id, row_count, version_count FROM schema_packs ORDER BY context, first_id", logger: logger
        ).decode((String, Int, Int, Int, Int).self) {
            packs.append(PostgresSchemaPack(context: context, firstId: first, lastId: last, rowCount: rows, versionCount: versions))
        }
        return packs
    }

    /// Drops every pack (the next packing round writes them again from the rows).
    static func dropAll(_ client: PostgresClient, logger: Logger) async throws {
        try await client.query("DELETE FROM schema_packs", logger: logger)
    }

    /// Adds the versions of a pack's `versions` bytes to `builder`; how many.
    static func decodeVersions(_ data: ByteBuffer, context: String, into builder: inout RegistryStateBuilder) throws -> Int {
        try data.withUnsafeReadableBytes { raw throws -> Int in
            var reader = PackReader(raw: raw)
            var count = 0
            var subject: QualifiedSubject? = nil
            var subjectBytes: UnsafeRawBufferPointer? = nil
            while !reader.isAtEnd {
                guard let name = try reader.field() else { throw PostgresRowCellError("a version in a pack has no subject") }
                let version = Int(try reader.int32())
                let schemaId = Int(try reader.int32())
                let deleted = try reader.byte() != 0
                let timestamp = try reader.int64()
                // Consecutive versions of a subject share one value, made when the name changes.
                let current: QualifiedSubject
                if let subject, let previous = subjectBytes, previous.elementsEqual(name) {
                    current = subject
                } else {
                    current = QualifiedSubject(context: context, name: String(decoding: name, as: UTF8.self))
                    subject = current
                    subjectBytes = name
                }
                builder.addVersion(of: current, version: version, schemaId: schemaId, deleted: deleted, timestamp: timestamp)
                count += 1
            }
            return count
        }
    }

    /// Adds the schemas of a pack's bytes to `builder`; how many.
    static func decode(_ data: ByteBuffer, context: String, into builder: inout RegistryStateBuilder) throws -> Int {
        try data.withUnsafeReadableBytes { raw throws -> Int in
            var reader = PackReader(raw: raw)
            var count = 0
            while !reader.isAtEnd {
                let id = Int(try reader.int32())
                let typeBytes = try reader.field()
                guard let typeBytes, let schemaType = PostgresLoader.schemaType(typeBytes) else {
                    throw StoredValueCoding.corrupt("schema \(id) in context \(context) has no known type in its pack")
                }
                guard let text = try reader.field() else { throw PostgresRowCellError("schema \(id) has no text in its pack") }
                guard let referenceBytes = try reader.field() else { throw PostgresRowCellError("schema \(id) has no references in its pack") }
                let references =
                    referenceBytes.elementsEqual(PostgresLoader.noReferences)
                    ? [] : try StoredValueCoding.references(String(decoding: referenceBytes, as: UTF8.self), context: context, id: id)
                let metadata = try StoredValueCoding.optionalJSON(
                    try reader.field().map { String(decoding: $0, as: UTF8.self) }, what: "metadata of schema \(id) in context \(context)")
                let ruleSet = try StoredValueCoding.optionalJSON(
                    try reader.field().map { String(decoding: $0, as: UTF8.self) }, what: "rule set of schema \(id) in context \(context)")
                guard let hashBytes = try reader.field(), let hash = SchemaHash(bytes: hashBytes) else {
                    throw StoredValueCoding.corrupt("schema \(id) in context \(context) has a malformed identity hash")
                }
                builder.addSchema(
                    context: context, id: id, schemaType: schemaType, text: text.bindMemory(to: UInt8.self), references: references,
                    metadata: metadata, ruleSet: ruleSet, identityHash: hash)
                count += 1
            }
            return count
        }
    }

    /// Reads a pack's integers and length-prefixed fields in place.
    private struct PackReader {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset >= raw.count }

        mutating func byte() throws -> UInt8 {
            guard raw.count - offset >= 1 else { throw PostgresRowCellError("a pack ends inside a flag") }
            defer { offset += 1 }
            return raw[offset]
        }

        mutating func int64() throws -> Int64 {
            guard raw.count - offset >= 8 else { throw PostgresRowCellError("a pack ends inside a number") }
            let value = Int64(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian)
            offset += 8
            return value
        }

        mutating func int32() throws -> Int32 {
            guard raw.count - offset >= 4 else { throw PostgresRowCellError("a schema pack ends inside a number") }
            let value = Int32(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
            offset += 4
            return value
        }

        /// The next field's bytes, `nil` for a length of -1.
        mutating func field() throws -> UnsafeRawBufferPointer? {
            let length = Int(try int32())
            guard length >= 0 else { return nil }
            guard raw.count - offset >= length else { throw PostgresRowCellError("a schema pack ends inside a field") }
            defer { offset += length }
            return UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
        }
    }
}
