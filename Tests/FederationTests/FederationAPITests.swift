import Federation
import Hummingbird
import HummingbirdTesting
import JSONModel
import NIOCore
import SchemaRegistryAPI
import SchemaRegistryClient
import SchemaRegistryCore
import SchemaRegistryServer
import Testing

/// The federation API over two real registry servers of ours (on loopback sockets) and one
/// address nothing listens on, through HTTP requests to the API's router.
@Suite struct FederationAPITests {
    static let v1 = #"{"type":"record","name":"User","fields":[{"name":"id","type":"long"}]}"#
    /// Adds a field with a default: compatible both ways.
    static let v2 = #"{"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"email","type":"string","default":""}]}"#
    /// Adds a field without a default: backward-incompatible (v3 cannot read v2's data... it can't fill `age`).
    static let v3 = #"{"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"email","type":"string","default":""},{"name":"age","type":"int"}]}"#

    /// Runs `body` with the API over registries `east` and `west` and a registry that is down.
    func withFederation(_ body: @Sendable (_ client: any TestClientProtocol, _ east: SchemaRegistryClient, _ west: SchemaRegistryClient) async throws -> Void) async throws {
        try await withRegistryServer { eastURL in
            try await withRegistryServer { westURL in
                let east = try SchemaRegistryClient(configuration: SchemaRegistryClientConfiguration(url: eastURL))
                let west = try SchemaRegistryClient(configuration: SchemaRegistryClientConfiguration(url: westURL))
                // east: user-created has a compatible history, user-profile one FULL refuses.
                _ = try await east.setCompatibility(.none)
                _ = try await east.register(subject: "user-created", schema: SchemaDefinition(schema: Self.v1))
                _ = try await east.register(subject: "user-created", schema: SchemaDefinition(schema: Self.v2))
                _ = try await east.register(subject: "user-profile", schema: SchemaDefinition(schema: Self.v2))
                _ = try await east.register(subject: "user-profile", schema: SchemaDefinition(schema: Self.v3))
                _ = try await east.register(subject: "orders", schema: SchemaDefinition(schema: Self.v1))
                _ = try await east.setCompatibility(.backward)
                _ = try await east.setCompatibility(.forward, subject: "orders")
                // west: its own user-created, and a FULL_TRANSITIVE global mode.
                _ = try await west.register(subject: "user-created", schema: SchemaDefinition(schema: Self.v2))
                _ = try await west.register(subject: "payments", schema: SchemaDefinition(schema: Self.v1))
                _ = try await west.setCompatibility(.fullTransitive)
                let configuration = try FederationConfiguration.parse(
                    yaml: """
                        registries:
                          - {id: east, type: confluent, url: "\(eastURL)", timeout: 5}
                          - {id: west, type: confluent, url: "${WEST_URL}", timeout: 5}
                          - {id: down, type: confluent, url: "http://127.0.0.1:9", timeout: 2}
                          - {id: off, type: confluent, url: "http://127.0.0.1:9", enabled: false}
                        """, environment: ["WEST_URL": westURL])
                let service = try FederationService(configuration: configuration)
                let app = Application(router: FederationAPI(service: service).router())
                try await app.test(.router) { client in try await body(client, east, west) }
            }
        }
    }

    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONParser().parse(Array(response.body.readableBytesView))
    }

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: JSONValue? = nil) async throws -> (Int, JSONValue) {
        let buffer = body.map { ByteBuffer(string: JSONWriter.string($0)) }
        let response = try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: buffer)
        return (Int(response.status.code), try json(response))
    }

    @Test func registriesHealthAndSubjects() async throws {
        try await withFederation { client, _, _ in
            let (status, registries) = try await send(client, .get, "/api/v1/registries")
            #expect(status == 200)
            #expect(registries.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == ["east", "west", "down"])
            #expect(registries.arrayValue?.first?.objectValue?["supported_formats"] == ["avro", "protobuf", "json_schema"])
            #expect(registries.arrayValue?.first?.objectValue?["type"] == "confluent")

            let (_, health) = try await send(client, .get, "/api/v1/health/all")
            #expect(health.objectValue?["east"]?.objectValue?["healthy"] == true)
            #expect(health.objectValue?["east"]?.objectValue?["status_code"] == 200)
            let down = try #require(health.objectValue?["down"]?.objectValue)
            #expect(down["healthy"] == false && down["code"] == "unreachable" && down["retryable"] == true)
            #expect(down["response_time_ms"]?.numberValue != nil)

            let (one, single) = try await send(client, .get, "/api/v1/registries/west/health")
            #expect(one == 200 && single.objectValue?["healthy"] == true)
            let (missing, detail) = try await send(client, .get, "/api/v1/registries/nowhere/health")
            #expect(missing == 404 && detail == ["detail": "Registry nowhere not found"])

            let (_, subjects) = try await send(client, .get, "/api/v1/registries/east/subjects?prefix=user-")
            #expect(subjects == ["subjects": ["user-created", "user-profile"]])
            let (downStatus, downAnswer) = try await send(client, .get, "/api/v1/registries/down/subjects")
            #expect(downStatus == 502 && downAnswer.objectValue?["error"]?.objectValue?["code"] == "unreachable")
        }
    }

    @Test func findAnswersEveryRegistryHoldingTheSubjectAndReportsTheOneThatIsDown() async throws {
        try await withFederation { client, _, _ in
            let (status, found) = try await send(client, .get, "/api/v1/schemas/find?subject=user-created")
            #expect(status == 200)
            let object = try #require(found.objectValue)
            #expect(object.keys == ["east", "west", "errors"])
            #expect(object["east"]?.objectValue?["version"] == 2)
            #expect(object["west"]?.objectValue?["version"] == 1)
            #expect(object["east"]?.objectValue?["id"]?.stringValue != nil)
            #expect(object["east"]?.objectValue?["schema_format"] == "avro")
            #expect(object["east"]?.objectValue?["schema_content"]?.stringValue?.contains("email") == true)
            let error = try #require(object["errors"]?.arrayValue?.first?.objectValue)
            #expect(error["registry_id"] == "down" && error["code"] == "unreachable" && error["retryable"] == true)

            let (_, payments) = try await send(client, .get, "/api/v1/schemas/find?subject=payments")
            #expect(payments.objectValue?.keys == ["west", "errors"])
            let (bad, _) = try await send(client, .get, "/api/v1/schemas/find")
            #expect(bad == 422)
        }
    }

    @Test func compatibilityCheckIsAnsweredByTheRegistryUnderTheSubjectsMode() async throws {
        try await withFederation { client, _, _ in
            let check: JSONValue = ["subject": "user-created", "schema_content": .string(Self.v3), "schema_format": "AVRO"]
            let (status, east) = try await send(client, .post, "/api/v1/registries/east/compatibility/check", check)
            #expect(status == 200)
            #expect(east.objectValue?["is_compatible"] == false)
            #expect(east.objectValue?["compatibility_level"] == "BACKWARD")
            #expect(east.objectValue?["computed_by"] == "registry")
            #expect((east.objectValue?["messages"]?.arrayValue?.count ?? 0) > 0)

            let compatible: JSONValue = ["subject": "user-created", "schema_content": .string(Self.v2), "schema_format": "avro"]
            let (_, west) = try await send(client, .post, "/api/v1/registries/west/compatibility/check", compatible)
            #expect(west.objectValue?["is_compatible"] == true && west.objectValue?["compatibility_level"] == "FULL_TRANSITIVE")

            let (badFormat, formatAnswer) = try await send(
                client, .post, "/api/v1/registries/east/compatibility/check", ["subject": "x", "schema_content": "{}", "schema_format": "xml"])
            #expect(badFormat == 400 && formatAnswer.objectValue?["detail"]?.stringValue?.hasPrefix("Invalid schema format: xml") == true)
            let (missing, _) = try await send(client, .post, "/api/v1/registries/east/compatibility/check", ["subject": "x"])
            #expect(missing == 422)
            // Confluent answers an invalid schema in a verbose check as incompatible, with the reason.
            let (invalid, invalidAnswer) = try await send(
                client, .post, "/api/v1/registries/east/compatibility/check", ["subject": "orders", "schema_content": "{not avro", "schema_format": "avro"])
            #expect(invalid == 200 && invalidAnswer.objectValue?["is_compatible"] == false)
            #expect(invalidAnswer.objectValue?["messages"]?.arrayValue?.first?.stringValue?.hasPrefix("Invalid schema of type AVRO") == true)

            let (downStatus, down) = try await send(client, .post, "/api/v1/registries/down/compatibility/check", check)
            #expect(downStatus == 200 && down.objectValue?["is_compatible"] == false)
            #expect(down.objectValue?["registry_error"]?.objectValue?["code"] == "unreachable")
        }
    }

    @Test func modesAreReadAndSetInTheCanonicalVocabulary() async throws {
        try await withFederation { client, east, _ in
            let (_, global) = try await send(client, .get, "/api/v1/registries/east/compatibility/mode")
            #expect(global.objectValue?["mode"] == "BACKWARD" && global.objectValue?["subject"] == "global")
            let (_, orders) = try await send(client, .get, "/api/v1/registries/east/compatibility/mode?subject=orders")
            #expect(orders.objectValue?["mode"] == "FORWARD" && orders.objectValue?["subject"] == "orders")

            let (status, set) = try await send(client, .put, "/api/v1/registries/east/compatibility/mode", ["mode": "FORWARD_FULL", "subject": "orders"])
            #expect(status == 200)
            #expect(set == ["success": true, "registry_id": "east", "mode": "FULL", "subject": "orders", "native_mode": "FULL"])
            let level = try await east.config(subject: "orders").compatibilityLevel
            #expect(level == .full)

            let (bad, detail) = try await send(client, .put, "/api/v1/registries/east/compatibility/mode", ["mode": "SIDEWAYS"])
            #expect(bad == 400 && detail.objectValue?["detail"]?.stringValue?.hasPrefix("Invalid compatibility mode: SIDEWAYS") == true)
            let (_, down) = try await send(client, .put, "/api/v1/registries/down/compatibility/mode", ["mode": "FULL"])
            #expect(down.objectValue?["success"] == false && down.objectValue?["error"]?.objectValue?["code"] == "unreachable")
        }
    }

    @Test func overviewListsEveryModeAndTheRegistryThatIsDown() async throws {
        try await withFederation { client, _, _ in
            let (status, overview) = try await send(client, .get, "/api/v1/compatibility/overview")
            #expect(status == 200)
            let east = try #require(overview.objectValue?["east"]?.objectValue)
            #expect(east["global"] == "BACKWARD")
            #expect(east["subjects"] == ["orders": "FORWARD", "user-created": "BACKWARD", "user-profile": "BACKWARD"])
            #expect(east["overrides"] == ["orders": "FORWARD"])
            #expect(overview.objectValue?["west"]?.objectValue?["global"] == "FULL_TRANSITIVE")
            #expect(overview.objectValue?["down"]?.objectValue?["code"] == "unreachable")
            #expect(overview.objectValue?["errors"]?.arrayValue?.count == 1)
        }
    }

    @Test func bulkCheckSaysWhichHistoriesWouldFailTheTargetMode() async throws {
        try await withFederation { client, _, _ in
            let (status, report) = try await send(
                client, .post, "/api/v1/bulk/check-compatibility", ["registry_ids": ["east", "west", "down"], "target_mode": "FULL", "subject_filter": "user-*"])
            #expect(status == 200)
            let object = try #require(report.objectValue)
            #expect(object["total_checked"] == 3 && object["compatible"] == 2 && object["incompatible"] == 1 && object["errors"] == 1)
            #expect(object["duration_seconds"]?.numberValue != nil)
            let results = try #require(object["results"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(results.map { "\($0["registry_id"]!.stringValue!)/\($0["subject"]!.stringValue!)" } == [
                "east/user-created", "east/user-profile", "west/user-created",
            ])
            #expect(results[1]["is_compatible"] == false)
            #expect(results[1]["messages"]?.arrayValue?.first?.stringValue?.hasPrefix("version 2 is incompatible against version 1") == true)
            #expect(results[2]["messages"] == ["Single version - no compatibility check needed"])
            #expect(object["registry_errors"]?.arrayValue?.first?.objectValue?["registry_id"] == "down")

            // A prefix selects as a glob ending in * does; FORWARD passes user-profile.
            let (_, forward) = try await send(
                client, .post, "/api/v1/bulk/check-compatibility", ["registry_ids": ["east"], "target_mode": "forward", "subject_filter": "user-"])
            #expect(forward.objectValue?["total_checked"] == 2 && forward.objectValue?["incompatible"] == 0)
            let (bad, _) = try await send(client, .post, "/api/v1/bulk/check-compatibility", ["target_mode": "SIDEWAYS"])
            #expect(bad == 400)
        }
    }

    @Test func bulkSetShowsADryRunThenSetsEveryMatchingSubject() async throws {
        try await withFederation { client, east, _ in
            let request: JSONValue = ["registry_ids": ["east"], "target_mode": "FULL", "subject_filter": "user-*", "dry_run": true]
            let (status, dryRun) = try await send(client, .post, "/api/v1/bulk/set-compatibility", request)
            #expect(status == 200)
            let items = try #require(dryRun.objectValue?["results"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(items.map { $0["subject"] } == ["user-created", "user-profile"])
            #expect(items.map { $0["old_mode"] } == ["BACKWARD", "BACKWARD"])
            #expect(items.map { $0["new_mode"] } == ["FULL", "FULL"])
            #expect(items.map { $0["history_compatible"] } == [true, false])
            #expect(dryRun.objectValue?["would_violate"] == 1)
            let unchanged = try await east.config(subject: "user-created", defaultToGlobal: true).compatibilityLevel
            #expect(unchanged == .backward)

            guard case .object(var real) = request else { return }
            real["dry_run"] = false
            let (_, done) = try await send(client, .post, "/api/v1/bulk/set-compatibility", .object(real))
            #expect(done.objectValue?["succeeded"] == 2 && done.objectValue?["failed"] == 0)
            let changed = try await east.config(subject: "user-profile").compatibilityLevel
            #expect(changed == .full)

            // The older shape: mode and filter in the query, registry ids as the body.
            let (legacy, legacyAnswer) = try await send(client, .post, "/api/v1/bulk/set-compatibility?mode=NONE&subject_filter=ord", ["east"])
            #expect(legacy == 200 && legacyAnswer.objectValue?["succeeded"] == 1)
            let orders = try await east.config(subject: "orders").compatibilityLevel
            #expect(orders == CompatibilityLevel.none)
        }
    }

    @Test func theServiceDescribesItself() async throws {
        try await withFederation { client, _, _ in
            let (_, root) = try await send(client, .get, "/")
            #expect(root.objectValue?["version"] != nil && root.objectValue?["documentation"] == "/docs")
            let (status, document) = try await send(client, .get, "/openapi.json")
            #expect(status == 200 && document.objectValue?["openapi"] == "3.1.0")
            for path in ["/api/v1/registries", "/api/v1/bulk/check-compatibility", "/api/v1/registries/{id}/compatibility/mode"] {
                #expect(document.objectValue?["paths"]?.objectValue?[path] != nil, "\(path)")
            }
            let docs = try await client.execute(uri: "/docs", method: .get)
            #expect(docs.status == .ok && String(buffer: docs.body).contains("/openapi.json"))
            let (unknown, detail) = try await send(client, .get, "/api/v2/nothing")
            #expect(unknown == 404 && detail == ["detail": "Not Found"])
        }
    }
}

/// Runs `body` with the base URL of a real registry server of ours on a loopback socket.
func withRegistryServer(_ body: @Sendable (_ url: String) async throws -> Void) async throws {
    let registry = try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()])
    let responder = RegistryResponder(registry: RegistryBox(registry), maximumBodySize: 1 << 20)
    let app = Application(
        responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(try #require(client.port))")
    }
}
