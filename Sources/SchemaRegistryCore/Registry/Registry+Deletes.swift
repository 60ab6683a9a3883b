extension Registry {
    /// Refuses writes when the subject is read-only, with Confluent's message.
    func requireWritable(_ subject: QualifiedSubject, state: RegistryState) throws(RegistryError) {
        guard effectiveMode(subject, in: state).isReadOnly else { return }
        if subject == Self.globalScope {
            // Confluent formats the global scope's null subject and empty context as they are,
            // double space included; clients match on the text.
            throw .operationNotPermitted("Subject null in context  is in read-only mode")
        }
        // The subject as given (qualified outside the default context), as Confluent prints it.
        throw .operationNotPermitted("Subject \(subject) in context \(subject.qualifiedContext) is in read-only mode")
    }

    /// `DELETE /subjects/{subject}/versions/{version}`: soft delete, or permanent delete of a
    /// version soft-deleted before; refused while other schemas reference it.
    public func deleteVersion(subject subjectName: String, _ selector: VersionSelector, permanent: Bool = false)
        async throws(RegistryError) -> Int
    {
        try await write { (state) throws(RegistryError) -> WriteDecision<Int> in
            let (subject, all) = versionsWithFallback(QualifiedSubject(parsing: subjectName), in: state)
            try requireWritable(subject, state: state)
            guard !all.isEmpty else { throw .subjectNotFound(subjectName) }
            let target: StoredVersion
            switch selector {
            case .latest:
                guard let latest = all.last(where: { !$0.deleted }) else { throw .versionNotFound(-1) }
                target = latest
            case .number(let n):
                guard let v = all.first(where: { $0.version == n }) else { throw .versionNotFound(n) }
                target = v
            }
            if permanent {
                guard target.deleted else { throw .versionNotSoftDeleted(subject: subjectName, version: target.version) }
            } else if target.deleted {
                throw .versionSoftDeleted(subject: subjectName, version: target.version)
            } else if !state.associations(ofSubject: subject).isEmpty, !all.contains(where: { !$0.deleted && $0.version != target.version }) {
                // An associated subject keeps a live version. Confluent throws this too but
                // lets it escape as a bare 500; we answer with its own code (docs/CONFORMANCE.md).
                throw .noActiveSubjectVersion(subject.description)
            }
            try requireUnreferenced(subject: subject, versions: [target.version], permanent: permanent, exceptSameSubject: false, state: state)
            let version = target.version
            return .perform(removal(of: [version], of: subject, permanent: permanent, in: state)) { _ in version }
        }
    }

    /// `DELETE /subjects/{subject}`: soft-deletes every live version, or permanently deletes a
    /// subject soft-deleted before. Returns the versions deleted.
    public func deleteSubject(subject subjectName: String, permanent: Bool = false) async throws(RegistryError) -> [Int] {
        try await write { (state) throws(RegistryError) -> WriteDecision<[Int]> in
            try subjectDeletion(QualifiedSubject(parsing: subjectName), named: subjectName, permanent: permanent, state: state)
        }
    }

    /// What deleting a subject does in `state`; refused while it has an association, which
    /// must be deleted first (with `cascadeLifecycle` that deletes a strong one's subject).
    ///
    /// Checked in Confluent's order: 40401, 40404 (soft delete of a soft-deleted subject),
    /// 42205, 40904, 42206, then 40405 (permanent delete of a live subject).
    func subjectDeletion(
        _ subject: QualifiedSubject, named subjectName: String, permanent: Bool, state: RegistryState
    ) throws(RegistryError) -> WriteDecision<[Int]> {
        let all = state.versions(of: subject)
        guard !all.isEmpty else { throw .subjectNotFound(subjectName) }
        let numbers = permanent ? all.map(\.version) : all.filter { !$0.deleted }.map(\.version)
        if !permanent && numbers.isEmpty { throw .subjectSoftDeleted(subjectName) }
        try requireWritable(subject, state: state)
        if !state.associations(ofSubject: subject).isEmpty {
            throw .associationForSubjectExists(subject.description)
        }
        try requireUnreferenced(subject: subject, versions: numbers, permanent: permanent, exceptSameSubject: true, state: state)
        if permanent && !all.allSatisfy(\.deleted) { throw .subjectNotSoftDeleted(subjectName) }
        return .perform(removal(of: numbers, of: subject, permanent: permanent, in: state)) { _ in numbers }
    }

    /// The write of a delete: a mark for a soft one, the decided removal for a permanent one.
    func removal(of versions: [Int], of subject: QualifiedSubject, permanent: Bool, in state: RegistryState) -> RegistryWrite {
        guard permanent else { return .markDeleted(subject: subject, versions: versions) }
        let writes = state.permanentRemoval([subject: versions])
        return writes.count == 1 ? writes[0] : .batch(writes)
    }

    /// 42206 when a version is referenced: by live referrers for a soft delete, by any for a
    /// permanent one (a soft-deleted referrer could be restored).
    func requireUnreferenced(
        subject: QualifiedSubject, versions: [Int], permanent: Bool, exceptSameSubject: Bool, state: RegistryState
    ) throws(RegistryError) {
        for number in versions {
            for r in state.referrers(of: subject, version: number) {
                if exceptSameSubject && r.subject == subject { continue }
                guard let referrer = state.versions(of: r.subject).first(where: { $0.version == r.version }) else { continue }
                if permanent || !referrer.deleted {
                    throw .referenceExists(subject: subject.description, version: number)
                }
            }
        }
    }

    /// `DELETE /contexts/{context}`: only an empty context can go (it then simply has nothing).
    public func deleteContext(_ name: String) throws(RegistryError) {
        try read { (state) throws(RegistryError) -> Void in
            if let context = state.contexts[name], context.subjects.values.contains(where: { !$0.isEmpty }) {
                throw .contextNotEmpty(name)
            }
        }
    }
}
