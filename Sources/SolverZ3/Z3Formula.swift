import CZ3
import SolverCore

/// Owns one Z3 context, deleting it when the last reference goes.
///
/// A context per solver (never Z3's global state) keeps solvers independent: one can be
/// interrupted or deleted without touching the others. Interrupt observers hold the context
/// too, so a late `Z3_interrupt` never reaches a deleted context. `@unchecked Sendable`
/// because the only call made from other threads is `Z3_interrupt`, which Z3 documents for
/// exactly that use; everything else happens on the owning solver's thread.
final class Z3Context: @unchecked Sendable {
    let raw: OpaquePointer

    init() {
        let config = Z3_mk_config()
        // The reference-counted flavour, because a plain context keeps every AST ever built
        // alive until it is deleted, and incremental analyses add clauses for a long time.
        raw = Z3_mk_context_rc(config)
        Z3_del_config(config)
        // Z3's default handler prints and exits the process. This one does nothing: the error
        // code stays readable through `Z3_get_error_code` until the next API call, and every
        // call site that can fail asks for it (see `lastError`).
        Z3_set_error_handler(raw) { _, _ in }
    }

    func interrupt() { Z3_interrupt(raw) }

    /// The message of the error raised by the last API call, or nil if it succeeded.
    var lastError: String? {
        let code = Z3_get_error_code(raw)
        guard code != Z3_OK else { return nil }
        guard let message = Z3_get_error_msg(raw, code) else { return "Z3 error \(code.rawValue)" }
        return String(cString: message)
    }

    deinit { Z3_del_context(raw) }
}

/// The Boolean vocabulary shared by the Z3 back ends: one Bool constant per variable, its
/// negation, and the clause and cardinality terms built from them.
///
/// In a reference-counted context Z3 frees an AST as soon as nothing references it, and the
/// result of the previous API call is only pinned until the next call; so every AST kept here
/// is referenced right after it is made, and terms handed out are referenced for the caller,
/// who releases them after asserting.
final class Z3Formula {
    let context: Z3Context
    var ctx: OpaquePointer { context.raw }
    private(set) var positive: [Z3_ast?] = []
    private(set) var negative: [Z3_ast?] = []
    private let boolSort: Z3_sort
    /// The first error met while building terms. A term that failed is missing from the
    /// formula, so every later answer would be wrong: solves report this instead.
    private(set) var error: String?

    init(context: Z3Context) {
        self.context = context
        let sort = Z3_mk_bool_sort(context.raw)!
        Z3_inc_ref(context.raw, Z3_sort_to_ast(context.raw, sort))
        boolSort = sort
    }

    var variableCount: Int { positive.count }

    func newVariable() -> Variable {
        let index = positive.count
        precondition(index < Int(Int32.max), "Z3 back end supports at most 2^31 - 1 variables")
        let constant = retained(Z3_mk_const(ctx, Z3_mk_int_symbol(ctx, Int32(index)), boolSort))
        positive.append(constant)
        negative.append(constant.flatMap { retained(Z3_mk_not(ctx, $0)) })
        return Variable(index)
    }

    /// The (owned, never released) term of `literal`.
    func term(_ literal: Literal) -> Z3_ast? {
        precondition(literal.variable.index < positive.count, "literal \(literal) uses a variable this solver did not create")
        return literal.isNegated ? negative[literal.variable.index] : positive[literal.variable.index]
    }

    /// The disjunction of `literals` (false when empty), referenced for the caller.
    func clause(_ literals: [Literal]) -> Z3_ast? {
        switch literals.count {
        case 0:
            return retained(Z3_mk_false(ctx))
        case 1:
            return retained(term(literals[0]))
        default:
            let args = literals.map(term)
            return retained(args.withUnsafeBufferPointer { Z3_mk_or(ctx, UInt32($0.count), $0.baseAddress) })
        }
    }

