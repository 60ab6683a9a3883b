/// What requests must carry to be answered: credentials an `Authenticator` accepts, on every
/// path except the ones left open (health checks for orchestrators, `/metrics` for scrapers),
/// and, under a policy, a rule allowing what they ask.
public struct AccessControl: Sendable {
    /// Checks the credentials.
    public var authenticator: Authenticator
    /// Whether `/health/live` and `/health/ready` need credentials too.
    public var protectsHealth: Bool
    /// Whether `/metrics` needs credentials too.
    public var protectsMetrics: Bool
    /// What each principal may do; `nil` lets every authenticated principal do everything.
    public var policy: AccessPolicy?
    /// Whether a verified client certificate authenticates a request without credentials
    /// (mutual TLS). The server sets it from its `ListenerTLS`, whose connections carry the
    /// certificate's principal; elsewhere it is ignored.
    public var acceptsClientCertificates: Bool

    /// Credentials on every path; health and metrics open unless said otherwise.
    public init(
        authenticator: Authenticator, protectsHealth: Bool = false, protectsMetrics: Bool = false, policy: AccessPolicy? = nil,
        acceptsClientCertificates: Bool = false
    ) {
        self.authenticator = authenticator
        self.acceptsClientCertificates = acceptsClientCertificates
        self.policy = policy
        self.protectsHealth = protectsHealth
        self.protectsMetrics = protectsMetrics
    }

    /// Whether a request for the path `segments` needs credentials.
    func protects(_ segments: [String]) -> Bool {
        if segments.count == 2, segments[0] == "health" { return protectsHealth }
        if segments == ["metrics"] { return protectsMetrics }
        return true
    }

    /// The decision for a request from memory: its `Authorization` header when that names
    /// someone (credentials name the principal even on a connection with a certificate), else
    /// the connection's client certificate.
    func decide(_ head: RequestHead) -> Authenticator.Decision {
        if acceptsClientCertificates, let name = head.clientCertificatePrincipal, !Authenticator.namesSomeone(head.authorization) {
            return .allowed(Principal(name: name))
        }
        return authenticator.decide(head.authorization)
    }
}
