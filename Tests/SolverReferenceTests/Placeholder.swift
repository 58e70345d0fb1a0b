// Placeholder: tests for SolverReference arrive with it.
