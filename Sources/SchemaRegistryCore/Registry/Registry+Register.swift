import JSONModel

/// A request's schema, parsed and canonicalised, ready to compare with stored ones.
struct PreparedSchema: Sendable {
    var parsed: any ParsedSchema
    var schemaType: SchemaType
    var text: String
    var references: [SchemaReference]
    var metadata: JSONValue?
    var ruleSet: JSONValue?
    var hash: SchemaHash

    /// This schema with `confluent:version` set to `version` in its metadata, rehashed.
    func settingConfluentVersion(_ version: Int) -> PreparedSchema {
        var copy = self
        copy.metadata = DataContracts.setting(confluentVersion: version, in: metadata)
        copy.hash = StoredSchema.identityHash(text: text, references: references, metadata: copy.metadata, ruleSet: ruleSet)
        return copy
    }
}

/// What identifies the parse of a request schema: its text, type and references, the texts
/// those resolved to, and whether it is normalised.
struct PreparedKey: Hashable, Sendable {
    var schemaType: SchemaType
    var text: String
    var references: [SchemaReference]
    var resolved: [ResolvedReference]
    var normalize: Bool
    var validateAsNew: Bool
}

/// A request schema parsed (and normalised when asked) with its canonical text, and its
/// identity hash for when the request carries no metadata or rule set.
struct PreparedParse: Sendable {
    var parsed: any ParsedSchema
    var canonicalText: String
    var references: [SchemaReference]
    var plainHash: SchemaHash
}

/// The result of a registration.
public struct RegistrationResult: Sendable, Hashable {
    public var id: Int
    public var version: Int
    public var schema: StoredSchema
}

extension Registry {
    /// Parses and canonicalises a request's schema the way Confluent does before comparing or
    /// storing it: default type AVRO, references resolved, optional normalisation, metadata
    /// and rule set validated and merged with the config's defaults and overrides.
    ///
    /// `propagateTags` (registration only) adds the latest live version's inline tags;
    /// `validateAsNew` holds the schema to the format's rules for new schemas (`parseNew`).
    func prepare(
        _ request: SchemaRequest, subject: QualifiedSubject, normalize: Bool, mergeConfig: Bool, state: RegistryState,
        propagateTags: Bool = false, validateAsNew: Bool = false
    ) throws(RegistryError) -> PreparedSchema {
        var request = request
        let config = effectiveConfig(subject, in: state)
        let latest = state.versions(of: subject).last(where: { !$0.deleted }).flatMap { view($0, in: state) }
        if request.hasNoSchema {
            // Metadata- or rules-only update: reuse the latest version's schema.
            guard let latest else { throw .invalidSchema("Empty schema") }
            request.schema = latest.schema.text
            request.schemaType = latest.schema.schemaType.rawValue
            request.references = latest.schema.references
        }
        let typeName = request.schemaType ?? SchemaType.avro.rawValue
        guard let schemaType = SchemaType(rawValue: typeName), let format = formats[schemaType] else {
            throw .invalidSchema("Invalid schema type \(typeName)")
        }
        var text = request.schema ?? ""
        guard text.utf8.count <= options.maximumSchemaSize else {
            throw .schemaTooLarge
        }
        let resolved = try resolve(request.references, from: subject, in: state, includeDeleted: !validateAsNew)
        // Tag edits, then the latest version's tags, rewrite the text before anything else sees it.
        var edits = [request.tagEdits].filter { !$0.isEmpty }
        if propagateTags, let latest, case let tags = try parsed(latest.schema, in: state).taggedEntities, !tags.isEmpty {
            edits.append(SchemaTagEdits(toAdd: tags))
        }
        for edit in edits {
            let current: any ParsedSchema
            do {
                current = try format.parse(text, references: resolved)
            } catch {
                throw .invalidSchema("Invalid schema of type \(schemaType.rawValue), details: \(error.message)")
            }
            do {
                text = try current.retaggedText(edit)
            } catch {
                // Confluent reports the path error itself (its IllegalArgumentException's text).
                throw .invalidSchema(error.message)
            }
        }
        let key = PreparedKey(
            schemaType: schemaType, text: text, references: request.references, resolved: resolved,
            normalize: normalize || config.normalize == true,
            // A format without rules of its own for new schemas parses them as it parses any
            // other: the same key finds the parse made for the lookup before.
            validateAsNew: validateAsNew && format.hasRulesForNewSchemas)
        let parse: PreparedParse
        if let cached = preparedCache.withLock({ $0[key] }) {
            parse = cached
        } else {
            var parsed: any ParsedSchema
            do {
                parsed = try key.validateAsNew ? format.parseNew(text, references: resolved) : format.parse(text, references: resolved)
            } catch {
                throw .invalidSchema("Invalid schema of type \(schemaType.rawValue), details: \(error.message)")
            }
            var references = request.references
            if key.normalize {
                parsed = parsed.normalized()
                references = Array(Set(references)).sorted()
            }
            let canonical = parsed.canonicalText
            parse = PreparedParse(
                parsed: parsed, canonicalText: canonical, references: references,
                plainHash: StoredSchema.identityHash(text: canonical, references: references, metadata: nil, ruleSet: nil))
            let cost = 2 * text.utf8.count + canonical.utf8.count + resolved.reduce(0) { $0 + $1.schemaText.utf8.count } + 256
            preparedCache.withLock { $0.insert(parse, for: key, cost: cost) }
        }
        let parsed = parse.parsed
        let references = parse.references
        var metadata = request.metadata?.nonNull.map(DataContracts.normalized(metadata:))
        var ruleSet = request.ruleSet?.nonNull
        if mergeConfig {
            let specificMetadata = metadata ?? latest?.schema.metadata
            let specificRules = ruleSet ?? latest?.schema.ruleSet
            metadata = DataContracts.merge(
                metadata: DataContracts.merge(metadata: config.defaultMetadata, specificMetadata), config.overrideMetadata)
            ruleSet = DataContracts.merge(ruleSet: DataContracts.merge(ruleSet: config.defaultRuleSet, specificRules), config.overrideRuleSet)
        }
        if let ruleSet { try DataContracts.validate(ruleSet: ruleSet) }
        let canonical = parse.canonicalText
        let hash =
            metadata == nil && ruleSet == nil
            ? parse.plainHash : StoredSchema.identityHash(text: canonical, references: references, metadata: metadata, ruleSet: ruleSet)
        return PreparedSchema(
            parsed: parsed, schemaType: schemaType, text: canonical, references: references, metadata: metadata, ruleSet: ruleSet,
            hash: hash)
    }

