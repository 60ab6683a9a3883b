import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient

/// Everything a registry holds that clients can see, in a documented, versioned file
/// (`docs/MIGRATION.md`): every version of every subject with its global id, soft-deleted
/// versions marked, references, metadata and rule sets, and the configs and modes of the
/// registry, its contexts and its subjects.
///
/// Ids are the point: a consumer reads the id in each Kafka message, so a registry rebuilt
/// from this file must give every schema the id it had.
public struct RegistryExport: Sendable, Hashable {
    /// The `format` member every export file starts with.
    public static let formatName = "swift-schema-registry-export"
    /// The version of the file format this build writes; it reads this one only.
    public static let formatVersion = 1

    /// The registry the export was read from, for people (never used to connect).
    public var source: String?
    /// When the export was taken (ISO 8601), for people.
    public var exportedAt: String?
    /// The registry-wide config and mode.
    public var global: ScopeSettings
    /// Contexts other than the default one, with their config and mode.
    public var contexts: [ContextSettings]
    /// Subjects in the order they were listed (qualified with `:.ctx:` outside the default context).
    public var subjects: [ExportedSubject]

    /// Creates an export.
    public init(
        source: String? = nil, exportedAt: String? = nil, global: ScopeSettings = ScopeSettings(), contexts: [ContextSettings] = [],
        subjects: [ExportedSubject] = []
    ) {
        self.source = source
        self.exportedAt = exportedAt
        self.global = global
        self.contexts = contexts
        self.subjects = subjects
    }

    /// How many versions the export holds, soft-deleted ones included.
    public var versionCount: Int { subjects.reduce(0) { $0 + $1.versions.count } }
}

/// The config and mode set on one scope (global, a context or a subject), `nil` where the
/// scope has none of its own.
public struct ScopeSettings: Sendable, Hashable {
    /// The config object as `GET /config[/{scope}]` answers it (`compatibilityLevel`, ...).
    public var config: JSONObject?
    /// The mode name (`READWRITE`, `READONLY`, `IMPORT`, `FORWARD`).
    public var mode: String?

    /// Creates settings.
    public init(config: JSONObject? = nil, mode: String? = nil) {
        self.config = config
        self.mode = mode
    }

    /// The config's compatibility level, as the registry named it.
    public var compatibilityLevel: String? { config?["compatibilityLevel"]?.stringValue }
}

/// A context's own settings; `name` is the context without colons (`.tenant-a`).
public struct ContextSettings: Sendable, Hashable {
    public var name: String
    public var settings: ScopeSettings

    /// Creates a context's settings.
    public init(name: String, settings: ScopeSettings) {
        self.name = name
        self.settings = settings
    }

    /// The scope name the config and mode endpoints take for the context (`:.tenant-a:`).
    public var scope: String { ":" + name + ":" }
}

/// One subject: its versions, oldest first, and its own settings.
public struct ExportedSubject: Sendable, Hashable {
    public var subject: String
    public var settings: ScopeSettings
    public var versions: [ExportedVersion]

    /// Creates a subject.
    public init(subject: String, settings: ScopeSettings = ScopeSettings(), versions: [ExportedVersion]) {
        self.subject = subject
        self.settings = settings
        self.versions = versions
    }

    /// The context prefix of the subject (`:.ctx:`), empty in the default context; ids are
    /// unique per context.
    public var contextPrefix: String {
        guard subject.hasPrefix(":."), let end = subject.dropFirst().firstIndex(of: ":") else { return "" }
        return String(subject[...end])
    }
}

/// One version of a subject with the global id of its schema.
public struct ExportedVersion: Sendable, Hashable {
    public var version: Int
    public var id: Int
    public var definition: SchemaDefinition
    /// Soft-deleted in the source: imported, then deleted again.
    public var deleted: Bool

    /// Creates a version.
    public init(version: Int, id: Int, definition: SchemaDefinition, deleted: Bool = false) {
        self.version = version
        self.id = id
        self.definition = definition
        self.deleted = deleted
    }

    /// Whether `held` (a registry's answer) has this version's schema: the same text and type,
    /// the registry's stored text being what an export holds.
    func hasSameSchema(as held: RegisteredSchema) -> Bool {
        held.schema == definition.schema && held.schemaType == definition.schemaType
    }
}

// MARK: The file

extension RegistryExport {
    /// The export as its file's JSON.
    public var json: JSONValue {
        var root: JSONObject = ["format": .string(Self.formatName), "formatVersion": .integer(Int64(Self.formatVersion))]
        if let source { root["source"] = .string(source) }
        if let exportedAt { root["exportedAt"] = .string(exportedAt) }
        root["global"] = global.json
        root["contexts"] = .array(
            contexts.map { context in
                let name: JSONObject = ["name": .string(context.name)]
                return .object(name.merging(context.settings.json.objectValue ?? JSONObject()))
            })
        root["subjects"] = .array(subjects.map(\.json))
        return .object(root)
    }

