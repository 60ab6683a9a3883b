import RegistryStoreConformance
import Testing

/// The store contract (`RegistryStoreConformance`), run unchanged against the memory store.
@Suite("RegistryStore conformance: memory")
struct MemoryStoreConformanceTests {
    @Test(arguments: RegistryStoreConformance.scenarios)
    func conformance(_ scenario: StoreScenario) async throws {
        try await scenario.run { MemoryStoreUnderTest() }
    }
}