    /// `POST /subjects/{subject}/versions`: registers a schema, or returns the existing
    /// registration of identical content.
    ///
    /// - Parameters:
    ///   - subjectName: the subject as given (possibly `:.ctx:name`).
    ///   - normalize: `normalize=true` (the config's `normalize` also applies).
    ///   - force: skip the compatibility check (Confluent master's `force`).
    public func register(
        subject subjectName: String, _ request: SchemaRequest, normalize: Bool = false, force: Bool = false
    ) async throws(RegistryError) -> RegistrationResult {
        let subject = QualifiedSubject(parsing: subjectName)
        try Self.validate(subject: subject, original: subjectName)
        let timestamp = Self.now()
        return try await write { (state) throws(RegistryError) -> WriteDecision<RegistrationResult> in
            try registrationDecision(subject: subject, request, normalize: normalize, force: force, timestamp: timestamp, state: state)
        }
    }

    /// What registering `request` under `subject` does in `state`: answer with an existing
    /// version, or write a new one (Confluent's `register`, after the subject is validated).
    func registrationDecision(
        subject: QualifiedSubject, _ request: SchemaRequest, normalize: Bool, force: Bool, timestamp: Int64, state: RegistryState
    ) throws(RegistryError) -> WriteDecision<RegistrationResult> {
        let mode = effectiveMode(subject, in: state)
        let importing = mode == .importing
        // Parsed as an existing schema first: content already registered is found and answered
        // even when it would not pass today's checks for new schemas (Confluent's lookup
        // before `register`), so producers that re-register at start keep working.
        var prepared = try prepare(
            request, subject: subject, normalize: normalize, mergeConfig: !importing, state: state,
            propagateTags: request.propagateSchemaTags)
        let versions = state.versions(of: subject)
        let live = versions.filter { !$0.deleted }
        // Confluent's version field: 0 when absent, -1 (the latest) for tag edits without one.
        let requestedVersion = request.version ?? (request.tagEdits.isEmpty ? 0 : -1)

        // Identical content already live in the subject: answer with it, whatever the mode,
        // as Confluent's pre-registration lookup does (skipped for tag edits and propagation;
        // -1 looks at the latest version only; an explicit version must be the one found).
        if request.tagEdits.isEmpty && !request.propagateSchemaTags {
            let pool = requestedVersion == -1 ? Array(live.suffix(1)) : live
            if let found = pool.last(where: { canLookUp(prepared, in: $0, state: state) }),
                requestedVersion <= 0 ? (request.id ?? -1) < 0 || request.id == found.schemaId
                    : request.id == found.schemaId && requestedVersion == found.version,
                let schema = state.schema(id: found.schemaId, context: subject.context)
            {
                return .answer(RegistrationResult(id: schema.id, version: found.version, schema: schema))
            }
        }
        // Confluent records the version in the metadata when one was asked for or the
        // metadata (usually inherited from the latest version) already carries one.
        let nextVersion = (versions.last?.version ?? 0) + 1
        if !importing, requestedVersion != 0 || DataContracts.confluentVersion(in: prepared.metadata) != nil {
            prepared = prepared.settingConfluentVersion(nextVersion)
        }
        if requestedVersion == 0,
            let found = live.last(where: { v in
                ((request.id ?? -1) < 0 || request.id == v.schemaId) && canLookUp(prepared, in: v, state: state)
            }),
            let schema = state.schema(id: found.schemaId, context: subject.context)
        {
            return .answer(RegistrationResult(id: schema.id, version: found.version, schema: schema))
        }

        if mode.isReadOnly {
            throw .operationNotPermitted("Subject \(subject) in context \(subject.qualifiedContext) is in read-only mode")
        }
        // A new version: held to the rules for new schemas (Confluent's `doValidation`, not for
        // IMPORT or explicit ids), which also refuse references to soft-deleted versions.
        if !importing && (request.id ?? -1) < 0 && validatesNewSchemas(subject, in: state) {
            _ = try prepare(
                request, subject: subject, normalize: normalize, mergeConfig: true, state: state,
                propagateTags: request.propagateSchemaTags, validateAsNew: true)
        }
        // A subject a topic owns through a strong association cannot be referenced (any mode).
        for reference in request.references {
            let target = RegistryState.referencedSubject(reference, from: subject)
            if state.associations(ofSubject: target).contains(where: { $0.lifecycle == .strong }) {
                throw .operationNotPermitted("Subject '\(reference.subject)' has a strong association and cannot be referenced")
            }
        }
        let existingId = state.schemaId(forHash: prepared.hash, context: subject.context)
        var schemaId = existingId
        if importing {
            guard let id = request.id else {
                throw .operationNotPermitted("Subject \(subject) in context \(subject.qualifiedContext) is not in read-write mode")
            }
            if let other = state.identityHash(id: id, context: subject.context), other != prepared.hash {
                throw .operationNotPermitted(
                    "Overwrite new schema with id \(id) in context \(subject.qualifiedContext) is not permitted.")
            }
            schemaId = id
        } else if let id = request.id, id >= 0 {
            guard existingId == id else {
                throw .operationNotPermitted("Subject \(subject) in context \(subject.qualifiedContext) is not in import mode")
            }
        }

        var version: Int? = nil
        if let requested = request.version, requested > 0 {
            if importing {
                if versions.contains(where: { $0.version == requested }) {
                    throw .operationNotPermitted(
                        "Version \(requested) already exists in subject \(subject) in context \(subject.qualifiedContext)")
                }
                version = requested
            } else {
                guard requested == nextVersion else {
                    throw .invalidSchema("Version is not one more than previous version")
                }
                version = requested
            }
        }

        if !importing && mode != .forward && !force {
            try checkCompatibility(of: prepared, subject: subject, against: live, state: state)
        }

        // Re-registering content of a soft-deleted version: the new version takes the old id
        // and the older soft-deleted versions with that id go for good (unless referenced).
        var remove: [Int] = []
        if let id = schemaId {
            remove = versions.filter {
                $0.deleted && $0.schemaId == id && state.referrers(of: subject, version: $0.version).isEmpty
            }.map(\.version)
        }

        let schema = StoredSchema(
            context: subject.context, id: schemaId ?? 0, schemaType: prepared.schemaType, text: prepared.text,
            references: prepared.references, metadata: prepared.metadata, ruleSet: prepared.ruleSet)
        let writeRequest = RegistryWrite.register(
            schema: schema, useGivenId: schemaId != nil, subject: subject, version: version, timestamp: timestamp,
            permanentlyRemove: remove)
        let allocatedVersion = version
        let parsedNew = prepared.parsed
        let hash = prepared.hash
        return .perform(writeRequest) { outcome in
            guard case .registered(let id, let version) = outcome else {
                return RegistrationResult(id: schema.id, version: allocatedVersion ?? 0, schema: schema)
            }
            // The next registration checks against this version: keep the parse it came with
            // rather than parse the stored text again then.
            self.rememberParsed(parsedNew, key: ParsedKey(context: schema.context, id: id, hash: hash))
            var stored = schema
            stored.id = id
            return RegistrationResult(id: id, version: version, schema: stored)
        }
    }

