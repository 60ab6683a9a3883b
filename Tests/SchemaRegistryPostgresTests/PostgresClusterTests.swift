import Foundation
import SchemaRegistryCore
import SchemaRegistryPostgres
import Testing

/// Several registry nodes over one database, in one process: concurrent writes spread over
/// the nodes, and what every node answers afterwards.
@Suite("PostgreSQL cluster: nodes follow each other", .enabled(if: PostgresTestDatabase.isAvailable))
struct PostgresClusterTests {
    /// A record schema whose `n`th version adds an optional field (backward compatible).
    static func record(_ fields: Int) -> String {
        let list = (0..<fields).map { #"{"name":"f\#($0)","type":["null","int"],"default":null}"# }.joined(separator: ",")
        return #"{"type":"record","name":"Event","fields":["# + list + "]}"
    }

    static func nodes(_ count: Int, on url: String) async throws -> [Registry] {
        var nodes: [Registry] = []
        for _ in 0..<count {
            let store = try await PostgresRegistryStore.open(url: url)
            nodes.append(try await Registry(store: store, formats: [AvroSchemaFormat()]))
        }
        return nodes
    }

    @Test("three nodes, concurrent registrations: no id given twice, dense versions, every node answers the same within a second")
    func concurrentRegistrations() async throws {
        let database = try await PostgresTestDatabase.create()
        let nodes = try await Self.nodes(3, on: database.url)
        let followers = nodes.map { node in Task { await node.followStore(every: .milliseconds(50)) } }
        defer { followers.forEach { $0.cancel() } }

        // Four writers per node: a shared subject evolving from every node, subjects of their
        // own, and the same content under different subjects (which must share one id).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, node) in nodes.enumerated() {
                for w in 0..<4 {
                    group.addTask {
                        for i in 0..<6 {
                            _ = try await node.register(subject: "shared", SchemaRequest(schema: Self.record(1 + (n * 24 + w * 6 + i) % 7)))
                            _ = try await node.register(subject: "own-\(n)-\(w)", SchemaRequest(schema: Self.record(i + 1)))
                            _ = try await node.register(subject: "same-\(n)-\(w)-\(i)", SchemaRequest(schema: #""string""#))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        // Within a second every node shows every write.
        let deadline = ContinuousClock.now + .seconds(1)
        var views: [RegistryStoreContents] = []
        repeat {
            try await Task.sleep(for: .milliseconds(50))
            views = nodes.map { $0.contents() }
        } while ContinuousClock.now < deadline && !views.dropFirst().allSatisfy({ Self.same($0, views[0]) })
        for view in views.dropFirst() { #expect(Self.same(view, views[0])) }

        let contents = views[0]
        // One id per content, never one id for two contents.
        let byId = Dictionary(grouping: contents.schemas, by: \.id)
        #expect(byId.values.allSatisfy { $0.count == 1 })
        #expect(Set(contents.schemas.map(\.identityHash)).count == contents.schemas.count)
        let same = contents.versions.filter { $0.subject.name.hasPrefix("same-") }
        #expect(Set(same.map(\.schemaId)).count == 1, "the same content under 72 subjects registered from 3 nodes has one id")
        // Dense versions for every subject.
        for (_, versions) in Dictionary(grouping: contents.versions, by: \.subject) {
            #expect(versions.map(\.version).sorted() == Array(1...versions.count))
        }
        #expect(same.count == 72)
        // A node restarted from the database sees exactly the same.
        let restarted = try await Self.nodes(1, on: database.url)[0]
        #expect(Self.same(restarted.contents(), contents))
    }

    @Test("a node reads its own writes at once, and another node's within a second")
    func visibility() async throws {
        let database = try await PostgresTestDatabase.create()
        let nodes = try await Self.nodes(2, on: database.url)
        let follower = Task { await nodes[1].followStore(every: .milliseconds(50)) }
        defer { follower.cancel() }
        let registered = try await nodes[0].register(subject: "s", SchemaRequest(schema: #""int""#))
        #expect(try nodes[0].schema(id: registered.id).text == #""int""#)
        let start = ContinuousClock.now
        while (try? nodes[1].schema(id: registered.id)) == nil, ContinuousClock.now - start < .seconds(1) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try nodes[1].schema(id: registered.id).text == #""int""#)
        // With its follower stopped, node 1 still decides a write against what node 0 wrote
        // just before: it catches up in the write itself. int -> long fails under FORWARD
        // (it would pass under the default BACKWARD).
        follower.cancel()
        _ = try await nodes[0].updateConfig(subject: "s", ConfigUpdate(body: ["compatibility": "FORWARD"]))
        let refused = await #expect(throws: RegistryError.self) { try await nodes[1].register(subject: "s", SchemaRequest(schema: #""long""#)) }
        #expect(refused?.httpStatus == 409)
    }

    static func same(_ a: RegistryStoreContents, _ b: RegistryStoreContents) -> Bool {
        let sa = a.schemas.sorted { ($0.context, $0.id) < ($1.context, $1.id) }
        let sb = b.schemas.sorted { ($0.context, $0.id) < ($1.context, $1.id) }
        let va = a.versions.sorted { ($0.subject.description, $0.version) < ($1.subject.description, $1.version) }
        let vb = b.versions.sorted { ($0.subject.description, $0.version) < ($1.subject.description, $1.version) }
        return sa == sb && va == vb && a.configs == b.configs && a.modes == b.modes
    }
}
