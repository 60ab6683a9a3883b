import Synchronization

/// A reference published once and then read without a lock: the fast path in front of a
/// serializer's locked memo.
///
/// A producer or consumer usually works with one topic or one schema id. Taking the memo's
/// `Mutex` on every message cost about as much as encoding a small record; this slot holds the
/// first memoised entry for the rest of the owner's life, so a hit is an atomic load and a
/// comparison. It is set at most once (never replaced, so a reader can never see an entry
/// being freed) and released with its owner; everything else stays in the memo.
@usableFromInline
final class PublishedEntry<Entry: AnyObject & Sendable>: Sendable {
    /// The entry's address (retained by this slot), 0 while unset.
    @usableFromInline let address = Atomic<UInt>(0)

    @usableFromInline
    init() {}

    deinit {
        let bits = address.load(ordering: .acquiring)
        if bits != 0, let pointer = UnsafeRawPointer(bitPattern: bits) {
            Unmanaged<Entry>.fromOpaque(pointer).release()
        }
    }

    /// `body`'s answer for the published entry, borrowed rather than retained; `nil` if none is
    /// published. The slot keeps its entry until the slot itself goes, so while its owner is
    /// in a call the entry cannot be freed: a hit then costs no reference counting on the
    /// entry, only on what `body` returns.
    @inlinable @inline(__always)
    func withEntry<Result>(_ body: (Entry) -> Result?) -> Result? {
        let bits = address.load(ordering: .acquiring)
        guard bits != 0, let pointer = UnsafeRawPointer(bitPattern: bits) else { return nil }
        return Unmanaged<Entry>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
    }

    /// Publishes `entry` unless one already is.
    func publishIfEmpty(_ entry: Entry) {
        guard address.load(ordering: .relaxed) == 0 else { return }
        let retained = Unmanaged.passRetained(entry)
        let bits = UInt(bitPattern: retained.toOpaque())
        if !address.compareExchange(expected: 0, desired: bits, ordering: .acquiringAndReleasing).exchanged {
            retained.release()
        }
    }
}
