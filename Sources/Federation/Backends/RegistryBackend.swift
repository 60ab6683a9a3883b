import JSONModel

/// One federated registry, whatever protocol it speaks. The orchestrator only talks to this
/// protocol; each backend says in `capabilities` what it can do, so an answer can say
/// "unsupported" rather than pretend.
///
/// Every call may be slow or fail: the orchestrator bounds each with the registry's timeout
/// and reports a failure beside the other registries' answers.
public protocol RegistryBackend: Sendable {
    /// The configuration's id.
    var id: String { get }
    /// The protocol.
    var kind: RegistryKind { get }
    /// What this backend can do.
    var capabilities: BackendCapabilities { get }
    /// The schema formats it holds, in the API's names.
    var supportedFormats: [SchemaFormatName] { get }

    /// One cheap call that proves the registry answers and accepts the credentials.
    func checkHealth() async throws(FederationError) -> BackendHealthProbe

    /// The subjects whose names start with `prefix` (every one for ""), sorted.
    func subjects(prefix: String) async throws(FederationError) -> [String]

    /// The latest version of `subject`, or `nil` when the registry does not hold it.
    func latestSchema(subject: String) async throws(FederationError) -> FederatedSchema?

    /// Every live version of `subject`, oldest first; empty when the registry does not hold it.
    func history(subject: String) async throws(FederationError) -> [FederatedSchema]

    /// The histories of every subject `filter` selects, for bulk checks. A backend with a
    /// call that reads them all at once overrides the default (one `history` per subject).
    func histories(matching filter: SubjectFilter, concurrency: Int) async throws(FederationError) -> [SubjectHistory]

    /// Whether `schema` could be the next version of `subject` under the subject's mode.
    func checkCompatibility(subject: String, schema: SchemaSubmission) async throws(FederationError) -> CompatibilityVerdict

    /// The mode of `subject` (the subject's own, else the registry's), or the registry's
    /// global mode when `subject` is `nil`.
    func compatibilityMode(subject: String?) async throws(FederationError) -> ModeReading

    /// The modes set on subjects themselves among `subjects` (subjects that follow the
    /// global mode are left out), asking about at most `concurrency` subjects at once.
    func subjectModes(subjects: [String], concurrency: Int) async throws(FederationError) -> [String: ModeReading]

    /// Sets the mode of `subject`, or the global one when `subject` is `nil`.
    func setCompatibilityMode(_ mode: FederatedCompatibilityMode, subject: String?) async throws(FederationError) -> ModeReading
}

extension RegistryBackend {
    /// A subject whose versions cannot be read is reported in its own entry, not for the
    /// whole registry (a throttled call on one subject leaves the others' verdicts standing).
    public func histories(matching filter: SubjectFilter, concurrency: Int) async throws(FederationError) -> [SubjectHistory] {
        let names = try await subjects(prefix: filter.literalPrefix).filter(filter.matches)
        return await BoundedConcurrency.map(names, limit: concurrency) { name in
            do throws(FederationError) {
                return SubjectHistory(subject: name, versions: try await self.history(subject: name))
            } catch {
                return SubjectHistory(subject: name, versions: [], error: error)
            }
        }
    }

    public func subjectModes(subjects: [String], concurrency: Int) async throws(FederationError) -> [String: ModeReading] {
        [:]
    }
}

/// What a backend declares it can do.
public struct BackendCapabilities: Hashable, Sendable {
    /// Subjects can be listed.
    public var canList: Bool
    /// New versions can be registered through the registry's API.
    public var canRegister: Bool
    /// The registry itself answers "would this schema be accepted?" without registering it;
    /// otherwise the federation computes the answer with its own checkers.
    public var hasDryRunCompatibilityCheck: Bool
    /// Subjects keep numbered versions (Unity Catalog tables keep only their current columns).
    public var hasVersionHistory: Bool
    /// Modes can be set per subject.
    public var canSetSubjectMode: Bool
    /// A registry-wide mode exists and can be set.
    public var canSetGlobalMode: Bool
    /// What the registry's schema ids look like; they are opaque strings in every answer.
    public var idKind: IDKind

    /// The kinds of id registries use.
    public enum IDKind: String, Hashable, Sendable {
        case integer
        case uuid
        case tableID = "table_id"
    }

    /// Creates a declaration.
    public init(
        canList: Bool, canRegister: Bool, hasDryRunCompatibilityCheck: Bool, hasVersionHistory: Bool, canSetSubjectMode: Bool, canSetGlobalMode: Bool,
        idKind: IDKind
    ) {
        self.canList = canList
        self.canRegister = canRegister
        self.hasDryRunCompatibilityCheck = hasDryRunCompatibilityCheck
        self.hasVersionHistory = hasVersionHistory
        self.canSetSubjectMode = canSetSubjectMode
        self.canSetGlobalMode = canSetGlobalMode
        self.idKind = idKind
    }
}

/// What a successful health probe saw.
public struct BackendHealthProbe: Hashable, Sendable {
    /// The HTTP status of the probe's answer.
    public var statusCode: Int
    /// A short human-readable summary (`ok`, the server's version).
    public var message: String

    /// Creates a probe result.
    public init(statusCode: Int, message: String) {
        self.statusCode = statusCode
        self.message = message
    }
}

/// The schema formats of the API, by the names requests and answers use.
public enum SchemaFormatName: String, Hashable, Sendable, CaseIterable {
    case avro
    case protobuf
    case jsonSchema = "json_schema"
    /// An Iceberg (or Delta) table's columns.
    case iceberg

