import Synchronization

/// Serialises the registry's writes across suspension points.
///
/// An actor would not do: it is re-entrant at `await`, and a write awaits the store while a
/// second write must not read the state that the first is about to change.
final class AsyncWriteLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// Runs `body` with no other `withLock` body running.
    func withLock<T: Sendable>(_ body: () async throws(RegistryError) -> T) async throws(RegistryError) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        let acquired = state.withLock { s -> Bool in
            if s.locked { return false }
            s.locked = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if !s.locked {
                    s.locked = true
                    return true
                }
                s.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty {
                s.locked = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
