/// A named dependency of a schema on a version of another subject.
///
/// `name` is what the referring schema uses (an Avro full name, a Protobuf import path, a
/// JSON Schema `$ref` URL); the reference resolves by subject and version, never by id.
public struct SchemaReference: Hashable, Sendable, Codable, Comparable {
    public var name: String
    public var subject: String
    public var version: Int

    /// Creates a reference.
    public init(name: String, subject: String, version: Int) {
        self.name = name
        self.subject = subject
        self.version = version
    }

    public static func < (lhs: SchemaReference, rhs: SchemaReference) -> Bool {
        (lhs.name, lhs.subject, lhs.version) < (rhs.name, rhs.subject, rhs.version)
    }
}
