/// A SHA-256 digest held as four words, for identities that are computed once and then
/// compared many times (structural fingerprints of schema types and subschemas).
///
/// Comparing two of them is four integer comparisons, and they hash by two of the words, so
/// they serve as dictionary keys without rehashing the 32 bytes.
public struct SHA256Words: Hashable, Sendable {
    /// The digest's bytes 0-7, 8-15, 16-23 and 24-31, each read big-endian.
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// The SHA-256 digest of `bytes`.
    public init(hashing bytes: [UInt8]) {
        let digest = SHA256.hash(bytes)
        func word(_ at: Int) -> UInt64 {
            var w: UInt64 = 0
            for i in at..<(at + 8) { w = w << 8 | UInt64(digest[i]) }
            return w
        }
        words = (word(0), word(8), word(16), word(24))
    }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The word-wise exclusive or: combines a digest with a fixed one (a tag's) without hashing
    /// the input again. Two such results agree only if two digests differ by a chosen value,
    /// which is as hard to arrange as a collision.
    public static func ^ (a: SHA256Words, b: SHA256Words) -> SHA256Words {
        SHA256Words(words: (a.words.0 ^ b.words.0, a.words.1 ^ b.words.1, a.words.2 ^ b.words.2, a.words.3 ^ b.words.3))
    }

    public static func == (a: SHA256Words, b: SHA256Words) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    /// Appends the 32 bytes to an encoding being built, so a digest can stand for its input
    /// inside a larger one.
    public func append(to out: inout [UInt8]) {
        for w in [words.0, words.1, words.2, words.3] { out.appendLittleEndian(w) }
    }
}

extension [UInt8] {
    /// Eight bytes, little-endian: a length or a number in an unambiguous encoding.
    public mutating func appendLittleEndian(_ w: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: w >> UInt64(shift))) }
    }

    /// A text's UTF-8 bytes after their count, so that no two sequences of texts encode alike.
    public mutating func appendLengthPrefixed(_ text: String) {
        appendLittleEndian(UInt64(text.utf8.count))
        append(contentsOf: text.utf8)
    }
}
