import SchemaRegistryPostgres
import Testing

@Suite("PostgreSQL storage URLs, as libpq spells them")
struct PostgresStorageURLTests {
    @Test("user, password, host, port, database and sslmode; postgresql:// too; PGPASSWORD when the URL has none")
    func parts() throws {
        let url = try PostgresStorageURL("postgres://sr:p%40ss@db.internal:6543/registry?sslmode=verify-full")
        #expect(url.username == "sr" && url.password == "p@ss" && url.host == "db.internal" && url.port == 6543)
        #expect(url.database == "registry" && url.sslMode == .verifyFull)
        #expect(url.description == "postgres://sr@db.internal:6543/registry?sslmode=verify-full")
        let fromEnvironment = try PostgresStorageURL("postgresql://sr@localhost/registry", environment: ["PGPASSWORD": "env"])
        #expect(fromEnvironment.password == "env" && fromEnvironment.port == 5432 && fromEnvironment.sslMode == .prefer)
        let v6 = try PostgresStorageURL("postgres://[::1]:5433/x?sslmode=disable")
        #expect(v6.host == "::1" && v6.port == 5433 && v6.username == "postgres")
    }

    @Test("other schemes, bad ports and unknown sslmodes are refused with a reason", arguments: [
        "mysql://x/y", "postgres://host:port/db", "postgres://h/db?sslmode=sometimes",
    ])
    func refused(_ text: String) {
        #expect(throws: PostgresStorageURL.Invalid.self) { try PostgresStorageURL(text) }
    }
}
