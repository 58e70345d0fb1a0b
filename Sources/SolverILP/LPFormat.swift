extension LinearModel {
    /// The model in CPLEX LP format, which CBC reads: variable `i` is named `x<i>`, the constant
    /// offset is left out (LP format has none; the caller adds it back).
    public var lpFormat: String {
        var out = "Minimize\n obj:"
        let objectiveTerms = objective.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        if objectiveTerms.isEmpty {
            // LP format needs a term; a zero coefficient on a variable of the model is one.
            out += " 0 x0"
        }
        for (v, c) in objectiveTerms { out += Self.term(c, v) }
        out += "\nSubject To\n"
        for (i, row) in rows.enumerated() {
            var expression = ""
            for t in row.terms { expression += Self.term(t.coefficient, t.variable) }
            switch (row.lower, row.upper) {
            case let (lo?, hi?) where lo == hi: out += " c\(i):\(expression) = \(lo)\n"
            case let (lo?, hi?):
                out += " c\(i):\(expression) >= \(lo)\n"
                out += " d\(i):\(expression) <= \(hi)\n"
            case let (lo?, nil): out += " c\(i):\(expression) >= \(lo)\n"
            case let (nil, hi?): out += " c\(i):\(expression) <= \(hi)\n"
            case (nil, nil): break
            }
        }
        out += "Binary\n"
        for v in 0..<Swift.max(variableCount, 1) { out += " x\(v)\n" }
        out += "End\n"
        return out
    }

    private static func term(_ coefficient: Int, _ variable: Int) -> String {
        coefficient < 0 ? " - \(-coefficient) x\(variable)" : " + \(coefficient) x\(variable)"
    }
}
