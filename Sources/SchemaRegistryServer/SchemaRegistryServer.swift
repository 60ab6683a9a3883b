import Hummingbird
import Logging
import NIOCore
import SchemaRegistryCore
import UnixSignals

/// Runs the registry's HTTP server until SIGINT or SIGTERM; with TLS, SIGHUP re-reads the
/// certificate, key and client authorities.
///
/// The listener starts first and answers `/health/live` at once; the store is loaded
/// concurrently and `/health/ready` (and the API) wait for it, so an orchestrator can tell a
/// starting node from a dead one. On shared storage (PostgreSQL) the node then follows the
/// other nodes' writes for as long as it runs.
public struct SchemaRegistryServer: Sendable {
    /// Where to listen.
    public var host: String
    /// The port; 0 picks a free one (printed when listening).
    public var port: Int
    /// Larger request bodies get 413.
    public var maximumBodySize: Int
    /// Served at `/metrics` and told of every request; `nil` for no metrics.
    public var metrics: RegistryMetrics?
    /// A line per answered request; `nil` for none.
    public var requestLog: RequestLog?
    /// The credentials requests must carry, and the rules; `nil` for none.
    public var accessControl: AccessControl?
    /// Where every write and denial is recorded; `nil` for nowhere.
    public var auditLog: AuditLog?
    /// TLS on the listener; `nil` for plain HTTP.
    public var tls: ListenerTLS?
    /// Request rates and the request timeout.
    public var limits: RequestLimits

    /// Creates a server configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8081, maximumBodySize: Int = 16 * 1024 * 1024, metrics: RegistryMetrics? = nil,
        requestLog: RequestLog? = nil, accessControl: AccessControl? = nil, auditLog: AuditLog? = nil, tls: ListenerTLS? = nil,
        limits: RequestLimits = RequestLimits()
    ) {
        self.tls = tls
        self.limits = limits
        self.accessControl = accessControl
        self.auditLog = auditLog
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.metrics = metrics
        self.requestLog = requestLog
    }

    /// The `Server` header of every response.
    static let serverName = "schema-registry"

    /// Serves until a shutdown signal.
    ///
    /// - Parameters:
    ///   - load: builds the registry (opening and loading the store); a failure stops the server.
    ///   - onListening: called with the bound port once the socket is listening.
    public func run(
        load: @escaping @Sendable () async throws -> Registry, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws {
        let box = RegistryBox()
        let responder = RegistryResponder(
            registry: box, maximumBodySize: maximumBodySize, metrics: metrics, requestLog: requestLog, accessControl: accessControl, auditLog: auditLog,
            limits: limits)
        var logger = Logger(label: "schema-registry")
        logger.logLevel = .warning
        let app = Application(
            responder: responder,
            server: responder.httpServer(serverName: Self.serverName, tls: tls),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: Self.serverName),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
                return true
            }
            if let tls {
                group.addTask {
                    await Self.reloadOnHangUp(tls, logger: Logger(label: "schema-registry.tls"))
                    return false
                }
            }
            group.addTask {
                let registry = try await load()
                box.set(registry)
                // On storage shared with other nodes, their writes reach this node's memory
                // (and so its reads) as they are committed; until the server stops.
                await registry.followStore()
                return false
            }
            // A loader failure throws out of here and cancels the server; the server ending
            // (a shutdown signal) ends everything.
            while let serverEnded = try await group.next() {
                if serverEnded {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    /// Re-reads the TLS files on every SIGHUP until cancelled; a failed reload keeps the
    /// certificate in use and says why.
    static func reloadOnHangUp(_ tls: ListenerTLS, logger: Logger) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            do {
                try tls.reload()
                logger.notice("TLS certificate reloaded", metadata: ["file": .string(tls.settings.certificateFile)])
            } catch {
                logger.error("TLS reload failed, the previous certificate stays in use: \(error)")
            }
        }
    }
}
