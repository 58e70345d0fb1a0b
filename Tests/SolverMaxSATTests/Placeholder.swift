// Placeholder: tests for SolverMaxSAT arrive with it.
