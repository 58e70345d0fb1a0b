// Placeholder: filled by the FBASFormats work.
