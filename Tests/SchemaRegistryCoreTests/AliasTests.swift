import JSONModel
import SchemaRegistryCore
import Testing

@Suite("Subject aliases")
struct AliasTests {
    @Test("only the subject's own config names an alias; it is returned verbatim and once")
    func aliasTarget() async throws {
        let registry = try await makeRegistry()
        #expect(registry.aliasTarget(of: "a") == nil)
        _ = try await registry.updateConfig(subject: "a", ConfigUpdate(body: ["alias": "b"]))
        _ = try await registry.updateConfig(subject: "b", ConfigUpdate(body: ["alias": "c"]))
        #expect(registry.aliasTarget(of: "a") == "b")
        #expect(registry.aliasTarget(of: "b") == "c")
        // A context or the global config never aliases its subjects.
        _ = try await registry.updateConfig(subject: ":.ctx1:", ConfigUpdate(body: ["alias": "x"]))
        _ = try await registry.updateConfig(subject: nil, ConfigUpdate(body: ["alias": "y"]))
        #expect(registry.aliasTarget(of: ":.ctx1:s") == nil)
        #expect(registry.aliasTarget(of: "s") == nil)
        #expect(registry.aliasTarget(of: ":.ctx1:") == nil)
        // Qualified subjects have their own config; the alias is taken as written.
        _ = try await registry.updateConfig(subject: ":.ctx1:a", ConfigUpdate(body: ["alias": "plain"]))
        #expect(registry.aliasTarget(of: ":.ctx1:a") == "plain")
        // Removing the config removes the alias.
        _ = try await registry.deleteConfig(subject: "a")
        #expect(registry.aliasTarget(of: "a") == nil)
    }
}
