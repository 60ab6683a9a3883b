import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONModel
import SchemaRegistryCore
import SchemaRegistryServer
import Testing

/// `GET /metrics`: Prometheus's text format, requests by route pattern and status, the
/// registry's registrations, compatibility checks and store writes, what it holds, and the
/// process's memory.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    /// Runs `body` against a live server whose registry and responder report to one `RegistryMetrics`.
    func withMetricsServer(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let metrics = RegistryMetrics()
        let registry = try await Registry(
            store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()], observer: metrics)
        let responder = RegistryResponder(registry: RegistryBox(registry), metrics: metrics)
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client) }
    }

    /// The samples of an exposition text by series (`name{labels}`), comments left out.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    static let record = #"{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}"#
    static let breaking = #"{"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}"#

    @Test("requests by route pattern and status; registrations, checks, store writes and holdings; process memory")
    func series() async throws {
        try await withMetricsServer { client in
            #expect(try await client.register("orders-value", Self.record).status == 200)
            #expect(try await client.register("orders-value", Self.breaking).status == 409)
            #expect(try await client.call(.get, "/subjects").status == 200)
            #expect(try await client.call(.get, "/subjects/orders-value/versions/1").status == 200)
            #expect(try await client.call(.get, "/no/such/path").status == 404)
            let reply = try await client.call(.get, "/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let samples = Self.samples(reply.text)
            let versions = #"route="/subjects/{subject}/versions""#
            #expect(samples[#"schema_registry_http_requests_total{\#(versions),method="POST",status="200"}"#] == 1)
            #expect(samples[#"schema_registry_http_requests_total{\#(versions),method="POST",status="409"}"#] == 1)
            #expect(samples[#"schema_registry_http_requests_total{route="/subjects",method="GET",status="200"}"#] == 1)
            #expect(samples[#"schema_registry_http_requests_total{route="/subjects/{subject}/versions/{version}",method="GET",status="200"}"#] == 1)
            #expect(samples[#"schema_registry_http_requests_total{route="unmatched",method="GET",status="404"}"#] == 1)
            #expect(samples[#"schema_registry_http_request_duration_seconds_count{\#(versions)}"#] == 2)
            #expect(samples[#"schema_registry_registrations_total{schema_type="AVRO"}"#] == 1)
            #expect(samples[#"schema_registry_registrations_total{schema_type="PROTOBUF"}"#] == 0)
            #expect(samples[#"schema_registry_compatibility_checks_total{schema_type="AVRO",result="incompatible"}"#] == 1)
            #expect(samples[#"schema_registry_compatibility_check_duration_seconds_count{schema_type="AVRO"}"#] == 1)
            #expect(samples["schema_registry_store_write_duration_seconds_count"] == 1)
            #expect(samples["schema_registry_store_write_errors_total"] == 0)
            #expect(samples[#"schema_registry_schemas{schema_type="AVRO"}"#] == 1)
            #expect(samples[#"schema_registry_subjects{schema_type="AVRO"}"#] == 1 && samples["schema_registry_subject_versions"] == 1)
            #expect(samples[#"schema_registry_subjects{schema_type="JSON"}"#] == 0)
            #expect(samples["schema_registry_store_changes_behind"] == 0)
            #expect((samples["process_resident_memory_bytes"] ?? 0) > 1_000_000)
            #expect((samples["process_start_time_seconds"] ?? 0) > 1_700_000_000)
            #expect((samples["process_open_fds"] ?? 0) > 0)
            // Labels are route patterns, never what the client put in the path.
            #expect(!reply.text.contains("orders-value") && !reply.text.contains("/no/such/path"))
        }
    }

    @Test("a server without metrics answers /metrics as Confluent does: 404")
    func disabled() async throws {
        try await withServer { client in
            let reply = try await client.call(.get, "/metrics")
            #expect(reply.status == 404 && reply.errorCode == 404)
        }
    }
}
