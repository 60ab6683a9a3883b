import Testing

/// `GET /v1/metadata/version` names this build: the project's version and the commit it was
/// built from, never placeholders.
@Suite("Build version")
struct MetadataVersionTests {
    @Test("version and commit of the build")
    func versionAndCommit() async throws {
        try await withServer { client in
            let reply = try await client.call(.get, "/v1/metadata/version")
            #expect(reply.status == 200)
            let object = reply.json?.objectValue
            #expect(object?["version"]?.stringValue == "0.9.0")
            let commit = object?["commitId"]?.stringValue ?? ""
            // A clone's commit (dirty while tracked files differ from it), or `unknown` outside git.
            let hash = commit.hasSuffix("-dirty") ? String(commit.dropLast("-dirty".count)) : commit
            #expect(commit == "unknown" || (hash.count == 40 && hash.allSatisfy(\.isHexDigit)), "\(commit)")
        }
    }
}
