/// One way an instance fails a schema.
///
/// Serializers report these to the producer, so each names the offending value
/// (`instancePath`), the keyword that rejected it as reached from the root through any
/// references (`schemaPath`), and where that keyword is written (`schemaLocation`).
public struct JSONSchemaValidationError: Hashable, Sendable, CustomStringConvertible {
    /// JSON Pointer of the offending value inside the instance; `/` for the instance itself.
    public let instancePath: String
    /// JSON Pointer of the failing keyword along the evaluation path, `$ref` steps included.
    public let schemaPath: String
    /// Where the failing keyword is written: `#/pointer`, or `name#/pointer` inside a referenced
    /// document.
    public let schemaLocation: String
    /// What is wrong, in words.
    public let message: String

    /// Creates an error.
    public init(instancePath: String, schemaPath: String, schemaLocation: String, message: String) {
        self.instancePath = instancePath
        self.schemaPath = schemaPath
        self.schemaLocation = schemaLocation
        self.message = message
    }

    /// `instancePath: message (schemaPath)`.
    public var description: String { "\(instancePath): \(message) (\(schemaPath))" }
}
