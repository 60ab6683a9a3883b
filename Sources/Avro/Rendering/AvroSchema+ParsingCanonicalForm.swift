import Digest

extension AvroSchema {
    /// The specification's Parsing Canonical Form: only what affects how data is read.
    ///
    /// Two schemas with the same canonical form read and write the same bytes, so the form
    /// (and fingerprints over it) identifies a schema for data purposes: primitives as bare
    /// names, full names without `namespace`, only `name type fields symbols items values size`
    /// in that order, no white space, and a named type in full once then by full name.
    /// Referenced types are written in full at their first occurrence, as Java Avro does.
    public var parsingCanonicalForm: String {
        var out = ""
        var written: Set<String> = []
        appendParsingForm(root, to: &out, written: &written)
        return out
    }

    private func appendParsingForm(_ type: AvroType, to out: inout String, written: inout Set<String>) {
        switch type {
        case .primitive(let p):
            out += "\"" + p.kind.rawValue + "\""
        case .array(let items, _):
            out += "{\"type\":\"array\",\"items\":"
            appendParsingForm(items, to: &out, written: &written)
            out += "}"
        case .map(let values, _):
            out += "{\"type\":\"map\",\"values\":"
            appendParsingForm(values, to: &out, written: &written)
            out += "}"
        case .union(let branches):
            out += "["
            for (i, b) in branches.enumerated() {
                if i > 0 { out += "," }
                appendParsingForm(b, to: &out, written: &written)
            }
            out += "]"
        case .named(let fullName):
            if !written.insert(fullName).inserted {
                out += "\"" + fullName + "\""
                return
            }
            out += "{\"name\":\"" + fullName + "\""
            switch definition(of: fullName) {
            case .record(let r):
                out += ",\"type\":\"record\",\"fields\":["
                for (i, f) in r.fields.enumerated() {
                    if i > 0 { out += "," }
                    out += "{\"name\":\"" + f.name + "\",\"type\":"
                    appendParsingForm(f.type, to: &out, written: &written)
                    out += "}"
                }
                out += "]"
            case .enumeration(let e):
                out += ",\"type\":\"enum\",\"symbols\":["
                out += e.symbols.map { "\"" + $0 + "\"" }.joined(separator: ",")
                out += "]"
            case .fixed(let f):
                out += ",\"type\":\"fixed\",\"size\":" + String(f.size)
            }
            out += "}"
        }
    }
}

/// The fingerprint algorithms the Avro specification recommends.
public enum AvroFingerprintAlgorithm: String, Sendable, CaseIterable {
    /// CRC-64-AVRO, the 64-bit Rabin fingerprint used by single-object encoding.
    case rabin
    case md5
    case sha256
}

extension AvroSchema {
    /// The fingerprint of the Parsing Canonical Form with `algorithm`.
    ///
    /// Rabin is returned as 8 bytes little-endian, the byte order of Avro's single-object
    /// encoding header; MD5 and SHA-256 as their digests.
    public func fingerprint(_ algorithm: AvroFingerprintAlgorithm) -> [UInt8] {
        let bytes = Array(parsingCanonicalForm.utf8)
        switch algorithm {
        case .rabin:
            let value = UInt64(bitPattern: AvroRabinFingerprint.fingerprint(bytes))
            return (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        case .md5: return MD5.hash(bytes)
        case .sha256: return SHA256.hash(bytes)
        }
    }

    /// The CRC-64-AVRO fingerprint as Java's `SchemaNormalization.parsingFingerprint64` returns it.
    public var rabinFingerprint: Int64 {
        AvroRabinFingerprint.fingerprint(Array(parsingCanonicalForm.utf8))
    }
}

/// CRC-64-AVRO: Avro's 64-bit Rabin fingerprint over bytes.
public enum AvroRabinFingerprint {
    /// The initial value and polynomial ("EMPTY" in the specification).
    public static let empty: UInt64 = 0xc15d_213a_a4d7_a795

    private static let table: [UInt64] = (0..<256).map { i -> UInt64 in
        var fp = UInt64(i)
        for _ in 0..<8 { fp = (fp >> 1) ^ (empty & (0 &- (fp & 1))) }
        return fp
    }

    /// The fingerprint of `bytes`, as a signed 64-bit value (Java prints it signed).
    public static func fingerprint(_ bytes: some Sequence<UInt8>) -> Int64 {
        var fp = empty
        for b in bytes { fp = (fp >> 8) ^ table[Int((fp ^ UInt64(b)) & 0xff)] }
        return Int64(bitPattern: fp)
    }
}
