extension Registry {
    /// `POST /compatibility/subjects/{subject}/versions[/{version}]`.
    ///
    /// With a version, only that version is checked (even under a transitive level, as in
    /// Confluent); without, the subject's live versions as its level says. An unknown subject
    /// is compatible. With `verbose`, an invalid schema is an incompatible result carrying the
    /// error text instead of a 422.
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
                if live.isEmpty && state.versions(of: subject).isEmpty { return .compatible }
                guard let v = live.first(where: { $0.version == n }) else { throw .versionNotFound(n) }
                against = [v]
            }
            // A single named version is checked on its own whatever the level's reach: a
            // transitive level over a one-version history checks just that version.
        }
        if against.isEmpty { return .compatible }
        do {
            let prepared = try prepare(request, subject: subject, normalize: normalize, mergeConfig: true, state: state)
            return try compatibilityResult(of: prepared, subject: subject, against: against, state: state)
        } catch {
            if verbose, case .invalidSchema(let message) = error {
                return CompatibilityResult(messages: [message], failure: nil)
            }
            throw error
        }
    }
}
