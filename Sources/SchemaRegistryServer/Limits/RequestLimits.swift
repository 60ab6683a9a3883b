/// How much a client may ask of the server: requests per second per connection and per
/// principal, and how long it may take to send one request.
///
/// Rates are token buckets holding one second of requests, so a client may send a burst of
/// `rate` requests at once and then `rate` per second; beyond that it gets 429 with
/// `Retry-After`, which Confluent's clients honour by retrying. Health checks and `/metrics`
/// are never limited, so probes and scrapers keep working under load.
public struct RequestLimits: Sendable, Equatable {
    /// Requests per second on one connection; `nil` for no limit.
    public var connectionRequestsPerSecond: Double?
    /// Requests per second of one authenticated principal over all its connections to this
    /// node; `nil` for no limit.
    public var principalRequestsPerSecond: Double?
    /// How long a client has to send a whole request (head and body), counted from opening
    /// the connection or from the end of its previous request; the connection is closed when
    /// it runs out (idle keep-alive connections too). `nil` for no limit.
    public var requestTimeout: Duration?

    /// No limits unless given.
    public init(connectionRequestsPerSecond: Double? = nil, principalRequestsPerSecond: Double? = nil, requestTimeout: Duration? = nil) {
        self.connectionRequestsPerSecond = connectionRequestsPerSecond
        self.principalRequestsPerSecond = principalRequestsPerSecond
        self.requestTimeout = requestTimeout
    }

    /// Whether connections need a `ConnectionLimitHandler`.
    var limitsConnections: Bool { connectionRequestsPerSecond != nil || requestTimeout != nil }
}
