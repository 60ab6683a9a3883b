/// The one thing a schema format must provide for compatibility levels to work: can a reader
/// schema read data written with a writer schema, and if not, why.
///
/// Confluent builds all seven levels from this single primitive (BACKWARD asks it with
/// reader = new, FORWARD with reader = old, FULL both ways), so Avro, JSON Schema and Protobuf
/// each implement only this and share `CompatibilityChecker`.
public protocol SchemaCompatibilityRule: Sendable {
    /// The parsed schema the rule works on.
    associatedtype Schema: Sendable

    /// Every reason why `reader` cannot read data written with `writer`; empty when it can.
    ///
    /// `roles` names the two schemas in the issues' wording ("new"/"old"), because the same
    /// call serves BACKWARD (new reads old) and FORWARD (old reads new). A rule that cannot
    /// complete the check returns an issue saying so rather than throwing, as Confluent does.
    func issues(reader: Schema, writer: Schema, roles: CompatibilityRoles) -> [CompatibilityIssue]
}

/// The words that name the reader and the writer schema in compatibility messages.
///
/// Confluent fills its message templates with these, so they are part of the wire format.
public struct CompatibilityRoles: Hashable, Sendable {
    /// How the reading schema is called ("new" for BACKWARD).
    public var reader: String
    /// How the writing schema is called ("old" for BACKWARD).
    public var writer: String

    /// Creates role words.
    public init(reader: String, writer: String) {
        self.reader = reader
        self.writer = writer
    }

    /// BACKWARD: the new schema reads data written with the old one.
    public static let newReadsOld = CompatibilityRoles(reader: "new", writer: "old")
    /// FORWARD: the old schema reads data written with the new one.
    public static let oldReadsNew = CompatibilityRoles(reader: "old", writer: "new")
}
