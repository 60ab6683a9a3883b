import Digest
import JSONModel

/// SHA-256 of a subschema's identity JSON, so that the diff can tell an unchanged subschema
/// from a changed one with one comparison instead of a deep comparison of two JSON trees.
///
/// Two identities equal under `JSONValue`'s `==` (objects compared without regard to member
/// order, `0.0` equal to `-0.0`) get equal digests, and equal digests mean equal identities.
/// Strings are encoded as UTF-8, so two canonically equivalent but differently encoded texts
/// (which Swift's `==` finds equal) get different digests: such subschemas are walked instead
/// of skipped, which costs time but changes no result.
struct CompatIdentityDigest: Hashable, Sendable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ json: JSONValue) {
        var bytes: [UInt8] = []
        Self.encode(json, into: &bytes)
        self.init(sha256: SHA256.hash(bytes))
    }

    /// The digest of the identity `[tag, json]` (a part the loader builds from one schema
    /// object) from the digest of `json`, without encoding or hashing `json` again: the digest
    /// of `json` XOR that of the tag's own encoding (which starts with a tag no plain identity
    /// uses). Two such digests of different parts, or one of a part and one of a plain
    /// identity, agree only if two SHA-256 outputs differ by a chosen value, which is as hard
    /// to arrange as a collision.
    init(tag: String, _ json: CompatIdentityDigest) {
        let t = Self.tagDigest(tag)
        words = (json.words.0 ^ t.words.0, json.words.1 ^ t.words.1, json.words.2 ^ t.words.2, json.words.3 ^ t.words.3)
    }

    /// The tags the loader uses (keywords and type names), hashed once.
    private static let knownTags: [String: CompatIdentityDigest] = {
        var table: [String: CompatIdentityDigest] = [:]
        for tag in [
            "enum", "allOf", "anyOf", "oneOf", "not", "const", "type", "array", "object", "number", "string", "conditional",
            "integer", "boolean", "null",
        ] {
            table[tag] = CompatIdentityDigest(encodedTag: tag)
        }
        return table
    }()

    private static func tagDigest(_ tag: String) -> CompatIdentityDigest {
        knownTags[tag] ?? CompatIdentityDigest(encodedTag: tag)
    }

    private init(encodedTag tag: String) {
        var bytes: [UInt8] = [8]
        Self.appendText(tag, to: &bytes)
        self.init(sha256: SHA256.hash(bytes))
    }

    private init(sha256 hash: [UInt8]) {
        func word(_ at: Int) -> UInt64 {
            var w: UInt64 = 0
            for i in at..<(at + 8) { w = w << 8 | UInt64(hash[i]) }
            return w
        }
        words = (word(0), word(8), word(16), word(24))
    }

    static func == (a: Self, b: Self) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    /// An unambiguous encoding: a tag per kind, lengths before contents, object members in
    /// key order.
    private static func encode(_ json: JSONValue, into out: inout [UInt8]) {
        switch json {
        case .null:
            out.append(0)
        case .bool(let b):
            out.append(b ? 2 : 1)
        case .integer(let i):
            out.append(3)
            appendWord(UInt64(bitPattern: i), to: &out)
        case .double(let d):
            out.append(4)
            appendWord((d == 0 ? 0 : d).bitPattern, to: &out)
        case .string(let s):
            out.append(5)
            appendText(s, to: &out)
        case .array(let items):
            out.append(6)
            appendWord(UInt64(items.count), to: &out)
            for item in items { encode(item, into: &out) }
        case .object(let object):
            out.append(7)
            appendWord(UInt64(object.members.count), to: &out)
            for member in object.members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                appendText(member.key, to: &out)
                encode(member.value, into: &out)
            }
        }
    }

    private static func appendWord(_ w: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: w >> UInt64(shift))) }
    }

    private static func appendText(_ text: String, to out: inout [UInt8]) {
        appendWord(UInt64(text.utf8.count), to: &out)
        out.append(contentsOf: text.utf8)
    }
}
