import Foundation
import Synchronization

/// A progress line on standard error: counts, rate and time left, redrawn in place on a
/// terminal (at most ten times a second) and written as a plain line every few seconds
/// otherwise, so a log of a long migration still shows it moving.
final class ProgressLine: Sendable {
    private struct State {
        var phase = ""
        var done = 0
        var total = 0
        var unit = "versions"
        var detail = ""
        var phaseStart = ContinuousClock.now
        var lastDraw = ContinuousClock.now - .seconds(60)
    }

    private let state = Mutex(State())
    private let isTerminal = isatty(2) != 0
    private let enabled: Bool

    /// Creates a line; a disabled one draws nothing.
    init(enabled: Bool = true) { self.enabled = enabled }

    /// Starts a phase of `total` steps counted in `unit` (`exporting`, 120 subjects).
    func begin(_ phase: String, total: Int, unit: String = "versions") {
        state.withLock {
            $0.phase = phase
            $0.total = total
            $0.unit = unit
            $0.done = 0
            $0.detail = ""
            $0.phaseStart = .now
        }
        draw(force: true)
    }

    /// Counts `steps` more steps; `detail` says what (a subject name).
    func advance(by steps: Int = 1, detail: String = "") {
        state.withLock {
            $0.done += steps
            $0.detail = detail
        }
        draw(force: false)
    }

    /// Ends the phase with its final counts on a line of its own.
    func finish() {
        draw(force: true, final: true)
    }

    private func draw(force: Bool, final: Bool = false) {
        guard enabled else { return }
        let text: String? = state.withLock { s in
            let now = ContinuousClock.now
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
            guard force || now - s.lastDraw >= interval else { return nil }
            s.lastDraw = now
            let elapsed = Self.seconds(now - s.phaseStart)
            let rate = elapsed > 0 ? Double(s.done) / elapsed : 0
            var line = "\(s.phase): \(s.done)/\(s.total) \(s.unit)"
            if rate > 0 { line += String(format: ", %.0f/s", rate) }
            if final {
                line += String(format: ", %.1f s", elapsed)
            } else if rate > 0, s.total > s.done {
                line += String(format: ", %.0f s left", Double(s.total - s.done) / rate)
            }
            if !final, !s.detail.isEmpty { line += " (\(s.detail))" }
            return line
        }
        guard let text else { return }
        let out = isTerminal ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n"
        FileHandle.standardError.write(Data(out.utf8))
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
