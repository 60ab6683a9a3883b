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
    let value: SHA256Words

    init(_ json: JSONValue) {
        var bytes: [UInt8] = []
        Self.encode(json, into: &bytes)
        value = SHA256Words(hashing: bytes)
    }

    /// The digest of the identity `[tag, json]` (a part the loader builds from one schema
    /// object) from the digest of `json`, without encoding or hashing `json` again: the digest
    /// of `json` XOR that of the tag's own encoding, which starts with a byte no plain identity
    /// starts with (and a plain identity is never an array).
    init(tag: String, _ json: CompatIdentityDigest) {
        value = json.value ^ Self.tagDigest(tag)
    }

    /// The tags the loader uses (keywords and type names), hashed once.
    private static let knownTags: [String: SHA256Words] = {
        var table: [String: SHA256Words] = [:]
        for tag in [
            "enum", "allOf", "anyOf", "oneOf", "not", "const", "type", "array", "object", "number", "string", "conditional",
            "integer", "boolean", "null",
        ] {
            table[tag] = encodedTag(tag)
        }
        return table
    }()

    private static func tagDigest(_ tag: String) -> SHA256Words {
        knownTags[tag] ?? encodedTag(tag)
    }

    private static func encodedTag(_ tag: String) -> SHA256Words {
        var bytes: [UInt8] = [8]
        bytes.appendLengthPrefixed(tag)
        return SHA256Words(hashing: bytes)
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
            out.appendLittleEndian(UInt64(bitPattern: i))
        case .double(let d):
            out.append(4)
            out.appendLittleEndian((d == 0 ? 0 : d).bitPattern)
        case .string(let s):
            out.append(5)
            out.appendLengthPrefixed(s)
        case .array(let items):
            out.append(6)
            out.appendLittleEndian(UInt64(items.count))
            for item in items { encode(item, into: &out) }
        case .object(let object):
            out.append(7)
            out.appendLittleEndian(UInt64(object.members.count))
            for member in object.members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                out.appendLengthPrefixed(member.key)
                encode(member.value, into: &out)
            }
        }
    }
}
