// Placeholder: filled by the SolverCryptoMiniSat work.
