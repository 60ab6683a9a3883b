import Digest
import JSONModel

/// A schema as the registry keeps it: its content, its id in a context, and the identity hash.
///
/// Content is stored once per (context, id) however many subjects and versions use it, which
/// keeps memory proportional to distinct schemas rather than to versions.
public struct StoredSchema: Hashable, Sendable {
    public var context: String
    public var id: Int
    public let schemaType: SchemaType
    /// The canonical text (what clients get back).
    public let text: String
    public let references: [SchemaReference]
    public let metadata: JSONValue?
    public let ruleSet: JSONValue?
    /// The content identity: MD5 over the canonical text, the references, and the metadata and
    /// rule set when present. Two registrations with equal hashes are the same schema, which is
    /// how Confluent decides identity (not Avro's Parsing Canonical Form). Computed once: it is
    /// compared for every version a registration or lookup looks at.
    public let identityHash: SchemaHash

    /// Creates a stored schema for new content, computing its identity hash.
    public init(
        context: String, id: Int, schemaType: SchemaType, text: String, references: [SchemaReference],
        metadata: JSONValue?, ruleSet: JSONValue?
    ) {
        self.init(
            context: context, id: id, schemaType: schemaType, text: text, references: references, metadata: metadata,
            ruleSet: ruleSet,
            identityHash: Self.identityHash(text: text, references: references, metadata: metadata, ruleSet: ruleSet))
    }

    /// Creates a stored schema whose identity hash is already known: a store that kept the
    /// hash with the content loads it without hashing every text again (for a million schemas
    /// that hashing was most of the start-up). The caller vouches that `identityHash` is what
    /// `identityHash(text:references:metadata:ruleSet:)` gives for this content.
    public init(
        context: String, id: Int, schemaType: SchemaType, text: String, references: [SchemaReference],
        metadata: JSONValue?, ruleSet: JSONValue?, identityHash: SchemaHash
    ) {
        self.context = context
        self.id = id
        self.schemaType = schemaType
        self.text = text
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.identityHash = identityHash
    }

    /// The identity hash of content that is not stored yet.
    public static func identityHash(text: String, references: [SchemaReference], metadata: JSONValue?, ruleSet: JSONValue?) -> SchemaHash {
        var md5 = MD5()
        md5.update(text.utf8)
        for r in references {
            md5.update(r.name.utf8)
            md5.update(r.subject.utf8)
            md5.update(String(r.version).utf8)
        }
        if let metadata {
            md5.update([1])
            md5.update(JSONWriter.string(metadata.sortedRecursively()).utf8)
        }
        if let ruleSet {
            md5.update([1])
            md5.update(JSONWriter.string(ruleSet.sortedRecursively()).utf8)
        }
        return SchemaHash(md5.finalize())
    }

    /// The schema's GUID: the identity hash written as a UUID, so equal content has the same
    /// GUID in every context and on every node.
    public var guid: String { Self.guid(identityHash) }

    /// Formats 16 bytes as a UUID string.
    public static func guid(_ hash: SchemaHash) -> String {
        let hex = hexString(hash.bytes)
        let u = Array(hex)
        return String(u[0..<8]) + "-" + String(u[8..<12]) + "-" + String(u[12..<16]) + "-" + String(u[16..<20]) + "-"
            + String(u[20..<32])
    }
}

/// One version of a subject: which schema id it is, and whether it is soft-deleted.
public struct StoredVersion: Hashable, Sendable {
    public var subject: QualifiedSubject
    public var version: Int
    public var schemaId: Int
    public var deleted: Bool
    /// Registration time, milliseconds since 1970.
    public var timestamp: Int64

    /// Creates a version record.
    public init(subject: QualifiedSubject, version: Int, schemaId: Int, deleted: Bool, timestamp: Int64) {
        self.subject = subject
        self.version = version
        self.schemaId = schemaId
        self.deleted = deleted
        self.timestamp = timestamp
    }
}

/// A schema's 16-byte identity hash as a value: hashing and comparing it costs two words,
/// where an `[UInt8]` key would allocate and hash byte by byte (it is a key of the largest
/// table, built for every stored schema at start-up).
public struct SchemaHash: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    /// A hash from its two halves (the first and last 8 bytes of the digest, big-endian).
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads 16 bytes in digest order, as `bytes` writes them (a store's stored hash column),
    /// without an intermediate array; `nil` when `raw` does not hold exactly 16 bytes.
    public init?(bytes raw: UnsafeRawBufferPointer) {
        guard raw.count == 16 else { return nil }
        high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        low = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// Packs a 16-byte digest (big-endian halves).
    public init(_ digest: [UInt8]) {
        var h: UInt64 = 0
        var l: UInt64 = 0
        for i in 0..<8 { h = h << 8 | UInt64(digest[i]) }
        for i in 8..<16 { l = l << 8 | UInt64(digest[i]) }
        high = h
        low = l
    }

    /// Reads a GUID (`8-4-4-4-12` hex digits, any case) back into the hash it was written
    /// from; `nil` for anything else.
    public init?(guid: String) {
        let hex = guid.utf8.filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32, guid.utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var i = 0
        while i < 32 {
            guard let h = HexDigit.value(hex[i]), let l = HexDigit.value(hex[i + 1]) else { return nil }
            bytes.append(h << 4 | l)
            i += 2
        }
        self.init(bytes)
    }

    /// The 16 bytes, in digest order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }
}
