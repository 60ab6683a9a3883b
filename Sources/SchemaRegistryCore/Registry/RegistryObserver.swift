/// What a registry reports about its own work as it does it, for metrics: the server turns
/// these into Prometheus series, tests can count them. Methods are called on the operation's
/// own path (a registration waits for them), so they must be cheap and must not block.
public protocol RegistryObserver: Sendable {
    /// The store performed a write (or failed to) in `duration`.
    func storeWrite(duration: Duration, failed: Bool)
    /// A schema of `schemaType` was checked against earlier versions, in `duration`.
    func compatibilityCheck(schemaType: SchemaType, duration: Duration, compatible: Bool)
    /// A registration added a version of a schema of `schemaType`.
    func registered(schemaType: SchemaType)
}

/// Counts of what the registry holds, for gauges.
public struct RegistryStatistics: Sendable, Equatable {
    /// Schemas (distinct ids, over every context) of each type.
    public var schemasByType: [SchemaType: Int] = [:]
    /// Subjects with at least one version (soft-deleted versions included), over every context.
    public var subjects = 0
    /// The same subjects by the type of their latest version's schema.
    public var subjectsByType: [SchemaType: Int] = [:]
    /// Subject versions, soft-deleted included.
    public var versions = 0

    public init() {}
}
