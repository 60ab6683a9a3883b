import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistryPostgres
import Testing

/// What the database decides when two nodes (two stores over one database) write at once.
@Suite("PostgreSQL store: concurrent writers", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresConcurrencyTests {
    @Test("identical content registered at once from two stores gets one id per context; versions of a subject stay dense")
    func identicalContentOneId() async throws {
        let database = try await PostgresTestDatabase.create()
        let a = try await PostgresRegistryStore.open(url: database.url)
        let b = try await PostgresRegistryStore.open(url: database.url)
        let outcomes = try await withThrowingTaskGroup(of: (id: Int, version: Int).self) { group in
            for i in 0..<20 {
                let store = i.isMultiple(of: 2) ? a : b
                // Half the writers share one subject, the rest each have their own.
                let subject = i < 10 ? "shared" : "own-\(i)"
                group.addTask { try await store.registered(Write.register("same-content", under: subject)) }
            }
            var all: [(id: Int, version: Int)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(Set(outcomes.map(\.id)) == [1])
        let contents = try await a.normalized()
        #expect(contents.schemas.map(\.id) == [1])
        let shared = contents.versions.filter { $0.subject.name == "shared" }.map(\.version).sorted()
        #expect(shared == Array(1...10))
        #expect(contents.versions.filter { $0.subject.name.hasPrefix("own-") }.allSatisfy { $0.version == 1 })
        await a.close()
        await b.close()
    }

    @Test("different content at once from two stores never shares an id")
    func distinctContentDistinctIds() async throws {
        let database = try await PostgresTestDatabase.create()
        let a = try await PostgresRegistryStore.open(url: database.url)
        let b = try await PostgresRegistryStore.open(url: database.url)
        let ids = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<20 {
                let store = i.isMultiple(of: 2) ? a : b
                group.addTask { try await store.registered(Write.register("content-\(i)", under: "s\(i % 3)")).id }
            }
            var all: [Int] = []
            for try await id in group { all.append(id) }
            return all
        }
        #expect(Set(ids).count == 20)
        #expect(Set(ids) == Set(1...20))
        await a.close()
        await b.close()
    }

    @Test("a second store opening an existing database leaves its layout and contents alone")
    func secondNodeKeepsDatabase() async throws {
        let database = try await PostgresTestDatabase.create()
        let first = try await PostgresRegistryStore.open(url: database.url)
        _ = try await first.registered(Write.register("kept", under: "s"))
        let second = try await PostgresRegistryStore.open(url: database.url)
        #expect(try await second.normalized() == (try await first.normalized()))
        await first.close()
        await second.close()
    }

    @Test("a database that cannot be reached is a store failure (50001) naming it, without the password")
    func unreachable() async throws {
        let error = await #expect(throws: RegistryError.self) {
            _ = try await PostgresRegistryStore.open(url: "postgres://someone:secret@127.0.0.1:1/nothing?sslmode=disable", operationTimeout: .seconds(2))
        }
        #expect(error?.errorCode == 50001)
        #expect(error?.message.contains("postgres://someone@127.0.0.1:1/nothing") == true)
        #expect(error?.message.contains("secret") == false)
    }
}
