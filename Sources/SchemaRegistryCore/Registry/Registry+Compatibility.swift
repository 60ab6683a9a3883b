extension Registry {
    /// `POST /compatibility/subjects/{subject}/versions[/{version}]`.
    ///
    /// With a version, only that version is checked (even under a transitive level, as in
    /// Confluent); without, the subject's live versions as its level says. An unknown subject
    /// is compatible, but a numbered version that does not exist (soft-deleted included) is
    /// 40402. With `verbose`, an invalid or empty schema is an incompatible result carrying
    /// the error text instead of a 422.
    public func checkCompatibility(
        subject subjectName: String, version selector: VersionSelector?, _ request: SchemaRequest, normalize: Bool = false,
        verbose: Bool = false
    ) throws(RegistryError) -> CompatibilityResult {
        let subject = QualifiedSubject(parsing: subjectName)
        let state = snapshot()
        let live = state.versions(of: subject).filter { !$0.deleted }
        var against: [StoredVersion] = live
        if let selector {
            switch selector {
            case .latest:
                against = Array(live.suffix(1))
            case .number(let n):
                // A numbered version must exist, even in a subject with no versions at all
                // (Confluent answers 40402 there too; only `latest` of nothing is compatible).
                guard let v = live.first(where: { $0.version == n }) else { throw .versionNotFound(n) }
                against = [v]
            }
            // A single named version is checked on its own whatever the level's reach: a
            // transitive level over a one-version history checks just that version.
        }
        do throws(RegistryError) {
            // After the version (42202, 40402), as in Confluent: a registration without a schema
            // reuses the latest version's (a metadata-only update), a check has nothing to check.
            if request.hasNoSchema { throw RegistryError.invalidSchema("Empty schema") }
            // Confluent validates as new here whatever the mode, IMPORT included, and parses
            // even when there is nothing to compare with.
            let prepared = try prepare(
                request, subject: subject, normalize: normalize, mergeConfig: true, state: state,
                validateAsNew: validatesNewSchemas(subject, in: state))
            if against.isEmpty { return .compatible }
            return try compatibilityResult(of: prepared, subject: subject, against: against, state: state)
        } catch {
            if verbose, case .invalidSchema(let message) = error {
                return CompatibilityResult(messages: [message], failure: nil)
            }
            throw error
        }
    }
}
