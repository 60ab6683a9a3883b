import RegistryStoreConformance
import Testing

/// The store contract (`RegistryStoreConformance`), run unchanged against a real PostgreSQL.
@Suite("RegistryStore conformance: PostgreSQL", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresStoreConformanceTests {
    @Test(arguments: RegistryStoreConformance.scenarios)
    func conformance(_ scenario: StoreScenario) async throws {
        try await scenario.run { try await PostgresStoreUnderTest.make() }
    }
}
