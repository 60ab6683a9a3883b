import JSONModel

/// The schemas of one context, laid out for a million of them.
///
/// Records sit in one array, found by id through `SchemaIdIndex` and by identity hash
/// through `SchemaHashIndex`; their texts sit in a `TextArena`, and the rare references,
/// metadata and rule sets in a dictionary beside them. A record is 48 bytes of plain data
/// (copied without reference counting) plus its text; the dictionary of `StoredSchema` values it replaces (plus the hash and usage
/// dictionaries beside it) took about 350 bytes per schema once its power-of-two growth was
/// counted, and each text was a heap object of its own. Removing a schema moves the last
/// record into its place, so the array never has holes.
struct SchemaTable: Sendable {
    /// One schema, without its text (in the table's arena) and extras (in `extras`).
    struct Record: Sendable {
        var id: Int
        var identityHash: SchemaHash
        var text: TextArena.Span
        /// How many versions (soft-deleted included) use this schema.
        var usage: Int32
        var schemaType: SchemaType
        /// Whether `extras` holds references, metadata or a rule set for this schema.
        var hasExtras: Bool
    }

    /// Every schema, in no particular order.
    private(set) var records: [Record] = []
    private var texts = TextArena()
    /// References, metadata and rule set of the schemas that have any, by id.
    private var extras: [Int: SchemaExtras] = [:]
    private var byId = SchemaIdIndex()
    private var byHash = SchemaHashIndex()
    /// How many schemas have references (when none do, loading skips the referrer index).
    private(set) var referencingCount = 0
    /// Whether indexing by content is left to `completeContentIndex()`: a part of a table
    /// that will be absorbed into another is indexed there, so indexing it here is wasted.
    private var contentIndexDeferred = false

    /// How many schemas the table holds.
    var count: Int { records.count }

    /// Adds how many schemas of each type the table holds to `counts`.
    func countByType(into counts: inout [SchemaType: Int]) {
        var avro = 0, json = 0, protobuf = 0
        for record in records {
            switch record.schemaType {
            case .avro: avro += 1
            case .json: json += 1
            case .protobuf: protobuf += 1
            }
        }
        for (type, n) in [(SchemaType.avro, avro), (.json, json), (.protobuf, protobuf)] where n > 0 { counts[type, default: 0] += n }
    }

    /// Makes room for `count` schemas without growing.
    mutating func reserveCapacity(_ count: Int) {
        records.reserveCapacity(count)
        byId.reserveCapacity(count)
        if !contentIndexDeferred {
            records.withUnsafeBufferPointer { r in byHash.reserveCapacity(count) { r[$0].identityHash } }
        }
    }

    /// Stops indexing by content (`id(forHash:)` is not to be asked) until
    /// `completeContentIndex()`.
    mutating func deferContentIndex() {
        contentIndexDeferred = true
    }

    /// Indexes every schema by content if that was deferred, later records winning on equal
    /// content as if they had been inserted one by one.
    mutating func completeContentIndex() {
        guard contentIndexDeferred else { return }
        contentIndexDeferred = false
        byHash = SchemaHashIndex()
        records.withUnsafeBufferPointer { r in
            byHash.reserveCapacity(r.count) { r[$0].identityHash }
            for p in r.indices { byHash.set(p, for: r[p].identityHash) { r[$0].identityHash } }
        }
    }

    /// The record of schema `id`.
    subscript(id id: Int) -> Record? {
        byId.position(of: id).map { records[$0] }
    }

    /// Whether a schema has `id`.
    func contains(id: Int) -> Bool { byId.position(of: id) != nil }

    /// The text of a record of this table.
    func text(of record: Record) -> String { texts.string(record.text) }

    /// The references, metadata and rule set of a record of this table, nil when it has none.
    func extras(of record: Record) -> SchemaExtras? {
        record.hasExtras ? extras[record.id] : nil
    }

    /// The references of a record of this table.
    func references(of record: Record) -> [SchemaReference] {
        extras(of: record)?.references ?? []
    }

    /// The schema with `id` as the registry's API shows it, in `context` (its text copied out).
    func schema(id: Int, context: String) -> StoredSchema? {
        guard let r = self[id: id] else { return nil }
        let e = extras(of: r)
        return StoredSchema(
            context: context, id: r.id, schemaType: r.schemaType, text: text(of: r), references: e?.references ?? [],
            metadata: e?.metadata, ruleSet: e?.ruleSet, identityHash: r.identityHash)
    }

    /// Every schema as the registry's API shows it, in `context`.
    func allSchemas(context: String) -> [StoredSchema] {
        records.compactMap { schema(id: $0.id, context: context) }
    }

