/// The Merkle–Damgård framing MD5 and SHA-256 share: input is cut into 64-byte blocks for a
/// compression function, the rest is kept until more arrives, and the end is padded with
/// 0x80, zeros and the bit length.
///
/// Kept apart from the digests' state so that each digest only supplies its compression
/// function and the byte order of the length.
struct BlockBuffer: Sendable {
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// Feeds `bytes`, calling `compress` for every complete block; contiguous input is
    /// compressed in place, a block at a time.
    mutating func feed(_ bytes: some Sequence<UInt8>, _ compress: (UnsafeBufferPointer<UInt8>) -> Void) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { input in
            length &+= UInt64(input.count)
            var i = 0
            if !pending.isEmpty {
                let take = min(64 - pending.count, input.count)
                pending.append(contentsOf: input[0..<take])
                i = take
                guard pending.count == 64 else { return }
                pending.withUnsafeBufferPointer { compress($0) }
                pending.removeAll(keepingCapacity: true)
            }
            while input.count - i >= 64 {
                compress(UnsafeBufferPointer(rebasing: input[i..<i + 64]))
                i += 64
            }
            if i < input.count { pending.append(contentsOf: input[i...]) }
        }
        if done != nil { return }
        for b in bytes {
            pending.append(b)
            length &+= 1
            if pending.count == 64 {
                pending.withUnsafeBufferPointer { compress($0) }
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Pads the remaining input with 0x80, zeros and the 64-bit bit length (big-endian for
    /// SHA-256, little-endian for MD5) and compresses the final block or two.
    mutating func finish(lengthBigEndian: Bool, _ compress: (UnsafeBufferPointer<UInt8>) -> Void) {
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in 0..<8 {
            let shift = UInt64(lengthBigEndian ? 56 - 8 * i : 8 * i)
            tail.append(UInt8(truncatingIfNeeded: bitLength >> shift))
        }
        tail.withUnsafeBufferPointer { t in
            for chunk in stride(from: 0, to: t.count, by: 64) { compress(UnsafeBufferPointer(rebasing: t[chunk..<chunk + 64])) }
        }
        pending.removeAll()
    }
}
