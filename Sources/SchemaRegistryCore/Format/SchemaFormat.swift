import JSONModel

/// What the registry needs from a schema format: parse text into a schema it can render and
/// compare. Avro, JSON Schema and Protobuf each provide one, so the registry's rules are
/// written once for all of them.
public protocol SchemaFormat: Sendable {
    /// The `schemaType` this format serves.
    var schemaType: SchemaType { get }

    /// Parses `text`, with `references` (the referenced schemas, dependencies first) known.
    ///
    /// - Throws: a message saying what is wrong and where, used in Confluent's
    ///   `Invalid schema of type X, details: ...` error.
    func parse(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema

    /// Parses a schema that is being registered or checked while `validateNewSchemas` is on,
    /// holding it to the rules Confluent applies to new schemas only (Avro: the ASCII naming
    /// rule for names and namespaces, defaults that fit their fields). Stored schemas, IMPORT
    /// registrations and lookups go through `parse`, so what was once accepted still parses.
    func parseNew(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema

    /// Whether `parseNew` holds schemas to rules `parse` does not. When it does not, the
    /// registry reuses a request's parse for the new-schema check instead of parsing it again.
    var hasRulesForNewSchemas: Bool { get }
}

extension SchemaFormat {
    /// No stricter rules for new schemas.
    public func parseNew(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        try parse(text, references: references)
    }

    /// No stricter rules for new schemas.
    public var hasRulesForNewSchemas: Bool { false }
}

/// A referenced schema, resolved to its stored text, as a format parser needs it.
public struct ResolvedReference: Hashable, Sendable {
    /// The name the referring schema uses for it.
    public var name: String
    /// The referenced schema's stored text.
    public var schemaText: String
    /// The referenced schema's format.
    public var schemaType: SchemaType

    /// Creates a resolved reference.
    public init(name: String, schemaText: String, schemaType: SchemaType) {
        self.name = name
        self.schemaText = schemaText
        self.schemaType = schemaType
    }
}

/// Why a text is not a valid schema of a format.
public struct SchemaParseFailure: Error, Hashable, Sendable {
    /// The reason, with the path of the problem where the format knows it.
    public var message: String

    /// Creates a failure.
    public init(_ message: String) { self.message = message }
}

/// A schema a format has parsed: it renders the registry's stored text and checks
/// compatibility against another schema of any format.
public protocol ParsedSchema: Sendable {
    /// The format.
    var schemaType: SchemaType { get }
    /// The text the registry stores and returns (Confluent's `canonicalString()`).
    var canonicalText: String { get }
    /// The schema rewritten for `normalize=true`.
    func normalized() -> any ParsedSchema
    /// The text in an output `format` a client asked for (`?format=`), or `nil` for a format
    /// this schema type does not have, which Confluent answers with the stored text.
    func formattedText(_ format: String) -> String?
    /// Whether the top level declares a field (or property) `name`: what a `confluent:reserved`
    /// field may not be under `validateFields`.
    func hasTopLevelField(_ name: String) -> Bool
    /// The records and fields carrying inline tags (`confluent:tags`), in schema order, for
    /// `?findTags=`.
    var taggedEntities: [TaggedEntity] { get }
    /// The schema's text with `edits` applied to the inline tags of its records and fields
    /// (`schemaTagsToAdd`/`schemaTagsToRemove`); the registry parses the result again.
    func retaggedText(_ edits: SchemaTagEdits) throws(SchemaParseFailure) -> String
    /// Why `self`, reading, cannot read data written with `writer`; empty when it can.
    /// `writer` is of the same format (the registry checks types first). `policy` is the
    /// config's `compatibilityPolicy` (only JSON Schema distinguishes STRICT and LENIENT).
    func compatibilityIssues(
        readingDataWrittenWith writer: any ParsedSchema, roles: CompatibilityRoles, policy: CompatibilityPolicy
    ) -> [CompatibilityIssue]
}

extension ParsedSchema {
    /// No output formats besides the stored text.
    public func formattedText(_ format: String) -> String? { nil }
    /// No fields.
    public func hasTopLevelField(_ name: String) -> Bool { false }
    /// No tagged entities.
    public var taggedEntities: [TaggedEntity] { [] }
    /// No taggable entities: every edit names a path that is not there.
    public func retaggedText(_ edits: SchemaTagEdits) throws(SchemaParseFailure) -> String {
        guard let first = edits.entities.first else { return canonicalText }
        throw SchemaTagEdits.noMatchingPath(first.path)
    }
}

/// A part of a schema that carries inline tags: Confluent's `SchemaEntity` with its tags.
public struct TaggedEntity: Hashable, Sendable {
    /// What kind of part it is (Confluent's `entityType`).
    public enum Kind: String, Hashable, Sendable {
        case record = "sr_record"
        case field = "sr_field"
    }

    /// Confluent's entity path: in Avro a record's full name, plus a dot and the field for a
    /// field; in JSON Schema the everit-model path (`object.email`, `anyof.1.object`).
    public var path: String
    public var kind: Kind
    /// The tags, de-duplicated, in the order written.
    public var tags: [String]

    /// Creates a tagged entity.
    public init(path: String, kind: Kind, tags: [String]) {
        self.path = path
        self.kind = kind
        self.tags = tags
    }

    /// The inline tags of a schema object: its `confluent:tags` list as Java's `toString()`
    /// writes each element, without duplicates, in the order written.
    public static func inlineTags(of properties: JSONObject) -> [String] {
        guard case .array(let items)? = properties["confluent:tags"] else { return [] }
        var seen: Set<String> = []
        return items.map { $0.stringValue ?? JSONWriter.string($0) }.filter { seen.insert($0).inserted }
    }
}

/// Compatibility over parsed schemas of any format, for `CompatibilityChecker`.
///
/// Confluent treats a change of `schemaType` as incompatible with a single fixed message; every
/// other pair is the format's business.
public struct AnySchemaCompatibilityRule: SchemaCompatibilityRule {
    /// The config's `compatibilityPolicy`.
    public var policy: CompatibilityPolicy

    /// Creates the rule.
    public init(policy: CompatibilityPolicy = .strict) { self.policy = policy }

    public func issues(reader: any ParsedSchema, writer: any ParsedSchema, roles: CompatibilityRoles) -> [CompatibilityIssue] {
        guard reader.schemaType == writer.schemaType else {
            let message = "Incompatible because of different schema type"
            return [CompatibilityIssue(kind: "SCHEMA_TYPE_MISMATCH", location: nil, description: message, message: message)]
        }
        return reader.compatibilityIssues(readingDataWrittenWith: writer, roles: roles, policy: policy)
    }
}

/// Confluent's `compatibilityPolicy` config: how strictly a format judges changes. STRICT is
/// the default; LENIENT relaxes JSON Schema's content-model rules; LOGICAL (newest Confluent)
/// is treated as STRICT here.
public enum CompatibilityPolicy: String, Hashable, Sendable, CaseIterable {
    case strict = "STRICT"
    case lenient = "LENIENT"
    case logical = "LOGICAL"

    /// The policy a config names, STRICT when unset or unknown.
    public init(configValue: String?) {
        self = configValue.flatMap { CompatibilityPolicy(rawValue: $0.uppercased()) } ?? .strict
    }
}
