/// Everything a ``SchemaRegistryClient`` needs to know about the registry it talks to.
///
/// The defaults follow Confluent's clients where they have one (several URLs tried in turn,
/// caches of 1,000 entries), so a service moving from Java or Python keeps its behaviour.
public struct SchemaRegistryClientConfiguration: Sendable {
    /// Base URLs of the registry's nodes (`http://host:8081`, optionally with a path prefix);
    /// a request that cannot reach one node is sent to the next.
    public var baseURLs: [String]
    /// Credentials sent with every request, if the registry needs them.
    public var credentials: SchemaRegistryCredentials?
    /// How long one HTTP attempt may take before it counts as failed.
    public var requestTimeout: Duration
    /// How transient failures (408, 429, 5xx, connection errors) are retried.
    public var retry: RetryPolicy
    /// The most entries each cache keeps; the oldest entries go first beyond it.
    public var cacheCapacity: Int
    /// How long a fetched "latest version" of a subject is trusted; `nil` keeps it until the
    /// subject is deleted through this client. Short enough that producers using
    /// `useLatestVersion` pick up a new version without a restart.
    public var latestVersionTTL: Duration?
    /// The largest response body accepted, against a misbehaving server.
    public var maximumResponseSize: Int
    /// Extra headers sent with every request (tenant ids, tracing).
    public var additionalHeaders: [(name: String, value: String)]

    /// Creates a configuration for the registry at `baseURLs`.
    public init(
        baseURLs: [String],
        credentials: SchemaRegistryCredentials? = nil,
        requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(),
        cacheCapacity: Int = 1000,
        latestVersionTTL: Duration? = .seconds(60),
        maximumResponseSize: Int = 64 * 1024 * 1024,
        additionalHeaders: [(name: String, value: String)] = []
    ) {
        self.baseURLs = baseURLs
        self.credentials = credentials
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.cacheCapacity = cacheCapacity
        self.latestVersionTTL = latestVersionTTL
        self.maximumResponseSize = maximumResponseSize
        self.additionalHeaders = additionalHeaders
    }

    /// A configuration for one base URL, the common case.
    public init(url: String, credentials: SchemaRegistryCredentials? = nil) {
        self.init(baseURLs: [url], credentials: credentials)
    }
}

/// Retries with exponential back-off, for the failures that a later attempt can cure: a
/// registry restarting (connection refused, 503), a leader election (50003/50004 as 5xx),
/// rate limiting (429) and request timeouts (408).
public struct RetryPolicy: Hashable, Sendable {
    /// Further attempts after the first; 0 disables retries.
    public var maximumRetries: Int
    /// The wait before the first retry; each later wait doubles, up to `maximumBackoff`.
    public var initialBackoff: Duration
    /// The longest wait between two attempts.
    public var maximumBackoff: Duration

    /// Creates a policy; the default makes three retries waiting 100, 200 and 400 ms.
    public init(maximumRetries: Int = 3, initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5)) {
        self.maximumRetries = max(0, maximumRetries)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// The wait before retry number `retry` (1-based), with up to 20% jitter so that many
    /// clients do not return in lock-step.
    func backoff(beforeRetry retry: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, retry) where wait < maximumBackoff { wait = wait * 2 }
        wait = min(wait, maximumBackoff)
        return wait + wait * Double.random(in: 0..<0.2)
    }

    /// Whether an HTTP status is worth another attempt.
    static func isRetriable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }
}
