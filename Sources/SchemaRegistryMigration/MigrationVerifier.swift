import SchemaRegistryClient

/// Checks that a registry holds an export exactly: every version under its number with its
/// id and text, soft-deleted where the export says so, and every id answering its schema.
/// Run after an import or a migration, it is what lets an operator switch consumers over.
public struct MigrationVerifier: Sendable {
    /// The registry checked.
    public let client: SchemaRegistryClient
    /// Requests in flight.
    public var concurrency: Int

    /// Creates a verifier.
    public init(client: SchemaRegistryClient, concurrency: Int = 8) {
        self.client = client
        self.concurrency = concurrency
    }

    /// The differences found, in words; empty when the registry holds the export.
    public func differences(from export: RegistryExport) async throws(MigrationError) -> [String] {
        let client = self.client
        let perSubject = try await concurrentMap(export.subjects, limit: concurrency) { (subject: ExportedSubject) throws(MigrationError) -> [String] in
            let target = try await RegistryImporter.target(subject.subject, client: client, concurrency: 4)
            var problems: [String] = []
            for version in subject.versions {
                let name = "\(subject.subject) version \(version.version)"
                guard let held = target.versions[version.version] else {
                    problems.append("\(name) is missing")
                    continue
                }
                if held.id != version.id { problems.append("\(name) has id \(held.id.map(String.init) ?? "?"), not \(version.id)") }
                if !version.hasSameSchema(as: held) {
                    problems.append("\(name) holds another schema text")
                }
                if held.references != version.definition.references { problems.append("\(name) has other references") }
                if version.deleted == target.live.contains(version.version) {
                    problems.append("\(name) is \(version.deleted ? "live" : "soft-deleted"), not \(version.deleted ? "soft-deleted" : "live")")
                }
            }
            for number in target.versions.keys.sorted() where !subject.versions.contains(where: { $0.version == number }) {
                problems.append("\(subject.subject) version \(number) is not in the export")
            }
            return problems
        }
        // Each id once, by the text a consumer fetches with it.
        var seen: Set<String> = []
        var probes: [(context: String, version: ExportedVersion)] = []
        for subject in export.subjects {
            for version in subject.versions where seen.insert(subject.contextPrefix + "\u{0}\(version.id)").inserted {
                probes.append((subject.contextPrefix, version))
            }
        }
        let byId = try await concurrentMap(probes, limit: concurrency) { probe throws(MigrationError) -> String? in
            let held: RegisteredSchema?
            do throws(SchemaRegistryClientError) {
                held = try await absentAsNil { () async throws(SchemaRegistryClientError) in
                    try await client.schema(id: probe.version.id, subject: probe.context.isEmpty ? nil : probe.context)
                }
            } catch {
                throw .target(step: "reading id \(probe.version.id)", error)
            }
            guard let held else { return "id \(probe.version.id) is not found" }
            return probe.version.hasSameSchema(as: held) ? nil : "id \(probe.version.id) answers another schema text"
        }
        return perSubject.flatMap { $0 } + byId.compactMap { $0 }
    }
}
