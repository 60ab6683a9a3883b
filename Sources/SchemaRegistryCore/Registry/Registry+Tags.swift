import JSONModel

/// The body of `POST /subjects/{subject}/versions/{version}/tags` (Confluent's
/// `TagSchemaRequest`): a new version made from an existing one with its inline tags, metadata
/// or rules changed, for tools that manage tags without holding the schema text.
public struct TagSchemaRequest: Sendable, Hashable {
    /// The version to create (the latest + 1), recorded as `confluent:version`; nil lets the
    /// registry pick the next one.
    public var newVersion: Int?
    /// `tagsToAdd` and `tagsToRemove`, applied to the existing version's text.
    public var tagEdits: SchemaTagEdits
    /// Replaces the existing version's metadata when present.
    public var metadata: JSONValue?
    /// Replaces the rule set when present (and neither `rulesToMerge` nor `rulesToRemove` is).
    public var ruleSet: JSONValue?
    /// Rules merged, by name, over the previous version's rule set.
    public var rulesToMerge: JSONValue?
    /// Names of rules taken out of the previous version's rule set.
    public var rulesToRemove: [String]?

    /// Creates a request.
    public init(
        newVersion: Int? = nil, tagEdits: SchemaTagEdits = SchemaTagEdits(), metadata: JSONValue? = nil, ruleSet: JSONValue? = nil,
        rulesToMerge: JSONValue? = nil, rulesToRemove: [String]? = nil
    ) {
        self.newVersion = newVersion
        self.tagEdits = tagEdits
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.rulesToMerge = rulesToMerge
        self.rulesToRemove = rulesToRemove
    }
}

extension Registry {
    /// `POST /subjects/{subject}/versions/{version}/tags`: registers a new version holding the
    /// live version's schema with the request's tag edits, metadata and rules, as Confluent's
    /// `modifySchemaTags` does. It goes through registration, so the mode, the compatibility
    /// check and the config's metadata and rule defaults apply as to any new version; the
    /// recorded `confluent:version` means it never de-duplicates to an existing version.
    public func modifyTags(
        subject subjectName: String, version versionText: String, _ request: TagSchemaRequest
    ) async throws(RegistryError) -> RegistrationResult {
        // Checked in Confluent's order: subject, version, the version's existence, then rules.
        try Self.validate(subject: QualifiedSubject(parsing: subjectName), original: subjectName)
        let base = try version(subject: subjectName, try VersionSelector(parsing: versionText))
        if request.rulesToMerge != nil || request.rulesToRemove != nil, request.ruleSet != nil {
            throw .invalidRuleSet("ruleSet should be omitted if specifying rulesToMerge or rulesToRemove")
        }
        if let rules = request.rulesToMerge { try DataContracts.validate(ruleSet: rules) }
        if let rules = request.ruleSet { try DataContracts.validate(ruleSet: rules) }

        let newVersion = request.newVersion ?? 0
        var registration = SchemaRequest(
            schema: base.schema.text, schemaType: base.schema.schemaType.rawValue, references: base.schema.references,
            metadata: DataContracts.setting(confluentVersion: newVersion, in: request.metadata ?? base.schema.metadata),
            ruleSet: try modifiedRuleSet(subject: subjectName, request), version: newVersion == 0 ? nil : newVersion)
        registration.tagEdits = request.tagEdits
        return try await register(subject: subjectName, registration)
    }

    /// The rule set of a tag request: its own, or the previous version's (the one before
    /// `newVersion`, else the latest) with `rulesToMerge` merged in and `rulesToRemove` taken out.
    func modifiedRuleSet(subject subjectName: String, _ request: TagSchemaRequest) throws(RegistryError) -> JSONValue? {
        guard request.rulesToMerge != nil || request.rulesToRemove != nil else { return request.ruleSet }
        let previous: VersionSelector = request.newVersion.map { .number($0 - 1) } ?? .latest
        var ruleSet = (try? version(subject: subjectName, previous))?.schema.ruleSet
        if let merge = request.rulesToMerge {
            ruleSet = DataContracts.merge(ruleSet: ruleSet, merge)
        }
        if let names = request.rulesToRemove {
            ruleSet = DataContracts.removing(rulesNamed: Set(names), from: ruleSet)
        }
        return ruleSet
    }
}