    /// Whether `prepared` finds the stored version `v`, as Confluent's `canLookup`: identical
    /// content, or content that differs only in one side's `confluent:version` (when the
    /// request carries one, it must name `v`). Reference rewriting of `-1` versions is not
    /// part of it: references are resolved to numbers before they are stored.
    func canLookUp(_ prepared: PreparedSchema, in v: StoredVersion, state: RegistryState) -> Bool {
        let context = v.subject.context
        guard let hash = state.identityHash(id: v.schemaId, context: context) else { return false }
        if hash == prepared.hash { return true }
        let mine = DataContracts.confluentVersion(in: prepared.metadata)
        let theirs = DataContracts.confluentVersion(in: state.metadata(id: v.schemaId, context: context))
        guard (mine == nil) != (theirs == nil) else { return false }
        if let mine, Int(mine) != v.version { return false }
        guard let schema = state.schema(id: v.schemaId, context: context) else { return false }
        let stored = StoredSchema.identityHash(
            text: schema.text, references: schema.references, metadata: DataContracts.lookupForm(of: schema.metadata), ruleSet: schema.ruleSet)
        // The request is rehashed only when its lookup form differs from what it sent (at most
        // one candidate: the version its confluent:version names).
        let sentMetadata = DataContracts.lookupForm(of: prepared.metadata)
        let sent =
            sentMetadata == prepared.metadata
            ? prepared.hash
            : StoredSchema.identityHash(text: prepared.text, references: prepared.references, metadata: sentMetadata, ruleSet: prepared.ruleSet)
        return stored == sent
    }

