import Prometheus
import SchemaRegistryCore
import Synchronization

/// The server's Prometheus metrics, served at `/metrics` in the text exposition format.
///
/// Request series are labelled by route pattern (`/subjects/{subject}/versions`), never by
/// the path itself, so their number stays bounded whatever clients send. The registry's own
/// work comes in through `RegistryObserver`; what it holds (schemas by type, subjects) and the
/// process's memory and CPU are read when scraped. Names follow Prometheus conventions
/// (`_total` counters, `_seconds` histograms, base units) and are listed in the README.
public final class RegistryMetrics: RegistryObserver {
    /// Where every series lives; `emit` renders it.
    public let prometheus = PrometheusCollectorRegistry()

    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let requestDurations = Mutex<[String: DurationHistogram]>([:])
    private let registrations: [SchemaType: Counter]
    private let compatibleChecks: [SchemaType: Counter]
    private let incompatibleChecks: [SchemaType: Counter]
    private let compatibilityDurations: [SchemaType: DurationHistogram]
    private let storeWrites: DurationHistogram
    private let storeWriteErrors: Counter
    private let schemas: [SchemaType: Gauge]
    private let subjects: [SchemaType: Gauge]
    private let versions: Gauge
    private let changesBehind: Gauge
    private let process: ProcessMetrics

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// Request latencies, from a cached read (tens of microseconds) to a slow registration.
    static let requestBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// Creates the series that exist from the start (every schema type's, the store's).
    public init() {
        let prometheus = self.prometheus
        func byType<T>(_ make: (SchemaType) -> T) -> [SchemaType: T] {
            Dictionary(uniqueKeysWithValues: SchemaType.allCases.map { ($0, make($0)) })
        }
        registrations = byType { type in
            prometheus.makeCounter(
                descriptor: Self.name("registrations", "total", "Versions registered, by schema type."), labels: [("schema_type", type.rawValue)])
        }
        compatibleChecks = byType { type in
            prometheus.makeCounter(
                descriptor: Self.name("compatibility_checks", "total", "Compatibility checks against earlier versions, by schema type and result."),
                labels: [("schema_type", type.rawValue), ("result", "compatible")])
        }
        incompatibleChecks = byType { type in
            prometheus.makeCounter(
                descriptor: Self.name("compatibility_checks", "total", "Compatibility checks against earlier versions, by schema type and result."),
                labels: [("schema_type", type.rawValue), ("result", "incompatible")])
        }
        compatibilityDurations = byType { type in
            prometheus.makeDurationHistogram(
                descriptor: Self.name("compatibility_check_duration", "seconds", "Time to check a schema against the versions its level names."),
                labels: [("schema_type", type.rawValue)], buckets: Self.requestBuckets)
        }
        storeWrites = prometheus.makeDurationHistogram(
            descriptor: Self.name("store_write_duration", "seconds", "Time for the store to perform one write (one transaction)."), labels: [],
            buckets: Self.requestBuckets)
        storeWriteErrors = prometheus.makeCounter(
            descriptor: Self.name("store_write_errors", "total", "Store writes that failed (the client got a 5xx)."), labels: [])
        schemas = byType { type in
            prometheus.makeGauge(descriptor: Self.name("schemas", "", "Schemas (distinct ids over every context), by type."), labels: [("schema_type", type.rawValue)])
        }
        subjects = byType { type in
            prometheus.makeGauge(
                descriptor: Self.name("subjects", "", "Subjects with at least one version, soft-deleted included, by their latest schema's type."),
                labels: [("schema_type", type.rawValue)])
        }
        versions = prometheus.makeGauge(descriptor: Self.name("subject_versions", "", "Subject versions, soft-deleted included."), labels: [])
        changesBehind = prometheus.makeGauge(
            descriptor: Self.name(
                "store_changes_behind", "", "Entries of the shared store's change log (PostgreSQL) this node has not applied yet; 0 on a store of its own."),
            labels: [])
        process = ProcessMetrics(prometheus)
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "schema_registry", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one answered request and its latency under its route pattern.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = prometheus.makeCounter(
                descriptor: Self.name("http_requests", "total", "HTTP requests answered, by route pattern, method and status."),
                labels: [("route", route), ("method", method), ("status", String(status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = requestDurations.withLock { histograms in
            if let histogram = histograms[route] { return histogram }
            let histogram = prometheus.makeDurationHistogram(
                descriptor: Self.name("http_request_duration", "seconds", "Time from a whole request to its answer, by route pattern."),
                labels: [("route", route)], buckets: Self.requestBuckets)
            histograms[route] = histogram
            return histogram
        }
        histogram.record(duration)
    }

    /// The exposition text, with the gauges read now.
    func render(_ registry: Registry?) async -> [UInt8] {
        if let registry {
            let statistics = registry.statistics
            for type in SchemaType.allCases { schemas[type]?.set(Double(statistics.schemasByType[type] ?? 0)) }
            for type in SchemaType.allCases { subjects[type]?.set(Double(statistics.subjectsByType[type] ?? 0)) }
            versions.set(Double(statistics.versions))
            // A store that cannot be reached leaves the last value; `/health/ready` says why.
            if let behind = try? await registry.changesBehind() { changesBehind.set(Double(behind)) }
        }
        process.update()
        var buffer: [UInt8] = []
        prometheus.emit(into: &buffer)
        return buffer
    }

    // MARK: RegistryObserver

    public func storeWrite(duration: Duration, failed: Bool) {
        storeWrites.record(duration)
        if failed { storeWriteErrors.increment() }
    }

    public func compatibilityCheck(schemaType: SchemaType, duration: Duration, compatible: Bool) {
        (compatible ? compatibleChecks : incompatibleChecks)[schemaType]?.increment()
        compatibilityDurations[schemaType]?.record(duration)
    }

    public func registered(schemaType: SchemaType) {
        registrations[schemaType]?.increment()
    }
}
