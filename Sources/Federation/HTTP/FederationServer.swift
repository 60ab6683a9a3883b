import Hummingbird
import Logging

/// Runs the federation API on a host and port until SIGTERM or SIGINT.
public struct FederationServer: Sendable {
    public var api: FederationAPI
    public var host: String
    /// 0 picks a free port (reported to `onListening`).
    public var port: Int

    /// A server for `api`.
    public init(api: FederationAPI, host: String, port: Int) {
        self.api = api
        self.host = host
        self.port = port
    }

    /// Serves until a shutdown signal; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "schema-registry.federation")
        logger.logLevel = .warning
        let app = Application(
            router: api.router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "schema-registry-federation"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
