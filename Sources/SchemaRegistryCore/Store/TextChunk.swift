/// One block of bytes behind a `TextArena`.
///
/// A class so that copies of the registry state (snapshots) share their texts instead of
/// copying them. The arena writes into a chunk only while it holds the only reference to it
/// (checked with `isKnownUniquelyReferenced`) and only past every span it handed out, so the
/// bytes any reader can reach never change after they are written; that is why the unchecked
/// `Sendable` is sound.
///
/// Plain allocations on purpose: chunks marked for transparent huge pages made start-up
/// slower on the benchmark machine (a VM whose host backs each fresh 2 MB page on first
/// touch, where small pages often reuse memory the guest already holds).
final class TextChunk: @unchecked Sendable {
    /// The first byte.
    let base: UnsafeMutableRawPointer
    /// How many bytes the chunk holds.
    let capacity: Int

    /// A chunk of `capacity` bytes (at least one), uninitialised.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        base.deallocate()
    }
}