    /// Reads a format as users send it: `avro`, `AVRO`, `json`, `JSON`, `json_schema`,
    /// `protobuf`, `PROTOBUF`, `proto`, `iceberg`.
    public init?(name: String) {
        switch name.lowercased().replacingUnderscoresAndDashes() {
        case "avro": self = .avro
        case "protobuf", "proto": self = .protobuf
        case "json", "jsonschema": self = .jsonSchema
        case "iceberg": self = .iceberg
        default: return nil
        }
    }
}

extension String {
    fileprivate func replacingUnderscoresAndDashes() -> String {
        String(filter { $0 != "_" && $0 != "-" })
    }
}

/// One version of a subject, as the API shows it.
public struct FederatedSchema: Hashable, Sendable {
    /// The registry's id for the schema, as text (Confluent's integers, Glue's UUIDs, Unity
    /// Catalog's table ids).
    public var id: String
    /// The subject (a Glue schema name, a table's `catalog.schema.table`).
    public var subject: String
    /// The version number, when the registry numbers versions.
    public var version: Int?
    /// The format of `content`.
    public var format: SchemaFormatName
    /// The schema text.
    public var content: String
    /// Schemas `content` refers to by name, resolved to their text (Confluent references).
    public var references: [NamedSchemaText]
    /// Facts of the backend about it (a table's id, type and location; a Glue version's ARN).
    public var metadata: JSONObject
    /// When it was created, in milliseconds since 1970, when the registry says.
    public var createdAt: Int64?

    /// Creates a version.
    public init(
        id: String, subject: String, version: Int?, format: SchemaFormatName, content: String, references: [NamedSchemaText] = [],
        metadata: JSONObject = [:], createdAt: Int64? = nil
    ) {
        self.id = id
        self.subject = subject
        self.version = version
        self.format = format
        self.content = content
        self.references = references
        self.metadata = metadata
        self.createdAt = createdAt
    }
}

/// A referenced schema: the name the referring schema uses and the referenced text.
public struct NamedSchemaText: Hashable, Sendable {
    /// The import name (a file name for Protobuf, a URL for JSON Schema, a type name for Avro).
    public var name: String
    /// The referenced schema.
    public var content: String
    /// Its format.
    public var format: SchemaFormatName

    /// Creates a reference.
    public init(name: String, content: String, format: SchemaFormatName) {
        self.name = name
        self.content = content
        self.format = format
    }
}

/// A schema sent for a compatibility check.
public struct SchemaSubmission: Hashable, Sendable {
    /// The schema text.
    public var content: String
    /// Its format.
    public var format: SchemaFormatName
    /// The version to check against (Confluent-compatible registries); the latest when `nil`.
    public var version: Int?

    /// Creates a submission.
    public init(content: String, format: SchemaFormatName, version: Int? = nil) {
        self.content = content
        self.format = format
        self.version = version
    }
}

/// One subject's versions for a bulk operation, or why they could not be read.
public struct SubjectHistory: Sendable {
    public var subject: String
    /// Oldest first.
    public var versions: [FederatedSchema]
    /// Set when the versions could not be read (the entry is then an error, not a verdict).
    public var error: FederationError?

    /// Creates an entry.
    public init(subject: String, versions: [FederatedSchema], error: FederationError? = nil) {
        self.subject = subject
        self.versions = versions
        self.error = error
    }
}

/// The answer to "could this schema be the next version?".
public struct CompatibilityVerdict: Hashable, Sendable {
    /// Whether it could.
    public var isCompatible: Bool
    /// Why not (empty when compatible), in the words of whoever computed it.
    public var messages: [String]
    /// The mode the check applied.
    public var level: FederatedCompatibilityMode?
    /// Problems that kept part of the check from running (an unreadable old version).
    public var errors: [String]
    /// `registry` when the registry answered itself, `federation` when our checkers computed it.
    public var computedBy: ComputedBy
    /// The rules applied when they are not a registry's mode (`iceberg table evolution`).
    public var rules: String?

    /// Who computed a verdict.
    public enum ComputedBy: String, Hashable, Sendable {
        case registry
        case federation
    }

    /// Creates a verdict.
    public init(
        isCompatible: Bool, messages: [String], level: FederatedCompatibilityMode?, errors: [String] = [], computedBy: ComputedBy, rules: String? = nil
    ) {
        self.isCompatible = isCompatible
        self.messages = messages
        self.level = level
        self.errors = errors
        self.computedBy = computedBy
        self.rules = rules
    }
}

/// A mode as the registry states it and in the API's vocabulary.
public struct ModeReading: Hashable, Sendable {
    /// The normalised mode; `nil` when the registry has no such notion (Unity Catalog).
    public var mode: FederatedCompatibilityMode?
    /// The registry's own name for it (`BACKWARD_ALL` on Glue).
    public var nativeMode: String?
    /// Whether the subject has its own mode (`false`: it follows the global one).
    public var isSubjectOverride: Bool
    /// Why the mode could not be read (`mode` is then `nil`).
    public var error: FederationError?

    /// Creates a reading.
    public init(mode: FederatedCompatibilityMode?, nativeMode: String?, isSubjectOverride: Bool = false) {
        self.mode = mode
        self.nativeMode = nativeMode
        self.isSubjectOverride = isSubjectOverride
    }

    /// A subject whose mode could not be read.
    public init(failed error: FederationError) {
        self.init(mode: nil, nativeMode: nil, isSubjectOverride: true)
        self.error = error
    }
}