    /// Checks `prepared` against the subject's live versions under its effective level,
    /// throwing Confluent's 409 with the verbose messages when incompatible.
    func checkCompatibility(
        of prepared: PreparedSchema, subject: QualifiedSubject, against live: [StoredVersion], state: RegistryState
    ) throws(RegistryError) {
        let result = try compatibilityResult(of: prepared, subject: subject, against: live, state: state)
        if !result.isCompatible {
            throw .incompatibleSchema(
                subject: subject.description, messages: result.messages, code: options.incompatibleSchemaErrorCode)
        }
    }

    /// The compatibility result of `prepared` against `versions` (oldest first) under the
    /// subject's level, honouring `compatibilityGroup`, with the reserved-field findings of
    /// `validateFields` first (those apply at every level, NONE included, and even to a
    /// subject's first version).
    func compatibilityResult(
        of prepared: PreparedSchema, subject: QualifiedSubject, against versions: [StoredVersion], state: RegistryState
    ) throws(RegistryError) -> CompatibilityResult {
        let config = effectiveConfig(subject, in: state)
        let level = config.compatibilityLevel ?? options.defaultCompatibility
        let validateFields = config.validateFields ?? false
        let reserved =
            validateFields
            ? Self.reservedFieldMessages(
                prepared, previous: versions.last.flatMap { state.schema(id: $0.schemaId, context: $0.subject.context) })
            : []
        let checker = CompatibilityChecker(
            rule: AnySchemaCompatibilityRule(policy: CompatibilityPolicy(configValue: config.compatibilityPolicy)), validateFields: validateFields)
        var result = CompatibilityResult.compatible
        if level != .none, !versions.isEmpty {
            var previous: [PreviousSchema<any ParsedSchema>] = []
            let groupValue = config.compatibilityGroup.flatMap { prepared.metadata?.objectValue?["properties"]?.objectValue?[$0] }
            // Only the versions the level will look at are parsed.
            let relevant = level.isTransitive ? versions : Array(versions.suffix(1))
            for v in relevant {
                guard let schema = state.schema(id: v.schemaId, context: v.subject.context) else { continue }
                if let group = config.compatibilityGroup {
                    let value = schema.metadata?.objectValue?["properties"]?.objectValue?[group]
                    if value != groupValue { continue }
                }
                previous.append(PreviousSchema(version: v.version, canonicalText: schema.text, schema: try parsed(schema, in: state)))
            }
            let started = ContinuousClock.now
            result = checker.check(level: level, newSchema: prepared.parsed, previous: previous)
            observer?.compatibilityCheck(
                schemaType: prepared.schemaType, duration: ContinuousClock.now - started, compatible: result.isCompatible)
        }
        guard !reserved.isEmpty else { return result }
        let rest = result.isCompatible ? [checker.summaryEntry(level: level)] : result.messages
        return CompatibilityResult(messages: reserved + rest, failure: result.failure)
    }

