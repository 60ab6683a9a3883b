import Digest

/// Digests of what a compatibility check compares in each type of one schema, so that a check
/// can tell an unchanged field from a changed one in constant time.
///
/// A registration under a transitive level checks the new schema against every earlier
/// version, and two versions of a wide record share almost every field. Deciding that two
/// fields have the same type by walking both types costs the size of the type, once per field
/// per earlier version; with digests computed once per schema it costs one comparison.
///
/// A digest covers exactly what `CompatibilityWalk.identical` compares: kinds, primitive kinds,
/// full names, field names in order, symbols and sizes, all the way down (docs, defaults,
/// aliases, logical types and properties are left out, as they are there). It is SHA-256 over
/// an unambiguous encoding of those, so equal digests mean identical types. A type that reaches
/// a recursive reference has no digest, and the check falls back to walking it.
public struct AvroSchemaShapes: Sendable {
    /// Each named type's digest, by full name; absent for a type that reaches a cycle.
    let named: [String: AvroShapeDigest]
    /// Each record's field type digests in field order, by the record's full name; `nil` for a
    /// field whose type reaches a cycle.
    let fields: [String: [AvroShapeDigest?]]

    /// Computes the digests of every named type of `schema` and of every record field's type.
    public init(_ schema: AvroSchema) {
        var builder = AvroShapeBuilder(schema: schema)
        for name in schema.types.keys { _ = builder.namedDigest(name) }
        var named: [String: AvroShapeDigest] = [:]
        for case (let name, let digest?) in builder.named { named[name] = digest }
        self.named = named
        self.fields = builder.fields
    }

    /// The digests of `record`'s fields when they were computed from this record.
    func fieldDigests(of record: AvroRecord) -> [AvroShapeDigest?]? {
        guard let digests = fields[record.name.fullName], digests.count == record.fields.count else { return nil }
        return digests
    }
}

/// A type's shape digest: SHA-256 of its shape encoding.
typealias AvroShapeDigest = SHA256Words

/// Computes shape digests bottom-up, each named type once.
struct AvroShapeBuilder {
    let schema: AvroSchema
    /// Named types decided so far: a digest, or `nil` for a type that reaches a cycle (or an
    /// undefined name).
    var named: [String: AvroShapeDigest?] = [:]
    var fields: [String: [AvroShapeDigest?]] = [:]
    /// Named types being digested: meeting one again is a cycle.
    var inProgress: Set<String> = []

    init(schema: AvroSchema) { self.schema = schema }

    /// Tags that keep the encodings of different kinds apart.
    enum Tag: UInt8 {
        case primitive = 1, array, map, union, named, record, enumeration, fixed
    }

    /// The digest of an anonymous or named type occurrence; `nil` when it reaches a cycle.
    mutating func digest(_ type: AvroType) -> AvroShapeDigest? {
        if case .named(let name) = type { return namedDigest(name) }
        var out: [UInt8] = []
        guard encode(type, into: &out) else { return nil }
        return AvroShapeDigest(hashing: out)
    }

    /// Whether the encoding could be written (no cycle below `type`).
    mutating func encode(_ type: AvroType, into out: inout [UInt8]) -> Bool {
        switch type {
        case .primitive(let p):
            out.append(Tag.primitive.rawValue)
            out.appendLengthPrefixed(p.kind.rawValue)
        case .array(let items, _):
            out.append(Tag.array.rawValue)
            return encode(items, into: &out)
        case .map(let values, _):
            out.append(Tag.map.rawValue)
            return encode(values, into: &out)
        case .union(let branches):
            out.append(Tag.union.rawValue)
            out.appendLittleEndian(UInt64(branches.count))
            for branch in branches where !encode(branch, into: &out) { return false }
        case .named(let name):
            guard let digest = namedDigest(name) else { return false }
            out.append(Tag.named.rawValue)
            digest.append(to: &out)
        }
        return true
    }

    /// The digest of the named type `name`, computed once; a record's field digests are kept
    /// on the way.
    mutating func namedDigest(_ name: String) -> AvroShapeDigest? {
        if let decided = named[name] { return decided }
        guard !inProgress.contains(name), let definition = schema.types[name] else { return nil }
        inProgress.insert(name)
        defer { inProgress.remove(name) }
        var out: [UInt8] = []
        out.appendLengthPrefixed(name)
        var complete = true
        switch definition {
        case .record(let record):
            out.append(Tag.record.rawValue)
            out.appendLittleEndian(UInt64(record.fields.count))
            var digests: [AvroShapeDigest?] = []
            digests.reserveCapacity(record.fields.count)
            for field in record.fields {
                out.appendLengthPrefixed(field.name)
                let digest = digest(field.type)
                digests.append(digest)
                if let digest { digest.append(to: &out) } else { complete = false }
            }
            fields[name] = digests
        case .enumeration(let e):
            out.append(Tag.enumeration.rawValue)
            out.appendLittleEndian(UInt64(e.symbols.count))
            for symbol in e.symbols { out.appendLengthPrefixed(symbol) }
        case .fixed(let f):
            out.append(Tag.fixed.rawValue)
            out.appendLittleEndian(UInt64(f.size))
        }
        let result = complete ? AvroShapeDigest(hashing: out) : nil
        named[name] = .some(result)
        return result
    }
}
