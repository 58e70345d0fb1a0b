// Placeholder: tests for SolverZ3 arrive with it.
