import Dispatch
import FBASAnalyses
import FBASFormats
import FBASReport
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line on standard error, rewritten in place, showing what a long analysis is doing: the
/// part running, the elapsed time and the bounds proved so far. A minutes-long search that
/// prints nothing looks hung; this says it is not.
///
/// It exists only when standard error is a terminal and `--quiet` is off, so scripts and logs
/// never see it, and it stays blank for the first second so quick commands print nothing
/// extra. The line is erased before the report is printed.
final class ProgressLine: @unchecked Sendable {
    private let lock = Mutex(())
    private let start = ContinuousClock.now
    private let delay: Duration
    private var part: String?
    private var event: ProgressEvent?
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false
    private var stopped = false

    /// A progress line for this run, or nil when it must stay silent (`--quiet`, or standard
    /// error not a terminal). `FBAS_PROGRESS_AFTER` (seconds) overrides the one-second delay;
    /// 0, for tests, also draws every event.
    static func make(_ options: CommonOptions) -> ProgressLine? {
        guard !options.quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        let after = ProcessInfo.processInfo.environment["FBAS_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        let line = ProgressLine(delay: .milliseconds(Int64(max(0, after) * 1000)))
        line.startTicking()
        return line
    }

    private init(delay: Duration) { self.delay = delay }

    /// Names the part of a multi-part command (`analyze`) now running; its events follow.
    func begin(part name: String) {
        lock.withLock { _ in
            part = name
            event = nil
            drawLocked(force: true)
        }
    }

    /// The callback handed to the library in ``AnalysisOptions/progress``.
    func handle(_ e: ProgressEvent) {
        lock.withLock { _ in
            // Bounds sent without a round keep the round and detail already shown.
            if let old = event, old.activity == e.activity, e.round == nil, e.detail == nil {
                event?.lowerBound = e.lowerBound ?? old.lowerBound
                event?.upperBound = e.upperBound ?? old.upperBound
            } else {
                event = e
            }
            drawLocked(force: false)
        }
    }

    /// Erases the line and stops updating it; call before printing the report.
    func finish() {
        lock.withLock { _ in
            stopped = true
            if drawn { write("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// Redraws a few times a second so the elapsed time moves while a solver call runs.
    private func startTicking() {
        // A serial queue of its own gets a thread of its own (not one of the pool's).
        DispatchQueue(label: "swift-fbas.progress-line").async { [self] in
            while true {
                usleep(250_000)
                let done = lock.withLock { _ -> Bool in
                    if !stopped { drawLocked(force: true) }
                    return stopped
                }
                if done { return }
            }
        }
    }

    private func drawLocked(force: Bool) {
        guard !stopped else { return }
        let now = ContinuousClock.now
        let elapsed = start.duration(to: now)
        guard elapsed >= delay else { return }
        // At most ten updates a second; with no delay (tests: FBAS_PROGRESS_AFTER=0) every event
        // is drawn, so what a test looks for cannot fall between two updates.
        if !force, delay > .zero, let lastDraw, lastDraw.duration(to: now) < .milliseconds(100) { return }
        lastDraw = now
        var text = formatElapsed(elapsed)
        if let part { text += " [" + part + "]" }
        if let e = event { text += " " + Self.describe(e) }
        let width = max(20, terminalColumns() - 1)
        if text.count > width { text = String(text.prefix(width - 1)) + "…" }
        write("\r" + text + "\u{1B}[K")
        drawn = true
    }

    /// "minimum blocking set: round 3, lower bound 4, best 6, 16 quorums to hit".
    static func describe(_ e: ProgressEvent) -> String {
        var facts: [String] = []
        if let r = e.round { facts.append("round \(r)") }
        if let l = e.lowerBound { facts.append("lower bound \(l)") }
        if let u = e.upperBound { facts.append("best \(u)") }
        if let d = e.detail { facts.append(d) }
        return facts.isEmpty ? e.activity : e.activity + ": " + facts.joined(separator: ", ")
    }

    private func formatElapsed(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return s < 60 ? String(s, fractionDigits: 1) + " s" : "\(Int(s) / 60) min " + String(Int(s) % 60, paddedTo: 2) + " s"
    }

    private func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func write(_ s: String) {
        _ = FileBytes.writeAll(Array(s.utf8), to: STDERR_FILENO)  // a progress line that cannot be shown is no error
    }
}
