/// Finds a schema's position in its table from its identity hash.
///
/// An open-addressing table of 8-byte buckets (linear probing, at most three quarters full):
/// each holds the position and 32 bits of the hash, so a probe rarely has to look at the
/// schema itself, and a million schemas cost 16 MB here instead of the 40 MB or so of a
/// `[SchemaHash: Int]`. The full hash lives in the table's records and is read through
/// `hashAt`. Buckets are chosen with the standard library's seeded hashing, so content
/// crafted to collide cannot pile up in one run of buckets.
struct SchemaHashIndex: Sendable {
    /// `tag << 32 | (position + 1)`; 0 is an empty bucket. A power of two long, or empty.
    private var buckets: [UInt64] = []
    /// How many buckets are in use.
    private(set) var count = 0

    /// Makes room for `capacity` hashes without growing.
    mutating func reserveCapacity(_ capacity: Int, hashAt: (Int) -> SchemaHash) {
        if capacity * 4 > buckets.count * 3 { resize(toFit: capacity, hashAt: hashAt) }
    }

    /// The position recorded for `hash`, if any.
    func position(of hash: SchemaHash, hashAt: (Int) -> SchemaHash) -> Int? {
        bucket(of: hash, hashAt: hashAt).map { Self.position(buckets[$0]) }
    }

    /// Records `position` for `hash`, replacing the position recorded before if that is at
    /// least `replacingFrom`.
    mutating func set(_ position: Int, for hash: SchemaHash, replacingFrom: Int = 0, hashAt: (Int) -> SchemaHash) {
        if (count + 1) * 4 > buckets.count * 3 { resize(toFit: count + 1, hashAt: hashAt) }
        // One probe: the hash's bucket if it is there, else the first empty bucket of its run
        // (no tombstones, so that is where it belongs).
        let tag = UInt64(UInt32(truncatingIfNeeded: hash.high))
        var b = home(hash)
        while buckets[b] != 0 {
            if buckets[b] >> 32 == tag && hashAt(Self.position(buckets[b])) == hash {
                if Self.position(buckets[b]) >= replacingFrom { buckets[b] = Self.entry(position, hash) }
                return
            }
            b = (b + 1) & mask
        }
        buckets[b] = Self.entry(position, hash)
        count += 1
    }

    /// Forgets `hash` if it is recorded at `position` (another schema with the same content
    /// may be the one recorded).
    mutating func remove(_ hash: SchemaHash, at position: Int, hashAt: (Int) -> SchemaHash) {
        guard let b = bucket(of: hash, hashAt: hashAt), Self.position(buckets[b]) == position else { return }
        // Backward-shift deletion: later entries of the run move up into the hole when their
        // home allows, so lookups never need tombstones.
        var hole = b
        var next = (b + 1) & mask
        while buckets[next] != 0 {
            let h = home(hashAt(Self.position(buckets[next])))
            let movable = hole <= next ? (h <= hole || h > next) : (h <= hole && h > next)
            if movable {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = 0
        count -= 1
    }

    /// Follows a schema that moved from `old` to `new` in its table.
    mutating func move(_ hash: SchemaHash, from old: Int, to new: Int) {
        guard !buckets.isEmpty else { return }
        var b = home(hash)
        while buckets[b] != 0 {
            if Self.position(buckets[b]) == old {
                buckets[b] = Self.entry(new, hash)
                return
            }
            b = (b + 1) & mask
        }
    }

    private var mask: Int { buckets.count - 1 }

    private func home(_ hash: SchemaHash) -> Int { hash.hashValue & mask }

    private func bucket(of hash: SchemaHash, hashAt: (Int) -> SchemaHash) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let tag = UInt64(UInt32(truncatingIfNeeded: hash.high))
        var b = home(hash)
        while buckets[b] != 0 {
            if buckets[b] >> 32 == tag && hashAt(Self.position(buckets[b])) == hash { return b }
            b = (b + 1) & mask
        }
        return nil
    }

    private mutating func resize(toFit needed: Int, hashAt: (Int) -> SchemaHash) {
        var size = 16
        while needed * 4 > size * 3 { size *= 2 }
        let old = buckets
        buckets = [UInt64](repeating: 0, count: size)
        for e in old where e != 0 {
            var b = home(hashAt(Self.position(e)))
            while buckets[b] != 0 { b = (b + 1) & mask }
            buckets[b] = e
        }
    }

    private static func entry(_ position: Int, _ hash: SchemaHash) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: hash.high)) << 32 | UInt64(position + 1)
    }

    private static func position(_ entry: UInt64) -> Int {
        Int(entry & 0xFFFF_FFFF) - 1
    }
}
