/// How strictly a schema text is checked while it is parsed.
///
/// Java Avro's parser takes a name validator and a switch for default validation, and
/// Confluent Schema Registry uses both to hold new schemas to a higher standard than the ones
/// it already stores: a new schema must follow the specification's ASCII naming rule and
/// have defaults that fit their fields, while a stored schema (or an IMPORT, or a lookup)
/// must still parse as it was accepted then, invalid default included.
public struct AvroParsingOptions: Hashable, Sendable {
    /// Which characters names may use.
    public enum NameRule: Hashable, Sendable {
        /// The specification's rule: `[A-Za-z_][A-Za-z0-9_]*` (Java Avro's `STRICT_VALIDATOR`).
        case strict
        /// Java's `Character.isLetter`/`isLetterOrDigit` and `_`, so non-ASCII letters pass
        /// (Java Avro's `UTF_VALIDATOR`, its parser's default).
        case unicode
    }

    /// The rule for the simple names of named types, field names and enum symbols.
    public var names: NameRule
    /// Whether each dot-separated part of a namespace must follow `names` too.
    public var checksNamespaces: Bool
    /// Whether field defaults must be valid values of their fields' types.
    public var checksDefaults: Bool

    /// Creates options.
    public init(names: NameRule, checksNamespaces: Bool, checksDefaults: Bool) {
        self.names = names
        self.checksNamespaces = checksNamespaces
        self.checksDefaults = checksDefaults
    }

    /// Java Avro's own default parser: Unicode names and namespaces, defaults checked.
    public static let standard = AvroParsingOptions(names: .unicode, checksNamespaces: true, checksDefaults: true)

    /// A schema being registered in Confluent Schema Registry with `validateNewSchemas` on:
    /// ASCII names and namespaces, defaults checked.
    public static let newSchema = AvroParsingOptions(names: .strict, checksNamespaces: true, checksDefaults: true)

    /// A schema Confluent Schema Registry already holds, imports or looks up: Unicode names,
    /// fields and symbols (its `AvroSchemaUtils.validateNames`), namespaces and defaults as
    /// they are.
    public static let existingSchema = AvroParsingOptions(names: .unicode, checksNamespaces: false, checksDefaults: false)
}
