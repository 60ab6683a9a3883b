import Foundation
import Synchronization
import Logging
import PostgresNIO
import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistryPostgres
import Testing

/// TLS to PostgreSQL, against the test cluster's real TLS listener: its certificate names
/// `localhost` (not `127.0.0.1`) and is signed by a throwaway authority (`PG_TEST_CA`).
@Suite("PostgreSQL store: TLS", .enabled(if: PostgresTestDatabase.isAvailable && PostgresTestDatabase.tlsAuthority != nil))
struct PostgresTLSTests {
    static let authority = PostgresTestDatabase.tlsAuthority

    /// A URL of `database` on `host`, with the given query parameters.
    static func url(_ database: PostgresTestDatabase, host: String, _ parameters: String) throws -> String {
        let base = try PostgresStorageURL(database.url)
        return "postgres://\(base.username)@\(host):\(base.port)/\(base.database)?\(parameters)"
    }

    /// Whether the connection a URL's configuration makes is encrypted, as the server sees it.
    static func isEncrypted(_ url: String) async throws -> Bool {
        let encrypted = Mutex(false)
        try await PostgresTestDatabase.withClient(url) { client in
            for try await ssl in try await client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").decode(Bool.self) {
                encrypted.withLock { $0 = ssl }
            }
        }
        return encrypted.withLock { $0 }
    }

    /// Opens a store at `url`, registers a schema and reads it back from a fresh load.
    static func roundTrip(_ url: String) async throws {
        let store = try await PostgresRegistryStore.open(url: url)
        let outcome = try await store.perform(Write.register("\"string\"", under: "tls-subject"))
        guard case .registered(let id, _) = outcome else {
            Issue.record("no registration")
            return
        }
        #expect(try await store.loadState().schema(id: id, context: ".") != nil)
        await store.close()
    }

    @Test(
        "sslmode require, verify-ca and verify-full (with the authority, by the certified name) store and load over an encrypted connection",
        arguments: [
            ("127.0.0.1", "sslmode=require"),
            ("127.0.0.1", "sslmode=verify-ca&sslrootcert=CA"),
            ("localhost", "sslmode=verify-full&sslrootcert=CA"),
        ])
    func encrypted(host: String, parameters: String) async throws {
        let database = try await PostgresTestDatabase.create()
        let url = try Self.url(database, host: host, parameters.replacingOccurrences(of: "CA", with: Self.authority ?? ""))
        #expect(try await Self.isEncrypted(url))
        try await Self.roundTrip(url)
    }

    @Test("PGSSLMODE and PGSSLROOTCERT stand in for parameters the URL leaves out; the URL's own win")
    func environment() throws {
        let environment = ["PGSSLMODE": "verify-full", "PGSSLROOTCERT": "/etc/ca.pem"]
        let fromEnvironment = try PostgresStorageURL("postgres://db/x", environment: environment)
        #expect(fromEnvironment.sslMode == .verifyFull && fromEnvironment.sslRootCertificate == "/etc/ca.pem")
        let fromURL = try PostgresStorageURL("postgres://db/x?sslmode=require&sslrootcert=%2Fsrv%2Fca.pem", environment: environment)
        #expect(fromURL.sslMode == .require && fromURL.sslRootCertificate == "/srv/ca.pem")
        #expect(throws: PostgresStorageURL.Invalid.self) { try PostgresStorageURL("postgres://db/x?sslcert=/c.pem") }
    }

    @Test("sslmode disable stays unencrypted")
    func disabled() async throws {
        let database = try await PostgresTestDatabase.create()
        #expect(try await Self.isEncrypted(database.url) == false)
    }

    @Test(
        "verify-full refuses a certificate for another name, and one from an authority it was not given, with a store failure (50001)",
        arguments: [
            ("127.0.0.1", "sslmode=verify-full&sslrootcert=CA"),
            ("localhost", "sslmode=verify-full"),
        ])
    func refused(host: String, parameters: String) async throws {
        let database = try await PostgresTestDatabase.create()
        let url = try Self.url(database, host: host, parameters.replacingOccurrences(of: "CA", with: Self.authority ?? ""))
        do {
            _ = try await PostgresRegistryStore.open(url: url, operationTimeout: .seconds(3))
            Issue.record("a store opened over a certificate that should not be trusted")
        } catch {
            #expect(error.errorCode == 50001)
        }
    }
}
