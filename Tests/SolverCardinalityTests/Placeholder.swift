// Placeholder: tests for SolverCardinality arrive with it.
