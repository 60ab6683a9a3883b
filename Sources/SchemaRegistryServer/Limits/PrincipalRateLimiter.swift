import Synchronization

/// One token bucket per principal, shared by all connections of this node.
final class PrincipalRateLimiter: Sendable {
    private let rate: Double
    private let buckets = Mutex<[String: TokenBucket]>([:])
    /// Principals tracked at most; beyond, buckets that have refilled are forgotten.
    static let maximumTracked = 100_000

    init(rate: Double) {
        self.rate = rate
    }

    /// Takes a token of `principal`'s bucket; `nil` when allowed, else seconds to wait.
    func take(_ principal: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            if buckets.count >= Self.maximumTracked, buckets[principal] == nil {
                buckets = buckets.filter { !$0.value.isFull(now: now) }
            }
            var bucket = buckets[principal] ?? TokenBucket(rate: rate, now: now)
            let wait = bucket.take(now: now)
            buckets[principal] = bucket
            return wait
        }
    }
}
