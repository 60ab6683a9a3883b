import Synchronization

/// A store that keeps everything in memory: for tests and `--storage memory:`.
///
/// It allocates ids and versions exactly as the durable stores do, so the registry behaves
/// the same over it; nothing survives the process.
public final class MemoryRegistryStore: RegistryStore {
    private let state: Mutex<RegistryState>

    /// Creates an empty store, or one holding `contents`.
    public init(contents: RegistryStoreContents = RegistryStoreContents()) {
        state = Mutex(RegistryState(contents: contents))
    }

    public func loadState() async throws(RegistryError) -> RegistryState {
        state.withLock { $0 }
    }

    public func perform(_ write: RegistryWrite) async throws(RegistryError) -> RegistryWriteOutcome {
        state.withLock { state in
            let outcome = state.allocation(for: write)
            state.apply(write, outcome: outcome)
            return outcome
        }
    }
}