    /// `condition → Σ literals ≥ k` (or `≤ k` when `atLeast` is false), referenced for the
    /// caller, or nil when the constraint holds in every assignment.
    ///
    /// Trivial bounds are settled here rather than passed to `Z3_mk_atleast`/`Z3_mk_atmost`,
    /// whose bound is unsigned: a bound no assignment can meet becomes the clause `¬condition`.
    func cardinality(atLeast: Bool, _ k: Int, of literals: [Literal], when condition: Literal?) -> Z3_ast? {
        let n = literals.count
        let body: Z3_ast?
        if atLeast {
            if k <= 0 { return nil }
            if k > n { return clause(condition.map { [!$0] } ?? []) }
            let args = literals.map(term)
            body = retained(args.withUnsafeBufferPointer { Z3_mk_atleast(ctx, UInt32(n), $0.baseAddress, UInt32(k)) })
        } else {
            if k >= n { return nil }
            if k < 0 { return clause(condition.map { [!$0] } ?? []) }
            let args = literals.map(term)
            body = retained(args.withUnsafeBufferPointer { Z3_mk_atmost(ctx, UInt32(n), $0.baseAddress, UInt32(k)) })
        }
        guard let condition, let body else { return body }
        let args = [term(!condition), body]
        let implication = retained(args.withUnsafeBufferPointer { Z3_mk_or(ctx, 2, $0.baseAddress) })
        release(body)
        return implication
    }

    /// References a term just returned by Z3, recording Z3's error if it returned none.
    func retained(_ ast: Z3_ast?) -> Z3_ast? {
        guard let ast else {
            error = error ?? context.lastError ?? "Z3 returned no term"
            return nil
        }
        Z3_inc_ref(ctx, ast)
        return ast
    }

    func release(_ ast: Z3_ast?) {
        if let ast { Z3_dec_ref(ctx, ast) }
    }

    /// Records the error of the last API call, if any (for calls that return nothing).
    func checkError() {
        if error == nil, let message = context.lastError { error = message }
    }

    /// Evaluates `variable` in `model` with model completion (unconstrained variables get a
    /// default value instead of staying symbolic).
    func value(of variable: Variable, in model: Z3_model) -> Bool {
        var result: Z3_ast?
        guard Z3_model_eval(ctx, model, positive[variable.index], true, &result), let result else { return false }
        return Z3_get_bool_value(ctx, result) == Z3_L_TRUE
    }

    /// Sets `timeout` (milliseconds, wall clock) and any other unsigned parameters of a solver
    /// or optimiser through `apply`.
    func withParameters(_ values: [(String, UInt32)], _ apply: (Z3_params) -> Void) {
        let params = Z3_mk_params(ctx)!
        Z3_params_inc_ref(ctx, params)
        for (key, value) in values {
            Z3_params_set_uint(ctx, params, Z3_mk_string_symbol(ctx, key), value)
        }
        apply(params)
        Z3_params_dec_ref(ctx, params)
    }

    /// Z3's unsigned "no limit" value for `timeout` and `max_conflicts`.
    static let unlimited = UInt32.max

    /// The `timeout` parameter for a solve ending at `limits.deadline`: at least 1 ms, since
    /// an expired deadline never reaches Z3.
    static func timeoutMilliseconds(_ limits: SolveLimits) -> UInt32 {
        guard let seconds = limits.secondsRemaining else { return unlimited }
        return UInt32(max(1, min(Double(unlimited - 1), (seconds * 1000).rounded(.up))))
    }

    /// Maps Z3's reason for an undecided answer to ours. Whether the flag was raised or the
    /// deadline passed is checked first, since Z3's own wording varies between engines
    /// (measured with 4.8.12: "timeout" and "interrupted" from the QF_FD and default solvers,
    /// "canceled" for both from the simple solver, "sat.canceled" or "no reason given" from
    /// the optimiser on a timeout, "sat.max.conflicts" for a conflict limit).
    static func unknownReason(_ reason: String, flag: InterruptFlag?, limits: SolveLimits) -> UnknownReason {
        if flag?.isRaised == true { return .interrupted }
        if limits.deadline != nil, limits.isExpired { return .timeLimit }
        let lower = reason.lowercased()
        if lower.contains("timeout") { return .timeLimit }
        if lower.contains("conflicts") { return .conflictLimit }
        if lower.contains("interrupt") || lower.contains("cancel") { return .interrupted }
        return .backEnd(reason.isEmpty ? "Z3 gave no reason" : reason)
    }
}
