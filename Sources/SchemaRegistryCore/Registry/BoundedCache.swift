/// A dictionary with a cap on its entries and on the summed cost of its values, for caches
/// whose hits are identical to recomputing (parsed request schemas, rendered responses).
///
/// When an insertion goes over a cap, arbitrary entries are evicted (the dictionary's first
/// ones, which hashing makes effectively random) until it fits again; a value costlier than
/// the whole budget is not kept. Not synchronised: keep it behind a `Mutex`.
public struct BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var entries: [Key: (value: Value, cost: Int)] = [:]
    private var totalCost = 0
    /// The most entries kept.
    public let maximumCount: Int
    /// The most summed cost kept (bytes, for byte-sized values).
    public let maximumCost: Int

    /// Creates an empty cache.
    public init(maximumCount: Int, maximumCost: Int) {
        self.maximumCount = maximumCount
        self.maximumCost = maximumCost
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value for `key`, if cached.
    public subscript(key: Key) -> Value? { entries[key]?.value }

    /// Caches `value` for `key` at `cost`, evicting as needed.
    public mutating func insert(_ value: Value, for key: Key, cost: Int) {
        guard cost <= maximumCost, maximumCount > 0 else { return }
        if let old = entries.removeValue(forKey: key) { totalCost -= old.cost }
        while !entries.isEmpty, entries.count >= maximumCount || totalCost + cost > maximumCost {
            let victim = entries[entries.startIndex]
            totalCost -= victim.value.cost
            entries.remove(at: entries.startIndex)
        }
        entries[key] = (value, cost)
        totalCost += cost
    }

    /// Drops everything.
    public mutating func removeAll() {
        entries.removeAll()
        totalCost = 0
    }
}
