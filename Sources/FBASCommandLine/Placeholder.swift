// Placeholder: filled by the FBASCommandLine work.
