import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SchemaRegistryServer
import SchemaRegistryCore
import Synchronization
import Testing

/// One log line per answered request, at the configured level, as text or JSON.
@Suite("Request log")
struct RequestLogTests {
    /// Keeps what it is given, for the assertions.
    final class CapturedEvents: Sendable {
        let events = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
    }

    struct CapturingHandler: LogHandler {
        let captured: CapturedEvents
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            captured.events.withLock { $0.append((event.level, event.message.description, event.metadata ?? [:])) }
        }
    }

    @Test("every answered request, inline reads and tasks alike: method, path, route pattern, status and duration")
    func lines() async throws {
        let captured = CapturedEvents()
        let logger = Logger(label: "requests") { _ in CapturingHandler(captured: captured) }
        let registry = try await Registry(store: MemoryRegistryStore())
        let responder = RegistryResponder(registry: RegistryBox(registry), requestLog: RequestLog(logger: logger, level: .notice))
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        let requests: @Sendable (any TestClientProtocol) async throws -> Void = { client in
            let registered = try await client.register("orders-value", "\"string\"")
            let listed = try await client.call(.get, "/subjects/orders-value/versions?deleted=true")
            let missing = try await client.call(.get, "/nowhere")
            #expect(registered.status == 200 && listed.status == 200 && missing.status == 404)
        }
        try await app.test(.live) { client in try await requests(client) }
        let events = captured.events.withLock { $0 }
        #expect(events.count == 3)
        #expect(events.allSatisfy { $0.0 == .notice && $0.1 == "request" })
        let fields = events.map { event in event.2.mapValues { "\($0)" } }
        #expect(fields[0]["method"] == "POST" && fields[0]["route"] == "/subjects/{subject}/versions" && fields[0]["status"] == "200")
        #expect(fields[1]["path"] == "/subjects/orders-value/versions?deleted=true" && fields[1]["method"] == "GET")
        #expect(fields[2]["route"] == "unmatched" && fields[2]["status"] == "404")
        #expect(fields.allSatisfy { Double($0["duration_ms"] ?? "") != nil })
    }

    @Test("a request level below the logger's writes nothing and costs nothing")
    func disabled() {
        var logger = Logger(label: "requests")
        logger.logLevel = .warning
        #expect(!RequestLog(logger: logger, level: .info).isEnabled)
        #expect(RequestLog(logger: logger, level: .error).isEnabled)
    }

    @Test("text and JSON lines")
    func formats() throws {
        let time = Date(timeIntervalSince1970: 1_764_694_566.5)
        let metadata: Logger.Metadata = ["status": .stringConvertible(200), "method": .string("GET"), "duration_ms": .stringConvertible(1.5)]
        let text = RegistryLogHandler.line(time: time, level: .info, label: "schema-registry", message: "request", metadata: metadata, format: .text)
        #expect(text == "2025-12-02T16:56:06.500Z info schema-registry: request duration_ms=1.5 method=GET status=200\n")
        let json = RegistryLogHandler.line(time: time, level: .info, label: "schema-registry", message: "request", metadata: metadata, format: .json)
        #expect(
            json
                == #"{"time":"2025-12-02T16:56:06.500Z","level":"info","logger":"schema-registry","message":"request","duration_ms":1.5,"method":"GET","status":200}"#
                + "\n")
    }
}
