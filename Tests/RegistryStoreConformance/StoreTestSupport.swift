import JSONModel
import SchemaRegistryCore

/// Contents in a canonical order, so two stores' contents compare with `==`.
public struct NormalizedContents: Equatable, CustomStringConvertible {
    public var schemas: [StoredSchema]
    public var versions: [StoredVersion]
    public var configs: [QualifiedSubject: RegistryConfig]
    public var modes: [QualifiedSubject: RegistryMode]
    public var nextIds: [String: Int]
    public var associations: [Association]

    /// Sorts `contents`.
    public init(_ contents: RegistryStoreContents) {
        schemas = contents.schemas.sorted { ($0.context, $0.id) < ($1.context, $1.id) }
        versions = contents.versions.sorted { ($0.subject.description, $0.version) < ($1.subject.description, $1.version) }
        configs = contents.configs
        modes = contents.modes
        nextIds = contents.nextIds
        associations = contents.associations.sorted { $0.key < $1.key }
    }

    public var description: String {
        "schemas: \(schemas.map { "\($0.context)/\($0.id)" }), versions: "
            + "\(versions.map { "\($0.subject)@\($0.version)=\($0.schemaId)\($0.deleted ? "(deleted)" : "")" }), "
            + "configs: \(configs.keys.sorted()), modes: \(modes), nextIds: \(nextIds)"
    }
}

/// Builders for writes, to keep scenarios short.
public enum Write {
    public static func schema(_ text: String, id: Int = 0, context: String = ".", references: [SchemaReference] = [],
                       metadata: JSONValue? = nil) -> StoredSchema {
        StoredSchema(context: context, id: id, schemaType: .avro, text: text, references: references, metadata: metadata, ruleSet: nil)
    }

    public static func subject(_ text: String) -> QualifiedSubject { QualifiedSubject(parsing: text) }

    public static func register(_ text: String, under subject: String, id: Int? = nil, version: Int? = nil,
                         references: [SchemaReference] = [], metadata: JSONValue? = nil,
                         permanentlyRemove: [Int] = [], timestamp: Int64 = 1_700_000_000_000) -> RegistryWrite {
        let s = Write.subject(subject)
        return .register(
            schema: schema(text, id: id ?? 0, context: s.context, references: references, metadata: metadata),
            useGivenId: id != nil, subject: s, version: version, timestamp: timestamp, permanentlyRemove: permanentlyRemove)
    }
}

extension RegistryStore {
    /// Performs a registration and returns (id, version).
    public func registered(_ write: RegistryWrite) async throws -> (id: Int, version: Int) {
        guard case .registered(let id, let version) = try await perform(write) else {
            throw RegistryError.storeFailure("not a registration outcome")
        }
        return (id, version)
    }

    public func normalized() async throws -> NormalizedContents { NormalizedContents(try await load()) }

    /// Permanently deletes versions as the registry does: the writes it decides from the
    /// store's current state (`RegistryState.permanentRemoval`), performed in one transaction.
    @discardableResult
    public func permanentlyDelete(_ subject: QualifiedSubject, versions: [Int]) async throws -> RegistryWriteOutcome {
        let writes = try await loadState().permanentRemoval([subject: versions])
        return try await perform(writes.count == 1 ? writes[0] : .batch(writes))
    }
}
