import FBASFormats
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SolverCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where `--dimacs-out` writes the SAT calls of a run: one DIMACS file per call, numbered in
/// the order the calls end, and `index.tsv` with a line per call (file, back end, answer,
/// seconds, variables, clauses, assumptions), so that the slowest calls are one `sort` away.
final class InstanceDirectory: Sendable {
    let path: String
    /// Calls written so far, the index open for appending, and whether a failed write has been
    /// reported (once is enough).
    private let state: Mutex<(count: Int, index: Int32, reported: Bool)>

    /// Creates the directory if needed and starts a fresh index.
    init(_ path: String) throws(FBASInputError) {
        self.path = path
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw FBASInputError(.unreadable, file: path, "cannot create the --dimacs-out directory: \(String(cString: strerror(errno)))")
        }
        let index = path + "/index.tsv"
        try writeRegularFile(index, Array("file\tsolver\tresult\tseconds\tvariables\tclauses\tassumptions\n".utf8))
        let fd = open(index, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw FBASInputError(.unreadable, file: index, "cannot append: \(String(cString: strerror(errno)))") }
        state = Mutex((0, fd, false))
    }

    deinit { state.withLock { _ = close($0.index) } }

    /// Writes one call; racing searches call this from two threads.
    func record(_ call: RecordedSolve) {
        let result: String = switch call.result {
        case .satisfiable: "sat"
        case .unsatisfiable: "unsat"
        case .unknown: "unknown"
        }
        state.withLock { s in
            s.count += 1
            let name = String(s.count, paddedTo: 5) + ".cnf"
            let line = [name, call.solver, result, String(call.seconds), String(call.formula.variableCount),
                        String(call.formula.clauses.count), String(call.assumptions.count)].joined(separator: "\t") + "\n"
            do {
                try writeRegularFile(path + "/" + name, Array(call.dimacs.utf8))
                guard FileBytes.writeAll(Array(line.utf8), to: s.index) else {
                    throw FBASInputError(.unreadable, file: path + "/index.tsv", "appending failed: \(String(cString: strerror(errno)))")
                }
            } catch {
                // The analysis itself is unharmed; say once that the record is incomplete.
                if !s.reported { printStandardError("warning: --dimacs-out: \(error)") }
                s.reported = true
            }
        }
    }
}
