import StrictJSON

/// The JSON Schema (2020-12) of the network report and of every analysis result, as the
/// command line prints them and the HTTP service returns them. The file
/// (`Sources/FBASReport/Resources/fbas.schema.json`, linked from `schemas/`) is compiled into
/// the library, so a binary copied on its own still serves it.
public enum ResultSchema {
    /// The schema's text.
    public static var bytes: [UInt8] { PackageResources.fbas_schema_json }

    /// The schema, parsed.
    public static func document() throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(bytes)
    }
}
