import Foundation
import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient
import Yams

/// A folder that is the desired state of a registry, reviewed in pull requests: a
/// `registry.yaml` manifest next to the schema files.
///
/// ```yaml
/// compatibility: BACKWARD          # the registry's level (optional)
/// contexts:
///   .tenant-a: {compatibility: FULL}
/// subjects:
///   orders-value:
///     file: orders.avsc            # optional: <subject>.avsc, .json or .proto by default
///     type: AVRO                   # optional: from the extension
///     compatibility: FULL          # optional
///     mode: READWRITE              # optional
///     normalize: true              # optional: register and look up with normalize=true
///     references:
///       - {name: com.example.Address, subject: address-value, version: 1}   # version optional: the latest
///     metadata: {properties: {owner: team-a}}
///     ruleSet: {domainRules: []}
/// ```
///
/// A file `<subject>.avsc` (Avro), `<subject>.json` (JSON Schema) or `<subject>.proto`
/// (Protobuf) at the top of the folder declares its subject by itself.
public struct SchemaFolder: Sendable, Hashable {
    /// The registry-wide compatibility level wanted, if the manifest says.
    public var compatibility: String?
    /// The registry-wide mode wanted, if the manifest says.
    public var mode: String?
    /// The subjects, in the manifest's order then the files' (by name); outside the default
    /// context a subject is named with its context (`:.tenant-a:orders-value`).
    public var subjects: [DeclaredSubject]
    /// Level and mode wanted per context (`.tenant-a`), as for the registry.
    public var contexts: [DeclaredContext]

    /// Creates a folder's contents.
    public init(compatibility: String? = nil, mode: String? = nil, subjects: [DeclaredSubject] = [], contexts: [DeclaredContext] = []) {
        self.compatibility = compatibility
        self.mode = mode
        self.subjects = subjects
        self.contexts = contexts
    }

    /// The manifest's file name.
    public static let manifestName = "registry.yaml"

