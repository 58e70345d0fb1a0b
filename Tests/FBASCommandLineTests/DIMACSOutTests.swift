import Foundation
import Testing

@Suite("--dimacs-out")
struct DIMACSOutTests {
    /// Every SAT call is a DIMACS file whose header counts its clauses, listed in index.tsv with
    /// its answer; the bundled snapshot's intersection check ends in one refutation.
    @Test func everySolveCallIsWrittenAndIndexed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dimacs-\(UUID().uuidString)").path
        let run = try FBASProcess.run(["check-intersection", "--dimacs-out", dir, "--quiet"])
        #expect(run.status == 0)
        let index = try String(contentsOfFile: dir + "/index.tsv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(index.first?.joined(separator: ",") == "file,solver,result,seconds,variables,clauses,assumptions")
        let calls = index.dropFirst()
        #expect(!calls.isEmpty)
        #expect(calls.contains { $0[2] == "unsat" })
        for call in calls {
            let text = try String(contentsOfFile: dir + "/" + call[0], encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.first?.hasPrefix("c \(call[1]): ") == true)
            let header = try #require(lines.first { $0.hasPrefix("p cnf ") }).split(separator: " ")
            let clauseLines = lines.filter { !$0.hasPrefix("c") && !$0.hasPrefix("p") }
            #expect(Int(header[3]) == clauseLines.count)
            // The recorded clauses plus one unit clause per assumption.
            #expect(Int(header[3]) == Int(call[5])! + Int(call[6])!)
        }
    }

    @Test func z3IsRefusedBecauseItsFormulasAreNotCNF() throws {
        let run = try FBASProcess.run(["check-intersection", "--dimacs-out", "/tmp/never-written", "--solver", "z3"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--dimacs-out"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
    }
}
