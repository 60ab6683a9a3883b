/// One reason why a schema change breaks compatibility, in both machine and human form.
///
/// `message` is the exact string Confluent returns in verbose responses; the other fields let
/// tools such as the CLI show the same finding without parsing that string back.
public struct CompatibilityIssue: Hashable, Sendable {
    /// The format's error code (Avro: `READER_FIELD_MISSING_DEFAULT_VALUE`, ...);
    /// `UNEXPECTED_EXCEPTION` when the check itself failed.
    public var kind: String
    /// JSON Pointer into the reading schema, when the format reports one.
    public var location: String?
    /// A human sentence with the role words filled in.
    public var description: String
    /// The string Confluent puts in the verbose `messages` array for this issue.
    public var message: String

    /// Creates an issue.
    public init(kind: String, location: String?, description: String, message: String) {
        self.kind = kind
        self.location = location
        self.description = description
        self.message = message
    }

    /// The issue for a check that could not run, worded as Confluent words its caught exceptions.
    public static func unexpectedException(_ detail: String) -> CompatibilityIssue {
        let message = "Unexpected exception during compatibility check: \(detail)"
        return CompatibilityIssue(kind: "UNEXPECTED_EXCEPTION", location: nil, description: message, message: message)
    }
}
