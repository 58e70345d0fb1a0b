// Placeholder: tests for FBASFormats arrive with it.
