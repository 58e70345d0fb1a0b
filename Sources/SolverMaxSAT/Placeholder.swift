// Placeholder: filled by the SolverMaxSAT work.
