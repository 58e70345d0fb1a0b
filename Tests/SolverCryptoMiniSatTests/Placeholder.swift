// Placeholder: tests for SolverCryptoMiniSat arrive with it.
