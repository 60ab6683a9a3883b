import Synchronization

/// A bounded map shared by concurrent tasks, for the client's id and schema caches.
///
/// The entries a serializer needs are few and stable (one per subject and schema), so a bound
/// with first-in-first-out eviction is enough to keep a runaway caller from growing memory
/// without the bookkeeping of an LRU on every hit. Entries may carry an expiry for values that
/// change on the registry (the latest version of a subject).
final class ClientCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant?
    }

    private struct Storage {
        var entries: [Key: Entry] = [:]
        var order: [Key] = []
        var head = 0
    }

    private let capacity: Int
    private let storage = Mutex(Storage())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The cached value, unless absent or expired.
    func value(for key: Key) -> Value? {
        storage.withLock { storage in
            guard let entry = storage.entries[key] else { return nil }
            if let expires = entry.expires, expires <= .now {
                storage.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Stores `value`, expiring after `ttl` when given.
    func set(_ value: Value, for key: Key, ttl: Duration? = nil) {
        let expires = ttl.map { ContinuousClock.now + $0 }
        storage.withLock { storage in
            if storage.entries.updateValue(Entry(value: value, expires: expires), forKey: key) == nil {
                storage.order.append(key)
                // Evict the oldest keys still present until within capacity.
                while storage.entries.count > capacity, storage.head < storage.order.count {
                    storage.entries[storage.order[storage.head]] = nil
                    storage.head += 1
                }
                if storage.head > 1024, storage.head * 2 > storage.order.count {
                    storage.order.removeFirst(storage.head)
                    storage.head = 0
                }
            }
        }
    }

    /// Drops every entry whose key matches, after deletes that make them stale.
    func removeAll(where shouldRemove: (Key) -> Bool) {
        storage.withLock { storage in
            for key in storage.entries.keys where shouldRemove(key) { storage.entries[key] = nil }
        }
    }
}
