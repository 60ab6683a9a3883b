/// Schema texts packed end to end in large chunks, each addressed by a 12-byte `Span`.
///
/// A million ~700-byte texts as separate `String`s cost a heap allocation each (about 45
/// bytes of header and padding apiece, 45 MB in all) and, on a loader thread, most of the
/// load time: glibc grows a thread's heap a page at a time, with a system call per page.
/// Here texts are copied into chunks that double from 64 KB up to 16 MB, and a `String` is
/// made only when a text is read.
///
/// Copies of an arena share their chunks. A copy appends to its last chunk only while it is
/// the chunk's only owner; otherwise it starts a new one, so no chunk's written bytes ever
/// change. Released texts are only counted: the owner compacts once they outweigh the live
/// ones (`shouldCompact`).
struct TextArena: Sendable {
    /// Where one text is.
    struct Span: Hashable, Sendable {
        var chunk: UInt32
        var offset: UInt32
        var count: UInt32
    }

    private var chunks: [TextChunk] = []
    /// Bytes of the last chunk this copy has filled.
    private var tailUsed = 0
    /// Bytes of the texts not released.
    private(set) var liveBytes = 0
    /// Bytes of released texts, still in their chunks.
    private(set) var releasedBytes = 0

    /// The first chunk's size; each next one is twice the last, up to `largestChunk`.
    static let smallestChunk = 64 << 10
    /// The size chunks grow to (a larger text gets a chunk of its own size).
    static let largestChunk = 16 << 20

    /// An empty arena.
    init() {}

    /// Copies `text` in.
    mutating func append(_ text: String) -> Span {
        var text = text
        return text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Copies `bytes` (UTF-8) in.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Span {
        let count = bytes.count
        if chunks.isEmpty || tailUsed + count > chunks[chunks.count - 1].capacity
            || !isKnownUniquelyReferenced(&chunks[chunks.count - 1])
        {
            let grown = min(Self.largestChunk, max(Self.smallestChunk, 2 * (chunks.last?.capacity ?? 0)))
            chunks.append(TextChunk(capacity: max(count, grown)))
            tailUsed = 0
        }
        if let source = bytes.baseAddress, count > 0 {
            (chunks[chunks.count - 1].base + tailUsed).copyMemory(from: source, byteCount: count)
        }
        let span = Span(chunk: UInt32(chunks.count - 1), offset: UInt32(tailUsed), count: UInt32(count))
        tailUsed += count
        liveBytes += count
        return span
    }

    /// Takes in the chunks of `other` (without copying their bytes) and returns the number
    /// to add to the `chunk` of its spans. Appending goes on in `other`'s last chunk.
    mutating func absorb(_ other: TextArena) -> UInt32 {
        let first = UInt32(chunks.count)
        guard !other.chunks.isEmpty else { return first }
        chunks.append(contentsOf: other.chunks)
        tailUsed = other.tailUsed
        liveBytes += other.liveBytes
        releasedBytes += other.releasedBytes
        return first
    }

    /// The text at `span`.
    func string(_ span: Span) -> String {
        withBytes(span) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes at `span` (valid only during the call).
    func withBytes<R>(_ span: Span, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = (chunks[Int(span.chunk)].base + Int(span.offset)).assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: start, count: Int(span.count)))
    }

    /// Marks the text at `span` as no longer used.
    mutating func release(_ span: Span) {
        liveBytes -= Int(span.count)
        releasedBytes += Int(span.count)
    }

    /// Whether released texts take more room than live ones (and enough to matter), so the
    /// owner should copy the live texts into a fresh arena.
    var shouldCompact: Bool {
        releasedBytes > Self.smallestChunk && releasedBytes > liveBytes
    }
}