    /// Confluent's `validateFields` checks: a field named in the previous version's
    /// `confluent:reserved` metadata property must stay reserved, and no reserved field may be
    /// a top-level field of the new schema. Names are reported in sorted order.
    static func reservedFieldMessages(_ prepared: PreparedSchema, previous: StoredSchema?) -> [String] {
        let current = reservedFields(prepared.metadata)
        var messages: [String] = []
        if let previous {
            for field in reservedFields(previous.metadata).subtracting(current).sorted() {
                messages.append(
                    "The new schema has reserved field \(field) removed from its metadata which is present in the old schema's metadata.")
            }
        }
        for field in current.sorted() where prepared.parsed.hasTopLevelField(field) {
            messages.append("The new schema has field that conflicts with the reserved field \(field).")
        }
        return messages
    }

    /// The comma-separated names of the `confluent:reserved` metadata property.
    static func reservedFields(_ metadata: JSONValue?) -> Set<String> {
        guard let list = metadata?.objectValue?["properties"]?.objectValue?["confluent:reserved"]?.stringValue else { return [] }
        return Set(list.split(separator: ",", omittingEmptySubsequences: false).map(javaTrimmed).filter { !$0.isEmpty })
    }

    /// Java's `String.trim()`: drops code points up to U+0020 at both ends.
    static func javaTrimmed(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }), let last = scalars.lastIndex(where: { $0.value > 0x20 }) else {
            return ""
        }
        return String(scalars[first...last])
    }

    /// `POST /subjects/{subject}`: the version of the subject holding this schema, if any.
    public func lookup(
        subject subjectName: String, _ request: SchemaRequest, normalize: Bool = false, includeDeleted: Bool = false
    ) throws(RegistryError) -> SchemaVersionView {
        let subject = QualifiedSubject(parsing: subjectName)
        let state = snapshot()
        let versions = state.versions(of: subject).filter { includeDeleted || !$0.deleted }
        guard !versions.isEmpty else { throw .subjectNotFound(subjectName) }
        // No schema matches no version: unlike a registration, a lookup never stands in the
        // latest version's schema for a missing one.
        if request.hasNoSchema { throw .schemaNotFound }
        for mergeConfig in [false, true] {
            let prepared = try prepare(request, subject: subject, normalize: normalize, mergeConfig: mergeConfig, state: state)
            for v in versions.reversed() {
                if canLookUp(prepared, in: v, state: state), let schema = state.schema(id: v.schemaId, context: subject.context) {
                    return SchemaVersionView(subject: subject, version: v.version, schema: schema, deleted: v.deleted, timestamp: v.timestamp)
                }
            }
        }
        throw .schemaNotFound
    }
}
