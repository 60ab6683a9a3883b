/// A schema already registered under the subject, as the compatibility check needs it.
///
/// The canonical text is carried alongside the parsed schema because Confluent quotes it in
/// verbose messages (`{oldSchema: '...'}`), and the parsed form alone does not keep the exact
/// stored text.
public struct PreviousSchema<Schema: Sendable>: Sendable {
    /// The registered version number; `nil` for a schema that is not (yet) a version, in which
    /// case no `{oldSchemaVersion: N}` entry is produced.
    public var version: Int?
    /// The schema text as the registry stores it.
    public var canonicalText: String
    /// The parsed schema.
    public var schema: Schema

    /// Creates a previous schema.
    public init(version: Int?, canonicalText: String, schema: Schema) {
        self.version = version
        self.canonicalText = canonicalText
        self.schema = schema
    }
}