    /// Reads `directory`; errors name the file and the key.
    public static func load(_ directory: String) throws(MigrationError) -> SchemaFolder {
        let root = URL(fileURLWithPath: directory)
        var folder = SchemaFolder()
        let manifestURL = root.appendingPathComponent(manifestName)
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            folder = try parseManifest(try read(manifestURL), in: root)
        }
        let declared = Set(folder.subjects.map(\.subject))
        let claimed = Set(folder.subjects.map(\.file))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        for name in names where name != manifestName && !claimed.contains(name) {
            guard let type = SchemaType(fileExtension: (name as NSString).pathExtension) else { continue }
            let subject = (name as NSString).deletingPathExtension
            guard !declared.contains(subject) else { continue }
            folder.subjects.append(
                DeclaredSubject(subject: subject, file: name, schemaType: type, schema: try read(root.appendingPathComponent(name))))
        }
        return folder
    }

    static func read(_ url: URL) throws(MigrationError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw .malformedFolder("\(url.path): cannot be read as UTF-8 text")
        }
        return text
    }

    static func parseManifest(_ text: String, in root: URL) throws(MigrationError) -> SchemaFolder {
        let where_ = manifestName
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .malformedFolder("\(where_): not YAML: \(error)")
        }
        guard let top = node?.mapping else {
            if node == nil { return SchemaFolder() }
            throw .malformedFolder("\(where_): expected a mapping (compatibility, mode, subjects)")
        }
        var folder = SchemaFolder()
        for (key, value) in top {
            switch key.string {
            case "compatibility": folder.compatibility = try level(value, at: "\(where_): compatibility")
            case "mode": folder.mode = try modeName(value, at: "\(where_): mode")
            case "contexts":
                guard let contexts = value.mapping else { throw .malformedFolder("\(where_): contexts: expected a mapping of context names") }
                for (name, entry) in contexts {
                    guard var context = name.string, context != "." else {
                        throw .malformedFolder("\(where_): contexts: a context name must be text other than '.'")
                    }
                    if !context.hasPrefix(".") { context = "." + context }
                    var declared = DeclaredContext(name: context)
                    for (key, setting) in entry.mapping ?? Node.Mapping([]) {
                        switch key.string {
                        case "compatibility": declared.compatibility = try level(setting, at: "\(where_): contexts.\(context).compatibility")
                        case "mode": declared.mode = try modeName(setting, at: "\(where_): contexts.\(context).mode")
                        default:
                            throw .malformedFolder("\(where_): contexts.\(context): unknown key '\(key.string ?? "?")' (known: compatibility, mode)")
                        }
                    }
                    folder.contexts.append(declared)
                }
            case "subjects":
                guard let subjects = value.mapping else { throw .malformedFolder("\(where_): subjects: expected a mapping of subject names") }
                for (name, entry) in subjects {
                    guard let subject = name.string else { throw .malformedFolder("\(where_): subjects: a subject name must be text") }
                    folder.subjects.append(try declaredSubject(subject, entry, in: root))
                }
            default:
                throw .malformedFolder("\(where_): unknown key '\(key.string ?? "?")' (known: compatibility, mode, contexts, subjects)")
            }
        }
        return folder
    }

    static func declaredSubject(_ subject: String, _ entry: Node, in root: URL) throws(MigrationError) -> DeclaredSubject {
        let at = "\(manifestName): subjects.\(subject)"
        let fields = entry.mapping ?? Node.Mapping([])
        if entry.mapping == nil, entry.null == nil { throw .malformedFolder("\(at): expected a mapping") }
        var file: String?
        var type: SchemaType?
        var declared = DeclaredSubject(subject: subject, file: "", schemaType: .avro, schema: "")
        for (key, value) in fields {
            let name = key.string ?? "?"
            switch name {
            case "file": file = value.string
            case "type":
                guard let t = value.string.flatMap({ SchemaType(rawValue: $0.uppercased()) }) else {
                    throw .malformedFolder("\(at).type: AVRO, JSON or PROTOBUF")
                }
                type = t
            case "compatibility": declared.compatibility = try level(value, at: "\(at).compatibility")
            case "mode": declared.mode = try modeName(value, at: "\(at).mode")
            case "normalize":
                guard let b = value.bool else { throw .malformedFolder("\(at).normalize: true or false") }
                declared.normalize = b
            case "references":
                guard let items = value.sequence else { throw .malformedFolder("\(at).references: expected a list") }
                for (i, item) in items.enumerated() {
                    guard let r = item.mapping, let refName = r["name"]?.string, let refSubject = r["subject"]?.string else {
                        throw .malformedFolder("\(at).references[\(i)]: expected name and subject (and optionally version)")
                    }
                    var version: Int?
                    if let v = r["version"] {
                        guard let n = v.int, n > 0 else { throw .malformedFolder("\(at).references[\(i)].version: a version number") }
                        version = n
                    }
                    declared.references.append(DeclaredReference(name: refName, subject: refSubject, version: version))
                }
            case "metadata": declared.metadata = json(value)
            case "ruleSet": declared.ruleSet = json(value)
            default:
                throw .malformedFolder(
                    "\(at): unknown key '\(name)' (known: file, type, compatibility, mode, normalize, references, metadata, ruleSet)")
            }
        }
        if file == nil {
            let candidates = ["avsc", "json", "proto"].map { subject + "." + $0 }
            file = candidates.first { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
            guard file != nil else { throw .malformedFolder("\(at): no file: and none of \(candidates.joined(separator: ", ")) exists") }
        }
        declared.file = file!
        guard let resolvedType = type ?? SchemaType(fileExtension: (declared.file as NSString).pathExtension) else {
            throw .malformedFolder("\(at): type: is needed for \(declared.file)")
        }
        declared.schemaType = resolvedType
        declared.schema = try read(root.appendingPathComponent(declared.file))
        return declared
    }

    static func level(_ node: Node, at: String) throws(MigrationError) -> String {
        guard let text = node.string?.uppercased(), CompatibilityLevel(rawValue: text) != nil else {
            throw .malformedFolder("\(at): one of " + CompatibilityLevel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return text
    }

    static func modeName(_ node: Node, at: String) throws(MigrationError) -> String {
        guard let text = node.string?.uppercased(), RegistryMode(rawValue: text) != nil else {
            throw .malformedFolder("\(at): one of " + RegistryMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return text
    }

    /// A YAML value as JSON (mappings keep their order; plain scalars become numbers, booleans
    /// or null where YAML's core schema reads them so).
    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping { object[key.string ?? ""] = json(value) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .integer(Int64(i)) }
                if let d = node.float { return .double(d) }
            }
            return .string(scalar.string)
        case .alias:
            return .null
        }
    }
}

/// A context's level and mode as the folder wants them.
public struct DeclaredContext: Sendable, Hashable {
    /// The context's name (`.tenant-a`).
    public var name: String
    public var compatibility: String?
    public var mode: String?

    /// Creates a declaration.
    public init(name: String, compatibility: String? = nil, mode: String? = nil) {
        self.name = name
        self.compatibility = compatibility
        self.mode = mode
    }

    /// The scope the config and mode endpoints take for it (`:.tenant-a:`).
    public var scope: String { ":" + name + ":" }
}

/// One subject the folder wants: its schema and settings.
public struct DeclaredSubject: Sendable, Hashable {
    public var subject: String
    /// The schema file, relative to the folder.
    public var file: String
    public var schemaType: SchemaType
    /// The file's text.
    public var schema: String
    public var references: [DeclaredReference] = []
    public var compatibility: String?
    public var mode: String?
    public var normalize = false
    public var metadata: JSONValue?
    public var ruleSet: JSONValue?

    /// Creates a declaration.
    public init(subject: String, file: String, schemaType: SchemaType, schema: String) {
        self.subject = subject
        self.file = file
        self.schemaType = schemaType
        self.schema = schema
    }
}

/// A reference as declared; without a version it means the referenced subject's latest
/// version once the plan is applied.
public struct DeclaredReference: Sendable, Hashable {
    public var name: String
    public var subject: String
    public var version: Int?

    /// Creates a reference.
    public init(name: String, subject: String, version: Int? = nil) {
        self.name = name
        self.subject = subject
        self.version = version
    }
}

extension SchemaType {
    /// The type a schema file's extension says: `.avsc` Avro, `.json` JSON Schema, `.proto` Protobuf.
    init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "avsc": self = .avro
        case "json": self = .json
        case "proto": self = .protobuf
        default: return nil
        }
    }

    /// The extension `dump` writes for the type.
    var fileExtension: String {
        switch self {
        case .avro: "avsc"
        case .json: "json"
        case .protobuf: "proto"
        }
    }
}
