// Placeholder: filled by the SolverReference work.
