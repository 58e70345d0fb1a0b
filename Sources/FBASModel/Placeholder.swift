// Placeholder: filled by the FBASModel work.
