import ArgumentParser
import Foundation
import SchemaRegistryCore

/// `schema-registry copy-storage`: moves a registry's whole contents between storages (SQLite
/// to PostgreSQL when going to several nodes, and back), keeping every id, version, deletion
/// mark, config, mode and association.
struct CopyStorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-storage",
        abstract: "Copy everything from one storage to another, ids and versions kept.",
        discussion: """
            Storage URLs as for serve: sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB, memory:. The \
            destination must be empty; stop the servers writing to the source first. A progress line \
            counts the versions copied.
            """
    )

    @Option(help: "The storage to copy from.")
    var from: String

    @Option(help: "The storage to copy to (must be empty).")
    var to: String

    @Option(help: "Versions per transaction.")
    var batchSize = 1000

    func validate() throws {
        _ = try StorageURL(from)
        _ = try StorageURL(to)
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let source = try await StorageURL(from).makeStore()
        let destination: any RegistryStore
        do {
            destination = try await StorageURL(to).makeStore()
        } catch {
            await source.close()
            throw error
        }
        do {
            try await copy(from: source, to: destination)
        } catch {
            await source.close()
            await destination.close()
            throw error
        }
        await source.close()
        await destination.close()
    }

    private func copy(from source: any RegistryStore, to destination: any RegistryStore) async throws {
        let contents = try await source.load()
        let existing = try await destination.load()
        guard existing.schemas.isEmpty, existing.versions.isEmpty, existing.configs.isEmpty, existing.modes.isEmpty,
            existing.associations.isEmpty
        else {
            throw ValidationError("\(try StorageURL(to)) is not empty: copy-storage only fills an empty storage")
        }
        let copied = try await Self.copy(contents, to: destination, batchSize: batchSize) { done, total in
            FileHandle.standardError.write(Data("\rcopy-storage: \(done)/\(total) versions".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("copied \(copied.schemas) schemas, \(copied.versions) versions, \(copied.settings) configs, modes and associations")
    }

    /// Writes `contents` into an empty store: versions (with the schemas they use) in batches,
    /// then configs, modes and associations together. Returns what was written.
    static func copy(
        _ contents: RegistryStoreContents, to store: any RegistryStore, batchSize: Int, progress: (Int, Int) -> Void
    ) async throws -> (schemas: Int, versions: Int, settings: Int) {
        let versions = contents.versions.sorted { ($0.subject.description, $0.version) < ($1.subject.description, $1.version) }
        var schemasByKey: [String: StoredSchema] = [:]
        for schema in contents.schemas { schemasByKey["\(schema.context)/\(schema.id)"] = schema }
        var written: Set<String> = []
        var done = 0
        progress(0, versions.count)
        while done < versions.count {
            let chunk = versions[done..<min(versions.count, done + batchSize)]
            var schemas: [StoredSchema] = []
            for v in chunk {
                let key = "\(v.subject.context)/\(v.schemaId)"
                if written.insert(key).inserted, let schema = schemasByKey[key] { schemas.append(schema) }
            }
            _ = try await store.perform(.restore(schemas: schemas, versions: Array(chunk), nextIds: [:]))
            done += chunk.count
            progress(done, versions.count)
        }
        // Schemas no version uses (none, normally) and the id sequences.
        let unused = contents.schemas.filter { !written.contains("\($0.context)/\($0.id)") }
        _ = try await store.perform(.restore(schemas: unused, versions: [], nextIds: contents.nextIds))
        var settings: [RegistryWrite] = contents.configs.keys.sorted().map { .setConfig(scope: $0, config: contents.configs[$0]) }
        settings += contents.modes.keys.sorted().map { .setMode(scope: $0, mode: contents.modes[$0]) }
        settings += contents.associations.map { .setAssociation(key: $0.key, association: $0) }
        if !settings.isEmpty { _ = try await store.perform(.batch(settings)) }
        return (contents.schemas.count, versions.count, settings.count)
    }
}
