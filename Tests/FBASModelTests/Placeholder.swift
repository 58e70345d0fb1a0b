// Placeholder: tests for FBASModel arrive with it.
