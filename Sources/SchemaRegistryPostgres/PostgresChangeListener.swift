import Logging
import PostgresNIO
import Synchronization

/// Wakes a node's follower as soon as another node commits a write: `LISTEN` on the change
/// channel on a connection of its own, for as long as the store is open.
///
/// Notifications only shorten the wait; the follower still reads the log by position, so a
/// notification that is lost (a reconnect, a pooler in transaction mode, a database without
/// `LISTEN`) costs at most one polling interval.
final class PostgresChangeListener: Sendable {
    private struct State {
        /// A notification came while nobody waited: the next wait returns at once.
        var pending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits cancelled before their continuation was registered.
        var cancelled: Set<UInt64> = []
        var nextToken: UInt64 = 0
    }

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts listening through `client`; reconnects after a failure.
    func start(client: PostgresClient, channel: String, logger: Logger) {
        let listening = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            for try await _ in notifications { self?.signal() }
                        }
                    }
                } catch {
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        task.withLock { $0 = listening }
    }

    /// Stops listening.
    func stop() {
        task.withLock { $0?.cancel() }
    }

    /// Wakes every waiter, or the next one.
    func signal() {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty {
                s.pending = true
                return []
            }
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns at the next notification, or after `interval`.
    func wait(upTo interval: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.nextSignal() }
            group.addTask { try? await Task.sleep(for: interval) }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextSignal() async {
        let token = state.withLock { s -> UInt64 in
            s.nextToken += 1
            return s.nextToken
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || s.cancelled.remove(token) != nil {
                        s.pending = false
                        return true
                    }
                    s.waiters[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                if let waiter = s.waiters.removeValue(forKey: token) { return waiter }
                s.cancelled.insert(token)
                return nil
            }
            waiter?.resume()
        }
    }
}
