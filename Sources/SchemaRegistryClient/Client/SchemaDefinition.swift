import JSONModel
import SchemaRegistryAPI

/// A schema as a client sends it: text, format, references and the optional data-contract parts.
///
/// It is the body of register, lookup and compatibility requests, and the key of the client's
/// id caches, so two definitions are equal exactly when the registry would see the same request.
public struct SchemaDefinition: Hashable, Sendable {
    /// The schema text (Avro or JSON Schema JSON, Protobuf source).
    public var schema: String
    /// The format; Confluent's default is Avro.
    public var schemaType: SchemaType
    /// Named dependencies on versions of other subjects.
    public var references: [SchemaReference]
    /// Data-contract metadata (`{"properties":..,"tags":..,"sensitive":..}`), kept as JSON
    /// because registries add fields to it over time.
    public var metadata: JSONValue?
    /// Data-contract rules, kept as JSON for the same reason.
    public var ruleSet: JSONValue?

    /// Creates a definition.
    public init(
        schema: String, schemaType: SchemaType = .avro, references: [SchemaReference] = [],
        metadata: JSONValue? = nil, ruleSet: JSONValue? = nil
    ) {
        self.schema = schema
        self.schemaType = schemaType
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
    }

    /// The request body Confluent's API expects (`schemaType` and `references` always sent, as
    /// Confluent's Python client does, so every registry sees the same shape).
    func requestBody(id: Int? = nil, version: Int? = nil) -> JSONValue {
        RegisterSchemaRequest(
            schema: schema, schemaType: schemaType.rawValue, references: references, metadata: metadata, ruleSet: ruleSet, id: id,
            version: version
        ).json
    }
}

/// A schema as the registry returns it: by id, as a subject version, or from a lookup.
///
/// Fields a given endpoint or registry does not send are `nil` (`subject` and `version` when
/// fetching by id; `guid` before Confluent 8), so the same type serves every endpoint.
public struct RegisteredSchema: Hashable, Sendable {
    /// The subject, when the answer is about a subject version.
    public var subject: String?
    /// The version within `subject`.
    public var version: Int?
    /// The global id, the number in the wire format.
    public var id: Int?
    /// The content-derived identifier of Confluent 8.
    public var guid: String?
    /// The definition: text as the registry stores it, format, references, metadata, rules.
    public var definition: SchemaDefinition
    /// Whether this version is soft-deleted (only reported when asked for deleted versions).
    public var deleted: Bool
    /// Registration time in milliseconds, when the registry reports it.
    public var timestamp: Int64?
    /// The highest id of the context, when asked for with `fetchMaxId`.
    public var maxId: Int?

    /// The schema text.
    public var schema: String { definition.schema }
    /// The schema format.
    public var schemaType: SchemaType { definition.schemaType }
    /// The references.
    public var references: [SchemaReference] { definition.references }

    /// Creates a registered schema.
    public init(
        subject: String? = nil, version: Int? = nil, id: Int? = nil, guid: String? = nil, definition: SchemaDefinition,
        deleted: Bool = false, timestamp: Int64? = nil, maxId: Int? = nil
    ) {
        self.subject = subject
        self.version = version
        self.id = id
        self.guid = guid
        self.definition = definition
        self.deleted = deleted
        self.timestamp = timestamp
        self.maxId = maxId
    }
}

/// One subject and version that use a schema id.
public struct SubjectVersion: Hashable, Sendable {
    /// The subject.
    public var subject: String
    /// The version within it.
    public var version: Int

    /// Creates a pair.
    public init(subject: String, version: Int) {
        self.subject = subject
        self.version = version
    }
}

/// The answer of a compatibility test.
public struct CompatibilityReport: Hashable, Sendable {
    /// Whether the schema may be registered.
    public var isCompatible: Bool
    /// Why not, when asked for with `verbose` (empty otherwise).
    public var messages: [String]

    /// Creates a report.
    public init(isCompatible: Bool, messages: [String] = []) {
        self.isCompatible = isCompatible
        self.messages = messages
    }
}

/// Subject-level or global settings, as `GET /config` returns them.
///
/// The well-known fields are typed; everything else the registry sends (data-contract defaults,
/// `alias`, future fields) stays in `json` so that a read-modify-write keeps it.
public struct RegistryConfigSettings: Hashable, Sendable {
    /// The compatibility level, when set (or defaulted by the registry).
    public var compatibilityLevel: CompatibilityLevel?
    /// Whether schemas are normalised before registration and lookup.
    public var normalize: Bool?
    /// The metadata property that splits compatibility checks into groups.
    public var compatibilityGroup: String?
    /// The whole object as sent or received, including the fields above.
    public var json: JSONObject

    /// Creates settings; fields given here override the same keys of `json`.
    public init(
        compatibilityLevel: CompatibilityLevel? = nil, normalize: Bool? = nil, compatibilityGroup: String? = nil,
        json: JSONObject = [:]
    ) {
        self.compatibilityLevel = compatibilityLevel
        self.normalize = normalize
        self.compatibilityGroup = compatibilityGroup
        self.json = json
    }
}
