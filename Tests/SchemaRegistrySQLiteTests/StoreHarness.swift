import Foundation
import JSONModel
import SchemaRegistryCore
import SchemaRegistrySQLite
import Testing

/// The stores the conformance suite runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite

    var testDescription: String { rawValue }
}

/// A store under test, and how to get a fresh instance over the same data ("reopen").
final class StoreHarness: Sendable {
    let kind: StoreKind
    let directory: URL
    let store: any RegistryStore

    init(_ kind: StoreKind) throws {
        self.kind = kind
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-store-tests-\(UUID().uuidString)")
        switch kind {
        case .memory: store = MemoryRegistryStore()
        case .sqlite: store = try SQLiteRegistryStore(path: directory.appendingPathComponent("registry.db").path)
        }
    }

    var path: String { directory.appendingPathComponent("registry.db").path }

    /// Closes this instance and opens another over the same data.
    func reopen() async throws -> any RegistryStore {
        switch kind {
        case .memory:
            return MemoryRegistryStore(contents: try await store.load())
        case .sqlite:
            await store.close()
            return try SQLiteRegistryStore(path: path)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Contents in a canonical order, so two stores' contents compare with `==`.
struct NormalizedContents: Equatable, CustomStringConvertible {
    var schemas: [StoredSchema]
    var versions: [StoredVersion]
    var configs: [QualifiedSubject: RegistryConfig]
    var modes: [QualifiedSubject: RegistryMode]
    var nextIds: [String: Int]

    init(_ contents: RegistryStoreContents) {
        schemas = contents.schemas.sorted { ($0.context, $0.id) < ($1.context, $1.id) }
        versions = contents.versions.sorted { ($0.subject.description, $0.version) < ($1.subject.description, $1.version) }
        configs = contents.configs
        modes = contents.modes
        nextIds = contents.nextIds
    }

    var description: String {
        "schemas: \(schemas.map { "\($0.context)/\($0.id)" }), versions: "
            + "\(versions.map { "\($0.subject)@\($0.version)=\($0.schemaId)\($0.deleted ? "(deleted)" : "")" }), "
            + "configs: \(configs.keys.sorted()), modes: \(modes), nextIds: \(nextIds)"
    }
}

/// Builders for writes, to keep scenarios short.
enum Write {
    static func schema(_ text: String, id: Int = 0, context: String = ".", references: [SchemaReference] = [],
                       metadata: JSONValue? = nil) -> StoredSchema {
        StoredSchema(context: context, id: id, schemaType: .avro, text: text, references: references, metadata: metadata, ruleSet: nil)
    }

    static func subject(_ text: String) -> QualifiedSubject { QualifiedSubject(parsing: text) }

    static func register(_ text: String, under subject: String, id: Int? = nil, version: Int? = nil,
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
    func registered(_ write: RegistryWrite) async throws -> (id: Int, version: Int) {
        guard case .registered(let id, let version) = try await perform(write) else {
            throw RegistryError.storeFailure("not a registration outcome")
        }
        return (id, version)
    }

    func normalized() async throws -> NormalizedContents { NormalizedContents(try await load()) }

    /// Permanently deletes versions as the registry does: the writes it decides from the
    /// store's current state (`RegistryState.permanentRemoval`), performed in one transaction.
    @discardableResult
    func permanentlyDelete(_ subject: QualifiedSubject, versions: [Int]) async throws -> RegistryWriteOutcome {
        let writes = try await loadState().permanentRemoval([subject: versions])
        return try await perform(writes.count == 1 ? writes[0] : .batch(writes))
    }
}
