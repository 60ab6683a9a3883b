/// The Unicode encodings JSON text may arrive in, and how to tell them apart.
///
/// RFC 8259 requires UTF-8 between systems, but RFC 4627 allowed UTF-16 and UTF-32 and showed
/// how to detect them from the first four bytes (the first two characters of JSON text are
/// ASCII, so the pattern of zero bytes gives the encoding away). Jackson, which parses every
/// request Confluent Schema Registry receives, detects them that way and also honours a
/// byte-order mark; clients that send such bodies expect them to be accepted.
public enum JSONTextEncoding: Hashable, Sendable {
    case utf8
    case utf16BigEndian
    case utf16LittleEndian
    case utf32BigEndian
    case utf32LittleEndian

    /// The encoding of `bytes` and the length of its byte-order mark (0 when there is none).
    ///
    /// A byte-order mark decides first; otherwise the zero bytes among the first four:
    /// `00 00 00 xx` is UTF-32BE, `xx 00 00 00` UTF-32LE, `00 xx` UTF-16BE, `xx 00` UTF-16LE,
    /// anything else UTF-8. Text shorter than a pattern is read as UTF-8 unless its first two
    /// bytes show UTF-16.
    public static func detect(_ bytes: some Collection<UInt8>) -> (encoding: JSONTextEncoding, byteOrderMarkLength: Int) {
        // The first four bytes without allocating: this runs for every request body.
        var head = (UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        var count = 0
        for b in bytes.prefix(4) {
            switch count {
            case 0: head.0 = b
            case 1: head.1 = b
            case 2: head.2 = b
            default: head.3 = b
            }
            count += 1
        }
        if count == 4 {
            switch head {
            case (0x00, 0x00, 0xFE, 0xFF): return (.utf32BigEndian, 4)
            case (0xFF, 0xFE, 0x00, 0x00): return (.utf32LittleEndian, 4)
            default: break
            }
        }
        if count >= 3, head.0 == 0xEF, head.1 == 0xBB, head.2 == 0xBF { return (.utf8, 3) }
        if count >= 2 {
            switch (head.0, head.1) {
            case (0xFE, 0xFF): return (.utf16BigEndian, 2)
            case (0xFF, 0xFE): return (.utf16LittleEndian, 2)
            default: break
            }
        }
        if count == 4 {
            if head.0 == 0, head.1 == 0, head.2 == 0, head.3 != 0 { return (.utf32BigEndian, 0) }
            if head.0 != 0, head.1 == 0, head.2 == 0, head.3 == 0 { return (.utf32LittleEndian, 0) }
        }
        if count >= 2 {
            if head.0 == 0, head.1 != 0 { return (.utf16BigEndian, 0) }
            if head.0 != 0, head.1 == 0 { return (.utf16LittleEndian, 0) }
        }
        return (.utf8, 0)
    }

    /// `bytes` as UTF-8 without a byte-order mark, whatever Unicode encoding they are in; `nil`
    /// when they are not valid in the detected encoding (a truncated code unit, an unpaired
    /// surrogate). UTF-8 text is returned as it is, apart from its mark, and left to the parser
    /// to validate.
    public static func utf8Bytes(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        let (encoding, markLength) = detect(bytes)
        let body = bytes.dropFirst(markLength)
        switch encoding {
        case .utf8:
            return Array(body)
        case .utf16BigEndian, .utf16LittleEndian:
            guard body.count % 2 == 0 else { return nil }
            let bigEndian = encoding == .utf16BigEndian
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = body.startIndex
            while i != body.endIndex {
                let first = UInt16(body[i])
                i = body.index(after: i)
                let second = UInt16(body[i])
                i = body.index(after: i)
                units.append(bigEndian ? first << 8 | second : second << 8 | first)
            }
            return transcoded(units, from: UTF16.self)
        case .utf32BigEndian, .utf32LittleEndian:
            guard body.count % 4 == 0 else { return nil }
            let bigEndian = encoding == .utf32BigEndian
            var units: [UInt32] = []
            units.reserveCapacity(body.count / 4)
            var i = body.startIndex
            while i != body.endIndex {
                var unit: UInt32 = 0
                for k in 0..<4 {
                    let byte = UInt32(body[i])
                    unit |= bigEndian ? byte << (8 * (3 - UInt32(k))) : byte << (8 * UInt32(k))
                    i = body.index(after: i)
                }
                units.append(unit)
            }
            return transcoded(units, from: UTF32.self)
        }
    }

    private static func transcoded<Codec: UnicodeCodec>(_ units: [Codec.CodeUnit], from codec: Codec.Type) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(units.count)
        let failed = transcode(units.makeIterator(), from: codec, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        return failed ? nil : out
    }
}
