/// Standard base64 (RFC 4648, with padding), for basic-auth headers and the example's message
/// files, without pulling Foundation into the hot paths.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The base64 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            out.append(b1.map { alphabet[Int(($0 & 0x0F) << 2 | (b2 ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            out.append(b2.map { alphabet[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of base64 `text`, or `nil` when it is not valid base64 (whitespace is not allowed).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            var sextets: [UInt8] = [0, 0, 0, 0]
            var padding = 0
            for k in 0..<4 {
                let c = chars[index + k]
                if c == UInt8(ascii: "=") {
                    // Padding only at the very end, at most two.
                    guard index + 4 == chars.count, k >= 2 else { return nil }
                    padding += 1
                    continue
                }
                guard padding == 0, let value = sextet(c) else { return nil }
                sextets[k] = value
            }
            out.append(sextets[0] << 2 | sextets[1] >> 4)
            if padding < 2 { out.append(sextets[1] << 4 | sextets[2] >> 2) }
            if padding < 1 { out.append(sextets[2] << 6 | sextets[3]) }
            index += 4
        }
        return out
    }

    private static func sextet(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
