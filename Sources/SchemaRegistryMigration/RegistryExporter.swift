import Foundation
import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient

/// Reads a registry's state into a `RegistryExport` through Confluent's REST API, so it works
/// against any Confluent-compatible registry (Confluent, Karapace, Redpanda, ours).
///
/// Every version is read with `?deleted=true` and its global id; a version is marked deleted
/// when it is missing from the subject's live list. Configs and modes are read per scope, a
/// 404 meaning the scope has none of its own.
public struct RegistryExporter: Sendable {
    /// The registry read from.
    public let client: SchemaRegistryClient
    /// The subjects taken.
    public var selection: SubjectSelection
    /// Whether soft-deleted versions (and subjects) are taken, marked.
    public var includeDeleted: Bool
    /// Requests in flight.
    public var concurrency: Int

    /// Creates an exporter.
    public init(client: SchemaRegistryClient, selection: SubjectSelection = SubjectSelection(), includeDeleted: Bool = false, concurrency: Int = 8) {
        self.client = client
        self.selection = selection
        self.includeDeleted = includeDeleted
        self.concurrency = concurrency
    }

    /// The subjects the export takes, in the registry's order.
    public func subjectNames() async throws(MigrationError) -> [String] {
        do {
            let prefix = selection.listingPrefix
            let names = try await client.subjects(prefix: prefix.isEmpty ? nil : prefix, deleted: includeDeleted)
            return names.filter(selection.contains)
        } catch {
            throw .source(error)
        }
    }

    /// Reads the registry; `progress` is told of each subject read, with its version count.
    public func export(source: String? = nil, progress: @escaping @Sendable (ExportedSubject) -> Void = { _ in }) async throws(MigrationError)
        -> RegistryExport
    {
        let names = try await subjectNames()
        let subjects = try await concurrentMap(names, limit: concurrency) { [self] (name: String) throws(MigrationError) -> ExportedSubject in
            let subject = try await exportSubject(name)
            progress(subject)
            return subject
        }
        return RegistryExport(
            source: source, exportedAt: ISO8601DateFormatter().string(from: Date()), global: try await settings(scope: nil),
            contexts: try await contextSettings(), subjects: subjects.filter { !$0.versions.isEmpty })
    }

    /// One subject, its versions read `concurrency` at a time.
    public func exportSubject(_ name: String) async throws(MigrationError) -> ExportedSubject {
        let client = self.client
        let all: [Int], live: Set<Int>
        do {
            live = Set(try await absentAsEmpty { () async throws(SchemaRegistryClientError) in try await client.versions(subject: name) })
            all = includeDeleted ? try await absentAsEmpty { () async throws(SchemaRegistryClientError) in try await client.versions(subject: name, deleted: true) } : live.sorted()
        } catch {
            throw .source(error)
        }
        let versions = try await concurrentMap(all, limit: concurrency) { (number: Int) throws(MigrationError) -> ExportedVersion in
            let found: RegisteredSchema
            do throws(SchemaRegistryClientError) {
                found = try await client.version(subject: name, .number(number), deleted: true)
            } catch {
                throw .source(error)
            }
            guard let id = found.id else {
                throw .source(.invalidResponse(status: 200, reason: "\(name) version \(number) came without an id"))
            }
            return ExportedVersion(version: number, id: id, definition: found.definition, deleted: !live.contains(number))
        }
        return ExportedSubject(subject: name, settings: try await settings(scope: name), versions: versions)
    }

    /// The config and mode a scope has of its own (global when `scope` is nil, where the
    /// registry always answers).
    func settings(scope: String?) async throws(MigrationError) -> ScopeSettings {
        let client = self.client
        do {
            let config = try await absentAsNil { () async throws(SchemaRegistryClientError) in try await client.config(subject: scope).json }
            let mode = try await absentAsNil { () async throws(SchemaRegistryClientError) in try await client.mode(subject: scope).rawValue }
            return ScopeSettings(config: config, mode: mode)
        } catch {
            throw .source(error)
        }
    }

    /// Settings of the contexts other than the default one, for those the selection takes.
    func contextSettings() async throws(MigrationError) -> [ContextSettings] {
        let client = self.client
        let names: [String]
        do {
            // A registry without contexts (Karapace, Redpanda) answers 404: there are none to keep.
            names = try await absentAsEmpty { () async throws(SchemaRegistryClientError) in try await client.contexts() }
        } catch {
            throw .source(error)
        }
        var out: [ContextSettings] = []
        for name in names where name != "." {
            if let wanted = selection.contextName, wanted != name { continue }
            let settings = try await settings(scope: ":" + name + ":")
            if settings.config != nil || settings.mode != nil { out.append(ContextSettings(name: name, settings: settings)) }
        }
        return out
    }
}
