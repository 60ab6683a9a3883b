extension Registry {
    /// The store writes that permanently remove every soft-deleted version in `scope` (the
    /// whole registry for the global scope, one context, or one subject), for a switch into
    /// IMPORT mode.
    ///
    /// Confluent clears soft-deleted versions when a scope goes into IMPORT so that imported
    /// ids and versions cannot collide with leftovers nobody can see any more. A version still
    /// referenced by a schema that stays (live, or soft-deleted outside the purge) is 42206, as
    /// for a permanent delete; references among the purged versions themselves do not count,
    /// since they all go together.
    func importPurge(scope: QualifiedSubject, in state: RegistryState) throws(RegistryError) -> [RegistryWrite] {
        var doomed: [QualifiedSubject: [Int]] = [:]
        for (contextName, context) in state.contexts {
            for (name, versions) in context.subjects {
                let subject = QualifiedSubject(context: contextName, name: name)
                guard Self.scope(scope, contains: subject) else { continue }
                let deleted = versions.filter(\.deleted).map(\.version)
                if !deleted.isEmpty { doomed[subject] = deleted }
            }
        }
        let subjects = doomed.keys.sorted()
        for subject in subjects {
            for number in doomed[subject] ?? [] {
                for r in state.referrers(of: subject, version: number).sorted(by: { ($0.subject, $0.version) < ($1.subject, $1.version) }) {
                    if doomed[r.subject]?.contains(r.version) == true { continue }
                    guard state.versions(of: r.subject).contains(where: { $0.version == r.version }) else { continue }
                    throw .referenceExists(subject: subject.description, version: number)
                }
            }
        }
        return state.permanentRemoval(doomed)
    }
}
