import Foundation
import Logging
import PostgresNIO
import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistryPostgres

/// A fresh, empty database on the test cluster that `scripts/test` starts
/// (`SCHEMA_REGISTRY_TEST_POSTGRES_URL`, a superuser URL on loopback).
struct PostgresTestDatabase {
    /// The cluster's URL, when one is running.
    static let clusterURL = ProcessInfo.processInfo.environment["SCHEMA_REGISTRY_TEST_POSTGRES_URL"]

    /// The certificate of the authority that signed the cluster's TLS certificate
    /// (`PG_TEST_CA`, set by `scripts/postgres-test-cluster`).
    static let tlsAuthority = ProcessInfo.processInfo.environment["PG_TEST_CA"]

    /// Whether the PostgreSQL tests can run (`scripts/test` always starts a cluster).
    static var isAvailable: Bool { clusterURL != nil }

    /// The new database's URL.
    let url: String

    /// Creates a database with a unique name on the cluster.
    static func create() async throws -> PostgresTestDatabase {
        guard let clusterURL else { throw PostgresTestError("SCHEMA_REGISTRY_TEST_POSTGRES_URL is not set: run scripts/test") }
        let name = "sr_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let base = try PostgresStorageURL(clusterURL)
        try await Self.withClient(clusterURL) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        let credentials = base.username + (base.password.map { ":" + $0 } ?? "")
        return PostgresTestDatabase(url: "postgres://\(credentials)@\(base.host):\(base.port)/\(name)?sslmode=disable")
    }
}

extension PostgresTestDatabase {
    /// Runs `body` with a client of the database at `url`, for statements the store does not
    /// make (creating databases, filling tables in bulk).
    static func withClient(_ url: String, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let client = PostgresClient(configuration: try PostgresStorageURL(url).clientConfiguration(), backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await body(client)
            group.cancelAll()
        }
    }
}

struct PostgresTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The PostgreSQL store under the conformance scenarios: each gets its own database;
/// reopening closes the store and opens another over the same database, as a restart would.
final class PostgresStoreUnderTest: StoreUnderTest {
    let database: PostgresTestDatabase
    let store: any RegistryStore

    private init(database: PostgresTestDatabase, store: any RegistryStore) {
        self.database = database
        self.store = store
    }

    static func make() async throws -> PostgresStoreUnderTest {
        let database = try await PostgresTestDatabase.create()
        return PostgresStoreUnderTest(database: database, store: try await PostgresRegistryStore.open(url: database.url))
    }

    func reopen() async throws -> any RegistryStore {
        await store.close()
        return try await PostgresRegistryStore.open(url: database.url)
    }
}
