// Placeholder: filled by the SolverZ3 work.
