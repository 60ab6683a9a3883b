import JSONModel

/// The settings that can be configured globally, per context and per subject.
///
/// Every field is optional because a level only overrides what it sets: the effective value
/// for a subject is the subject's, else the context's, else the global one, else the server
/// default. Metadata and rule sets are kept as JSON: the registry validates and merges them
/// but never interprets their contents.
public struct RegistryConfig: Hashable, Sendable {
    public var compatibilityLevel: CompatibilityLevel?
    public var normalize: Bool?
    public var validateFields: Bool?
    /// Confluent's `validateNewSchemas`: new schemas are held to the format's stricter rules.
    public var validateNewSchemas: Bool?
    public var validateRules: Bool?
    public var compatibilityPolicy: String?
    public var compatibilityGroup: String?
    public var alias: String?
    public var defaultMetadata: JSONValue?
    public var overrideMetadata: JSONValue?
    public var defaultRuleSet: JSONValue?
    public var overrideRuleSet: JSONValue?

    /// Creates a configuration.
    public init(
        compatibilityLevel: CompatibilityLevel? = nil, normalize: Bool? = nil, validateFields: Bool? = nil,
        validateRules: Bool? = nil, compatibilityPolicy: String? = nil, compatibilityGroup: String? = nil,
        alias: String? = nil, defaultMetadata: JSONValue? = nil, overrideMetadata: JSONValue? = nil,
        defaultRuleSet: JSONValue? = nil, overrideRuleSet: JSONValue? = nil, validateNewSchemas: Bool? = nil
    ) {
        self.validateNewSchemas = validateNewSchemas
        self.compatibilityLevel = compatibilityLevel
        self.normalize = normalize
        self.validateFields = validateFields
        self.validateRules = validateRules
        self.compatibilityPolicy = compatibilityPolicy
        self.compatibilityGroup = compatibilityGroup
        self.alias = alias
        self.defaultMetadata = defaultMetadata
        self.overrideMetadata = overrideMetadata
        self.defaultRuleSet = defaultRuleSet
        self.overrideRuleSet = overrideRuleSet
    }

    /// Whether nothing is set.
    public var isEmpty: Bool { self == RegistryConfig() }

    /// `self` with every unset field taken from `fallback`.
    public func merged(over fallback: RegistryConfig) -> RegistryConfig {
        RegistryConfig(
            compatibilityLevel: compatibilityLevel ?? fallback.compatibilityLevel,
            normalize: normalize ?? fallback.normalize,
            validateFields: validateFields ?? fallback.validateFields,
            validateRules: validateRules ?? fallback.validateRules,
            compatibilityPolicy: compatibilityPolicy ?? fallback.compatibilityPolicy,
            compatibilityGroup: compatibilityGroup ?? fallback.compatibilityGroup,
            alias: alias ?? fallback.alias,
            defaultMetadata: defaultMetadata ?? fallback.defaultMetadata,
            overrideMetadata: overrideMetadata ?? fallback.overrideMetadata,
            defaultRuleSet: defaultRuleSet ?? fallback.defaultRuleSet,
            overrideRuleSet: overrideRuleSet ?? fallback.overrideRuleSet,
            validateNewSchemas: validateNewSchemas ?? fallback.validateNewSchemas)
    }

    /// The config as a JSON object, with the level under `levelKey` (`compatibilityLevel` in
    /// GET responses, `compatibility` in PUT requests and responses, as Confluent does).
    public func json(levelKey: String) -> JSONObject {
        var o = JSONObject()
        if let alias { o.appendUnchecked("alias", .string(alias)) }
        if let normalize { o.appendUnchecked("normalize", .bool(normalize)) }
        if let validateFields { o.appendUnchecked("validateFields", .bool(validateFields)) }
        if let validateNewSchemas { o.appendUnchecked("validateNewSchemas", .bool(validateNewSchemas)) }
        if let validateRules { o.appendUnchecked("validateRules", .bool(validateRules)) }
        if let compatibilityLevel { o.appendUnchecked(levelKey, .string(compatibilityLevel.rawValue)) }
        if let compatibilityPolicy { o.appendUnchecked("compatibilityPolicy", .string(compatibilityPolicy)) }
        if let compatibilityGroup { o.appendUnchecked("compatibilityGroup", .string(compatibilityGroup)) }
        if let defaultMetadata { o.appendUnchecked("defaultMetadata", defaultMetadata) }
        if let overrideMetadata { o.appendUnchecked("overrideMetadata", overrideMetadata) }
        if let defaultRuleSet { o.appendUnchecked("defaultRuleSet", defaultRuleSet) }
        if let overrideRuleSet { o.appendUnchecked("overrideRuleSet", overrideRuleSet) }
        return o
    }

    /// Reads a stored config (the `json(levelKey: "compatibilityLevel")` form).
    public init(storedJSON o: JSONObject) {
        self.init(
            compatibilityLevel: o["compatibilityLevel"]?.stringValue.flatMap { CompatibilityLevel(name: $0) },
            normalize: o["normalize"].flatMap { if case .bool(let b) = $0 { b } else { nil } },
            validateFields: o["validateFields"].flatMap { if case .bool(let b) = $0 { b } else { nil } },
            validateRules: o["validateRules"].flatMap { if case .bool(let b) = $0 { b } else { nil } },
            compatibilityPolicy: o["compatibilityPolicy"]?.stringValue,
            compatibilityGroup: o["compatibilityGroup"]?.stringValue,
            alias: o["alias"]?.stringValue,
            defaultMetadata: o["defaultMetadata"], overrideMetadata: o["overrideMetadata"],
            defaultRuleSet: o["defaultRuleSet"], overrideRuleSet: o["overrideRuleSet"],
            validateNewSchemas: o["validateNewSchemas"].flatMap { if case .bool(let b) = $0 { b } else { nil } })
    }
}
