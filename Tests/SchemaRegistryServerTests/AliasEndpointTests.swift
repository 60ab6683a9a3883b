import JSONModel
import Testing

@Suite("Endpoints: subject aliases")
struct AliasEndpointTests {
    static let v1 = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"}]}"#
    static let breaking = #"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"long"}]}"#

    @Test("register, lookup, reads, compatibility and deletes for an alias operate on its target")
    func aliasRedirects() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("orders", Self.v1)
            #expect(try await client.call(.put, "/config/orders-alias", body: #"{"alias":"orders"}"#).status == 200)
            #expect(try await client.call(.get, "/subjects/orders-alias/versions").json == [1])
            let version = try await client.call(.get, "/subjects/orders-alias/versions/latest")
            #expect(version.json?.objectValue?["subject"] == "orders" && version.json?.objectValue?["id"] == 1)
            #expect(try await client.call(.get, "/subjects/orders-alias/versions/1/schema").status == 200)
            let body = JSONWriter.string(["schema": .string(Self.v1)])
            let lookup = try await client.call(.post, "/subjects/orders-alias", body: body)
            #expect(lookup.json?.objectValue?["subject"] == "orders" && lookup.json?.objectValue?["version"] == 1)
            // Same content through the alias: the target's existing registration, no new subject.
            let again = try await client.register("orders-alias", Self.v1)
            #expect(again.json?.objectValue?["id"] == 1 && again.json?.objectValue?["version"] == 1)
            let compat = try await client.call(
                .post, "/compatibility/subjects/orders-alias/versions/latest", body: JSONWriter.string(["schema": .string(Self.breaking)]))
            #expect(compat.json == ["is_compatible": false])
            #expect(try await client.register("orders-alias", Self.breaking).status == 409)
            #expect(try await client.call(.get, "/schemas/ids/1/versions?subject=orders-alias").json == [["subject": "orders", "version": 1]])
            #expect(try await client.call(.get, "/subjects").json == ["orders"])
            // Deletes follow the alias too, as in Confluent's filter (every path after `subjects`).
            #expect(try await client.call(.delete, "/subjects/orders-alias").json == [1])
            #expect(try await client.call(.get, "/subjects/orders/versions").errorCode == 40401)
        }
    }

    @Test("config and mode of the alias are its own, so it can be removed; aliases are not followed twice")
    func aliasScope() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("c", #""int""#)
            _ = try await client.call(.put, "/config/a", body: #"{"alias":"b"}"#)
            _ = try await client.call(.put, "/config/b", body: #"{"alias":"c"}"#)
            // a → b only: b has no versions of its own, and b's alias is not followed.
            #expect(try await client.call(.get, "/subjects/a/versions").errorCode == 40401)
            #expect(try await client.call(.get, "/subjects/b/versions").json == [1])
            #expect(try await client.call(.get, "/config/a").json == ["alias": "b"])
            _ = try await client.call(.put, "/mode/a", body: #"{"mode":"READONLY"}"#)
            #expect(try await client.call(.get, "/mode/a").json == ["mode": "READONLY"])
            #expect(try await client.call(.get, "/mode/b").errorCode == 40409)
            #expect(try await client.call(.delete, "/mode/a").json == ["mode": "READONLY"])
            #expect(try await client.call(.delete, "/config/a").json == ["alias": "b"])
            #expect(try await client.call(.get, "/subjects/a/versions").errorCode == 40401)
            // The /contexts prefix is resolved first, then the alias of the qualified subject.
            _ = try await client.call(.put, "/config/:.ctx1:x", body: #"{"alias":"c"}"#)
            #expect(try await client.call(.get, "/contexts/.ctx1/subjects/x/versions").json == [1])
        }
    }
}
