// Placeholder: filled by the SolverCardinality work.
