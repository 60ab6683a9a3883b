/// Server-wide settings of the registry's rules.
public struct RegistryOptions: Sendable {
    /// The level used where no config sets one (Confluent's `schema.compatibility.level`).
    public var defaultCompatibility: CompatibilityLevel
    /// The `error_code` of an incompatible registration: 409, which today's clients and tools
    /// expect, or 40901, which Confluent's newest servers send.
    public var incompatibleSchemaErrorCode: Int
    /// The largest schema text accepted, in bytes (42209 beyond).
    public var maximumSchemaSize: Int
    /// Default and maximum page size of `GET /schemas` and `referencedby`.
    public var schemaSearchLimit: Int
    /// Whether new schemas are validated strictly where no config says otherwise (Confluent's
    /// `schema.validate.new.schemas`, on by default); never shown by `GET /config`.
    public var validateNewSchemas: Bool

    /// Creates options; the defaults are Confluent's.
    public init(
        defaultCompatibility: CompatibilityLevel = .backward, incompatibleSchemaErrorCode: Int = 409,
        maximumSchemaSize: Int = 8 * 1024 * 1024, schemaSearchLimit: Int = 1000, validateNewSchemas: Bool = true
    ) {
        self.validateNewSchemas = validateNewSchemas
        self.defaultCompatibility = defaultCompatibility
        self.incompatibleSchemaErrorCode = incompatibleSchemaErrorCode
        self.maximumSchemaSize = maximumSchemaSize
        self.schemaSearchLimit = schemaSearchLimit
    }
}
