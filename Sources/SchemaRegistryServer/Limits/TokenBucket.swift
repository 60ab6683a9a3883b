/// A token bucket: `rate` tokens per second, holding at most one second's worth (at least one).
struct TokenBucket: Sendable {
    let rate: Double
    private(set) var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, now: ContinuousClock.Instant) {
        self.rate = rate
        tokens = Swift.max(1, rate)
        updated = now
    }

    var capacity: Double { Swift.max(1, rate) }

    /// Takes a token; `nil` when there was one, otherwise the whole seconds until there will be
    /// (at least 1), for `Retry-After`.
    mutating func take(now: ContinuousClock.Instant) -> Int? {
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = Swift.min(capacity, tokens + seconds * rate)
        updated = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return Swift.max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }

    /// Whether the bucket has refilled completely (so forgetting it changes nothing).
    func isFull(now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - updated
        return tokens + Double(elapsed.components.seconds) * rate >= capacity
    }
}
