import Foundation
import Prometheus
import Synchronization

/// The standard `process_*` series (memory, CPU, file descriptors, start time), read from
/// `/proc/self` when scraped; on a system without `/proc` they stay at zero.
final class ProcessMetrics: Sendable {
    private let residentMemory: Gauge
    private let virtualMemory: Gauge
    private let openDescriptors: Gauge
    private let cpuSeconds: Counter
    private let reportedCPU = Mutex<Double>(0)

    init(_ prometheus: PrometheusCollectorRegistry) {
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "process", metricName: metric, unitName: unit, helpText: help)
        }
        residentMemory = prometheus.makeGauge(descriptor: name("resident_memory", "bytes", "Resident memory size in bytes."), labels: [])
        virtualMemory = prometheus.makeGauge(descriptor: name("virtual_memory", "bytes", "Virtual memory size in bytes."), labels: [])
        openDescriptors = prometheus.makeGauge(descriptor: name("open_fds", "", "Open file descriptors."), labels: [])
        cpuSeconds = prometheus.makeCounter(descriptor: name("cpu_seconds", "total", "User and system CPU time spent, in seconds."), labels: [])
        let start = prometheus.makeGauge(descriptor: name("start_time", "seconds", "Start time of the process since the epoch, in seconds."), labels: [])
        start.set(Self.startTime() ?? Date().timeIntervalSince1970)
    }

    /// Reads the current values.
    func update() {
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if fields.count >= 2 {
                virtualMemory.set(fields[0] * pageSize)
                residentMemory.set(fields[1] * pageSize)
            }
        }
        if let fields = Self.statFields() {
            // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks.
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            if fields.count > 14, let user = Double(fields[13]), let system = Double(fields[14]), ticks > 0 {
                let total = (user + system) / ticks
                let delta = reportedCPU.withLock { reported -> Double in
                    let delta = max(0, total - reported)
                    reported = max(reported, total)
                    return delta
                }
                if delta > 0 { cpuSeconds.increment(by: delta) }
            }
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openDescriptors.set(Double(descriptors.count))
        }
    }

    /// The fields of `/proc/self/stat`, numbered from 1 as in proc(5); the command name (field
    /// 2, which may hold spaces) is skipped over by its closing parenthesis.
    private static func statFields() -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        return ["pid", "comm"] + rest
    }

    /// When the process started: its start in clock ticks after boot (field 22) plus the boot time.
    private static func startTime() -> Double? {
        guard let fields = statFields(), fields.count > 21, let started = Double(fields[21]),
            let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let boot = Double(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticks > 0 ? boot + started / ticks : nil
    }
}
