import Synchronization

/// A value derived from a parsed schema the first time it is needed, then kept with the parse.
///
/// Lookups and reads parse schemas that are never checked for compatibility, so what only the
/// checks need (Avro's type digests, JSON Schema's diff model) is not computed with the parse;
/// a stored version, once checked, is checked against every later registration, so it is kept.
/// Two threads asking at once may both compute it; either result is the same.
final class ComputedOnce<Value: Sendable>: Sendable {
    private let state = Mutex<Value?>(nil)

    /// The kept value, computed by `compute` if there is none yet.
    func value(_ compute: () -> Value) -> Value {
        if let done = state.withLock({ $0 }) { return done }
        let value = compute()
        state.withLock { $0 = value }
        return value
    }
}
