import SolverCore

/// Turns a call's ``SolveLimits`` and interrupt flag into "stop now, for this reason".
///
/// Reading the clock costs far more than a conflict's bookkeeping, so the deadline is read
/// only every ``clockInterval`` steps; a step (a conflict or a decision) takes microseconds,
/// which keeps the answer prompt. The interrupt flag is a single atomic load and is read
/// every step.
struct SearchBudget {
    private let limits: SolveLimits
    private let interrupt: InterruptFlag?
    private let clockInterval = 64
    /// Starts full so the very first step reads the clock: an expired deadline stops at once.
    private var stepsSinceClockRead: Int
    /// Conflicts met in this call.
    private(set) var conflicts = 0

    init(limits: SolveLimits, interrupt: InterruptFlag?) {
        self.limits = limits
        self.interrupt = interrupt
        stepsSinceClockRead = clockInterval
    }

    /// Why the search must stop before its next decision, or nil to carry on.
    mutating func stopReason() -> UnknownReason? {
        if interrupt?.isRaised == true { return .interrupted }
        stepsSinceClockRead += 1
        if stepsSinceClockRead >= clockInterval {
            stepsSinceClockRead = 0
            if limits.isExpired { return .timeLimit }
        }
        return nil
    }

    /// Records a conflict; says why the search must stop now, or nil to carry on.
    mutating func stopReasonAfterConflict() -> UnknownReason? {
        conflicts += 1
        if let limit = limits.conflictLimit, conflicts >= limit { return .conflictLimit }
        return stopReason()
    }
}
