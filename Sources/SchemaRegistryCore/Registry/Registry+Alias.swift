extension Registry {
    /// The subject that requests addressed to `subjectName` are redirected to: the `alias` of
    /// the subject's own config, or nil when it has none.
    ///
    /// Only the subject-level config counts (as Confluent's `AliasFilter` reads it): an alias
    /// set on a context or globally would redirect every subject at once. The alias is taken
    /// verbatim (an unqualified alias names a subject of the default context) and is not
    /// followed further: the caller applies it once, so a chain or a cycle of aliases cannot
    /// loop. Config and mode endpoints must not use it, or an alias could never be removed.
    public func aliasTarget(of subjectName: String) -> String? {
        let subject = QualifiedSubject(parsing: subjectName)
        guard !subject.isContextOnly else { return nil }
        return read { (state: RegistryState) -> String? in
            guard let alias = state.configs[subject]?.alias, !alias.isEmpty else { return nil }
            return alias
        }
    }
}
