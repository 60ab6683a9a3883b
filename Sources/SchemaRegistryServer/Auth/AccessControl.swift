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

    /// Credentials on every path; health and metrics open unless said otherwise.
    public init(authenticator: Authenticator, protectsHealth: Bool = false, protectsMetrics: Bool = false, policy: AccessPolicy? = nil) {
        self.authenticator = authenticator
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
}
