import RegistryStoreConformance
import Testing

/// The store contract (`RegistryStoreConformance`), run unchanged against the SQLite store.
@Suite("RegistryStore conformance: SQLite")
struct SQLiteStoreConformanceTests {
    @Test(arguments: RegistryStoreConformance.scenarios)
    func conformance(_ scenario: StoreScenario) async throws {
        try await scenario.run { try StoreHarness(.sqlite) }
    }
}