    /// The id of the schema with this identity hash (the one added last when several have it).
    func id(forHash hash: SchemaHash) -> Int? {
        records.withUnsafeBufferPointer { r in
            byHash.position(of: hash) { r[$0].identityHash }.map { r[$0].id }
        }
    }

    /// Adds `schema`, or replaces the schema with its id, with no versions using it yet.
    mutating func insert(_ schema: StoredSchema) {
        var text = schema.text
        text.withUTF8 { bytes in
            insert(
                id: schema.id, schemaType: schema.schemaType, text: bytes, extras: SchemaExtras.of(schema),
                identityHash: schema.identityHash)
        }
    }

    /// Adds a schema whose text is given as UTF-8 bytes (copied), or replaces the schema
    /// with its id, with no versions using it yet.
    mutating func insert(
        id: Int, schemaType: SchemaType, text: UnsafeBufferPointer<UInt8>, extras: SchemaExtras?, identityHash: SchemaHash
    ) {
        let record = Record(
            id: id, identityHash: identityHash, text: texts.append(UnsafeRawBufferPointer(text)), usage: 0,
            schemaType: schemaType, hasExtras: extras != nil)
        place(record, extras: extras)
        if texts.shouldCompact { compactTexts() }
    }

    /// Takes in every schema of `other` (another part of the same context, loaded in
    /// parallel, from rows that came before this table's), its texts included without
    /// copying them. Equal content is found as after one pass over all rows: this table's
    /// schema over `other`'s, and among `other`'s the later one. Costs in proportion to
    /// `other`.
    mutating func absorb(earlier other: SchemaTable) {
        let firstChunk = texts.absorb(other.texts)
        let firstAbsorbed = count
        reserveCapacity(count + other.count)
        for var record in other.records {
            record.text.chunk += firstChunk
            place(record, extras: other.extras(of: record), replacingEqualContentFrom: firstAbsorbed)
        }
    }

    /// Files `record` (whose text is in the arena already) under its id and hash, replacing
    /// the schema with its id, and the one found by its hash if that sits at
    /// `replacingEqualContentFrom` or later.
    private mutating func place(_ record: Record, extras: SchemaExtras?, replacingEqualContentFrom: Int = 0) {
        let position: Int
        if let existing = byId.position(of: record.id) {
            let old = records[existing]
            if !references(of: old).isEmpty { referencingCount -= 1 }
            self.extras[old.id] = nil
            texts.release(old.text)
            if !contentIndexDeferred {
                records.withUnsafeBufferPointer { r in byHash.remove(old.identityHash, at: existing) { r[$0].identityHash } }
            }
            records[existing] = record
            position = existing
        } else {
            position = records.count
            records.append(record)
            byId.set(position, for: record.id, count: records.count)
        }
        if let extras {
            self.extras[record.id] = extras
            if !extras.references.isEmpty { referencingCount += 1 }
        }
        guard !contentIndexDeferred else { return }
        records.withUnsafeBufferPointer { r in
            byHash.set(position, for: record.identityHash, replacingFrom: replacingEqualContentFrom) { r[$0].identityHash }
        }
    }

    /// Changes the usage count of schema `id` by `delta` and returns the new count; nil when
    /// there is no such schema.
    @discardableResult
    mutating func addUsage(_ delta: Int32, to id: Int) -> Int32? {
        guard let p = byId.position(of: id) else { return nil }
        records[p].usage += delta
        return records[p].usage
    }

    /// Removes schema `id`.
    mutating func remove(id: Int) {
        guard let p = byId.position(of: id) else { return }
        let removed = records[p]
        if !references(of: removed).isEmpty { referencingCount -= 1 }
        extras[id] = nil
        texts.release(removed.text)
        byId.remove(id)
        if !contentIndexDeferred {
            records.withUnsafeBufferPointer { r in byHash.remove(removed.identityHash, at: p) { r[$0].identityHash } }
        }
        let last = records.count - 1
        if p != last {
            let moved = records[last]
            records[p] = moved
            byId.set(p, for: moved.id, count: records.count)
            if !contentIndexDeferred { byHash.move(moved.identityHash, from: last, to: p) }
        }
        records.removeLast()
        if texts.shouldCompact { compactTexts() }
    }

    /// Copies the live texts into a fresh arena, leaving released ones behind.
    private mutating func compactTexts() {
        var fresh = TextArena()
        for i in records.indices {
            records[i].text = texts.withBytes(records[i].text) { fresh.append(UnsafeRawBufferPointer($0)) }
        }
        texts = fresh
    }
}
