import Federation
import Foundation
import Testing

@Suite struct FederationConfigurationTests {
    let example = """
        registries:
          - id: my-confluent-sr
            type: confluent
            enabled: true
            url: http://localhost:8081
            auth: {}
            timeout: 30
          - id: my-unity-catalog
            type: unity_catalog
            enabled: true
            url: https://workspace.cloud.databricks.com
            auth:
              token: ${DATABRICKS_TOKEN}
            metadata:
              catalog: main
        """

    @Test func theREADMEExampleReadsWithItsTokenFromTheEnvironment() throws {
        let configuration = try FederationConfiguration.parse(yaml: example, environment: ["DATABRICKS_TOKEN": "dapi-secret"])
        #expect(configuration.registries.map(\.id) == ["my-confluent-sr", "my-unity-catalog"])
        #expect(configuration.registries.map(\.kind) == [.confluent, .unityCatalog])
        #expect(configuration.registries[0].timeout == .seconds(30))
        #expect(configuration.registries[1].auth.token == "dapi-secret")
        #expect(configuration.registries[1].metadata == ["catalog": "main"])
        #expect(configuration.registries[1].timeout == .seconds(30))
    }

    @Test func aMissingVariableStopsStartUpNamingItAndWhereItIsUsed() {
        #expect(throws: FederationConfigurationError.missingVariable("DATABRICKS_TOKEN", at: "registries[1] (my-unity-catalog).auth.token")) {
            try FederationConfiguration.parse(yaml: example, environment: [:])
        }
        let message = FederationConfigurationError.missingVariable("DATABRICKS_TOKEN", at: "registries[1] (my-unity-catalog).auth.token").description
        #expect(message.contains("DATABRICKS_TOKEN"))
    }

    @Test func defaultsApplyWhenAVariableIsUnsetOrEmptyAndTextAroundReferencesStays() throws {
        let yaml = """
            registries:
              - id: a
                type: confluent
                url: "http://${HOST:-localhost}:${PORT}/x"
                auth: {username: "${EMPTY:-admin}", password: "pa$$word$-${SET}"}
            """
        let registry = try FederationConfiguration.parse(yaml: yaml, environment: ["PORT": "8081", "EMPTY": "", "SET": "x"]).registries[0]
        #expect(registry.url == "http://localhost:8081/x")
        #expect(registry.auth.username == "admin")
        #expect(registry.auth.password == "pa$$word$-x")
    }

    @Test func glueEntriesNeedNoURLAndReadEveryAWSKey() throws {
        let yaml = """
            registries:
              - id: glue
                type: glue
                auth: {access_key_id: AK, secret_access_key: "${SECRET}", session_token: ST, region: eu-west-1, registry_name: events}
                timeout: 2.5
              - id: off
                type: confluent
                enabled: false
                url: http://127.0.0.1:1
            """
        let configuration = try FederationConfiguration.parse(yaml: yaml, environment: ["SECRET": "s3cr3t"])
        let glue = configuration.registries[0]
        #expect(glue.url == nil)
        #expect(glue.auth.accessKeyID == "AK" && glue.auth.secretAccessKey == "s3cr3t" && glue.auth.sessionToken == "ST")
        #expect(glue.auth.region == "eu-west-1" && glue.auth.registryName == "events")
        #expect(glue.timeout == .milliseconds(2500))
        #expect(configuration.enabledRegistries.map(\.id) == ["glue"])
    }

    @Test func secretsNeverAppearInTheCredentialsDescription() throws {
        let configuration = try FederationConfiguration.parse(yaml: example, environment: ["DATABRICKS_TOKEN": "dapi-secret"])
        let text = "\(configuration.registries[1].auth)"
        #expect(!text.contains("dapi-secret"))
        #expect(text.contains("token"))
    }

    @Test(arguments: [
        ("registries:\n  - id: a\n    type: kafka\n    url: http://x", "unknown type \"kafka\""),
        ("registries:\n  - id: a\n    type: confluent", "`url` is required"),
        ("registries:\n  - id: a\n    type: confluent\n    url: ftp://x", "must start with http"),
        ("registries:\n  - id: a\n    type: confluent\n    url: http://x\n  - id: a\n    type: confluent\n    url: http://y", "duplicate id"),
        ("registries:\n  - id: a\n    type: confluent\n    url: http://x\n    timeout: -1", "positive number"),
        ("registries:\n  - id: a\n    type: confluent\n    url: http://x\n    auth: {passwd: x}", "unknown auth key `passwd`"),
        ("registries: 3", "`registries` must be a list"),
        ("registries:\n  - id: errors\n    type: confluent\n    url: http://x", "`errors` is reserved"),
        ("registries:\n  - id: a\n    type: confluent\n    url: http://user:pw@x:8081", "must not hold credentials"),
        ("registries:\n  - id: a\n    type: confluent\n    url: http://x\n    timeout: 1e16", "at most 86400"),
    ])
    func mistakesAreNamed(yaml: String, expected: String) {
        do {
            _ = try FederationConfiguration.parse(yaml: yaml, environment: [:])
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func theExampleFilesRead() throws {
        let examples = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Examples/Federation")
        let environment = [
            "DATABRICKS_TOKEN": "t", "CONFLUENT_API_KEY": "k", "CONFLUENT_API_SECRET": "s", "KARAPACE_PASSWORD": "p",
            "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK",
        ]
        let readme = try FederationConfiguration.parse(
            yaml: String(contentsOf: examples.appending(path: "registries.yaml"), encoding: .utf8), environment: environment)
        #expect(readme.registries.map(\.id) == ["my-confluent-sr", "my-unity-catalog"])
        let all = try FederationConfiguration.parse(
            yaml: String(contentsOf: examples.appending(path: "registries-all-kinds.yaml"), encoding: .utf8), environment: environment)
        #expect(all.enabledRegistries.map(\.kind) == [.confluent, .confluent, .glue, .unityCatalog])
        let glue = try #require(all.registries.first { $0.kind == .glue })
        #expect(glue.auth.sessionToken == nil && glue.auth.region == "eu-west-1")
        #expect(all.registries[2].auth.username == "admin")
        _ = try FederationService(configuration: all)
    }

    @Test func modesAcceptAliasesAndAnswerCanonicalNames() {
        #expect(FederatedCompatibilityMode(name: "FORWARD_FULL") == .full)
        #expect(FederatedCompatibilityMode(name: "forward_full")?.rawValue == "FULL")
        #expect(FederatedCompatibilityMode(name: "BACKWARD_ALL") == .backwardTransitive)
        #expect(FederatedCompatibilityMode(name: "FULL_ALL") == .fullTransitive)
        #expect(FederatedCompatibilityMode(name: "DISABLED") == .readOnly)
        #expect(FederatedCompatibilityMode(name: "full-transitive") == .fullTransitive)
        #expect(FederatedCompatibilityMode(name: "SIDEWAYS") == nil)
        #expect(FederatedCompatibilityMode.allCases.map(\.glueName) == [
            "NONE", "BACKWARD", "BACKWARD_ALL", "FORWARD", "FORWARD_ALL", "FULL", "FULL_ALL", "DISABLED",
        ])
    }
}