    /// Reads an export file's JSON; a file of another format or a newer version is refused
    /// rather than half understood.
    public init(json: JSONValue) throws(MigrationError) {
        let root = try Self.object(json, at: "$")
        guard root["format"]?.stringValue == Self.formatName else {
            throw .malformedExport("$.format: not \"\(Self.formatName)\"; is this an export file?")
        }
        guard let version = root["formatVersion"]?.integerValue, version == Self.formatVersion else {
            throw .malformedExport("$.formatVersion: this build reads version \(Self.formatVersion) only")
        }
        source = root["source"]?.stringValue
        exportedAt = root["exportedAt"]?.stringValue
        global = try ScopeSettings(json: root["global"], at: "$.global")
        contexts = []
        for (i, item) in (root["contexts"]?.arrayValue ?? []).enumerated() {
            let path = "$.contexts[\(i)]"
            let object = try Self.object(item, at: path)
            guard let name = object["name"]?.stringValue else { throw .malformedExport("\(path).name: expected a string") }
            contexts.append(ContextSettings(name: name, settings: try ScopeSettings(json: item, at: path)))
        }
        subjects = []
        guard let items = root["subjects"]?.arrayValue else { throw .malformedExport("$.subjects: expected an array") }
        for (i, item) in items.enumerated() { subjects.append(try ExportedSubject(json: item, at: "$.subjects[\(i)]")) }
    }

    static func object(_ value: JSONValue?, at path: String) throws(MigrationError) -> JSONObject {
        guard let object = value?.objectValue else { throw .malformedExport("\(path): expected an object") }
        return object
    }
}

extension ScopeSettings {
    var json: JSONValue {
        .object(["config": config.map(JSONValue.object) ?? .null, "mode": mode.map(JSONValue.string) ?? .null])
    }

    init(json: JSONValue?, at path: String) throws(MigrationError) {
        let object = json?.objectValue ?? [:]
        switch object["config"] {
        case nil, .null?: config = nil
        case .object(let o)?: config = o
        default: throw .malformedExport("\(path).config: expected an object or null")
        }
        mode = object["mode"]?.stringValue
    }
}

extension ExportedSubject {
    var json: JSONValue {
        let name: JSONObject = ["subject": .string(subject)]
        var object = name.merging(settings.json.objectValue ?? JSONObject())
        object["versions"] = .array(versions.map(\.json))
        return .object(object)
    }

    init(json: JSONValue, at path: String) throws(MigrationError) {
        let object = try RegistryExport.object(json, at: path)
        guard let subject = object["subject"]?.stringValue else { throw .malformedExport("\(path).subject: expected a string") }
        self.subject = subject
        settings = try ScopeSettings(json: json, at: path)
        guard let items = object["versions"]?.arrayValue else { throw .malformedExport("\(path).versions: expected an array") }
        versions = []
        for (i, item) in items.enumerated() { versions.append(try ExportedVersion(json: item, at: "\(path).versions[\(i)]")) }
    }
}

extension ExportedVersion {
    var json: JSONValue {
        var object: JSONObject = [
            "version": .integer(Int64(version)), "id": .integer(Int64(id)), "schemaType": .string(definition.schemaType.rawValue),
            "schema": .string(definition.schema),
        ]
        if !definition.references.isEmpty {
            object["references"] = .array(
                definition.references.map {
                    ["name": .string($0.name), "subject": .string($0.subject), "version": .integer(Int64($0.version))]
                })
        }
        if let metadata = definition.metadata { object["metadata"] = metadata }
        if let ruleSet = definition.ruleSet { object["ruleSet"] = ruleSet }
        if deleted { object["deleted"] = .bool(true) }
        return .object(object)
    }

    init(json: JSONValue, at path: String) throws(MigrationError) {
        let object = try RegistryExport.object(json, at: path)
        guard let version = object["version"]?.integerValue, let id = object["id"]?.integerValue else {
            throw .malformedExport("\(path): expected integer \"version\" and \"id\"")
        }
        guard let schema = object["schema"]?.stringValue else { throw .malformedExport("\(path).schema: expected a string") }
        let typeName = object["schemaType"]?.stringValue ?? SchemaType.avro.rawValue
        guard let schemaType = SchemaType(rawValue: typeName) else {
            throw .malformedExport("\(path).schemaType: unknown type \"\(typeName)\"")
        }
        var references: [SchemaReference] = []
        for (i, item) in (object["references"]?.arrayValue ?? []).enumerated() {
            let r = try RegistryExport.object(item, at: "\(path).references[\(i)]")
            guard let name = r["name"]?.stringValue, let subject = r["subject"]?.stringValue, let v = r["version"]?.integerValue else {
                throw .malformedExport("\(path).references[\(i)]: expected name, subject and version")
            }
            references.append(SchemaReference(name: name, subject: subject, version: Int(v)))
        }
        self.version = Int(version)
        self.id = Int(id)
        definition = SchemaDefinition(
            schema: schema, schemaType: schemaType, references: references, metadata: object["metadata"]?.nonNull,
            ruleSet: object["ruleSet"]?.nonNull)
        deleted = object["deleted"] == .bool(true)
    }
}

extension JSONObject {
    /// This object with `other`'s members set over it.
    func merging(_ other: JSONObject) -> JSONObject {
        var out = self
        for member in other { out[member.key] = member.value }
        return out
    }
}
