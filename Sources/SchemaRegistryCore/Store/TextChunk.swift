#if canImport(Glibc)
import Glibc
#endif

/// One block of bytes behind a `TextArena`.
///
/// A class so that copies of the registry state (snapshots) share their texts instead of
/// copying them. The arena writes into a chunk only while it holds the only reference to it
/// (checked with `isKnownUniquelyReferenced`) and only past every span it handed out, so the
/// bytes any reader can reach never change after they are written; that is why the unchecked
/// `Sendable` is sound.
///
/// On Linux, chunks of 2 MB and more are mapped directly and marked for transparent huge
/// pages: filling 700 MB of texts otherwise takes one page fault per 4 KB, which was a
/// quarter of the start-up time at a million schemas.
final class TextChunk: @unchecked Sendable {
    /// The first byte.
    let base: UnsafeMutableRawPointer
    /// How many bytes the chunk holds.
    let capacity: Int
    /// Whether `base` came from `mmap` (else from the allocator).
    private let mapped: Bool

    /// The smallest chunk worth mapping for huge pages (one huge page).
    static let hugePageSize = 2 << 20

    /// A chunk of `capacity` bytes (at least one), uninitialised.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        #if os(Linux)
        if self.capacity >= Self.hugePageSize,
            let p = mmap(nil, self.capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            p != UnsafeMutableRawPointer(bitPattern: -1)
        {
            // Advice only: without huge pages the chunk still works, page by page.
            _ = madvise(p, self.capacity, MADV_HUGEPAGE)
            base = p
            mapped = true
            return
        }
        #endif
        base = .allocate(byteCount: self.capacity, alignment: 16)
        mapped = false
    }

    deinit {
        #if os(Linux)
        if mapped {
            munmap(base, capacity)
            return
        }
        #endif
        base.deallocate()
    }
}
