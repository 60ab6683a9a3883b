/// The order in which a `java.util.HashMap<String, …>` filled by successive `put`s iterates
/// its keys.
///
/// Confluent walks a JSON schema's properties, `definitions` and `$defs` through everit's and
/// org.json's `HashMap`s, so that is the order of the entities `findTags` reports. It is
/// deterministic: keys come by bucket, the spread `String.hashCode()` masked by the table's
/// capacity (16, doubled whenever the count passes three quarters of it), and in insertion
/// order within a bucket. (Java turns a bucket of eight or more keys into a tree only in
/// tables of 64 or more, which keeps that order; in smaller tables it grows the table
/// instead, which this does not model: it needs eight property names colliding.)
enum JavaHashMapOrder {
    /// `items` in the order a HashMap keyed by `key` and filled in the given order iterates them.
    static func sorted<Item>(_ items: [Item], key: (Item) -> String) -> [Item] {
        let mask = UInt32(capacity(forCount: items.count) - 1)
        return items.enumerated()
            .map { (bucket: spreadHash(key($0.element)) & mask, position: $0.offset, item: $0.element) }
            .sorted { ($0.bucket, $0.position) < ($1.bucket, $1.position) }
            .map(\.item)
    }

    /// Java's `String.hashCode()`: over UTF-16 code units, wrapping at 32 bits.
    static func hashCode(_ key: String) -> Int32 {
        key.utf16.reduce(Int32(0)) { $0 &* 31 &+ Int32($1) }
    }

    /// `HashMap.hash`: the hash with its high half folded into the low half.
    static func spreadHash(_ key: String) -> UInt32 {
        let h = UInt32(bitPattern: hashCode(key))
        return h ^ (h >> 16)
    }

    /// The table size after `count` puts into a default HashMap (load factor 0.75).
    static func capacity(forCount count: Int) -> Int {
        var capacity = 16
        while count > capacity * 3 / 4 { capacity *= 2 }
        return capacity
    }
}
