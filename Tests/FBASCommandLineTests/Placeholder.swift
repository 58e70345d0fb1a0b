// Placeholder: tests for FBASCommandLine arrive with it.
