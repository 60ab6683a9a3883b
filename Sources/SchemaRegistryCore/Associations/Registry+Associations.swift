import Foundation

/// Confluent's Associations API (`AbstractSchemaRegistry` of its newest release): which
/// subject holds a topic's key or value schemas, and who owns that subject's lifetime.
extension Registry {
    // MARK: Reads

    /// `GET /associations/subjects/{subject}`: an unknown subject has none (never 404).
    public func associations(subject: String, filter: AssociationFilter, page: Page) -> [Association] {
        let subject = QualifiedSubject(parsing: subject)
        return listed(read { $0.associations(ofSubject: subject) }, filter, page)
    }

    /// Every association of a subject, of any resource type (for `GET /schemas` filters).
    public func associations(of subject: QualifiedSubject) -> [Association] {
        read { $0.associations(ofSubject: subject) }
    }

    /// `GET /associations/resources/{resourceId}`.
    public func associations(resourceId: String, filter: AssociationFilter, page: Page) -> [Association] {
        listed(read { $0.associations.values.filter { $0.resourceId == resourceId } }, filter, page)
    }

    /// `GET /associations/resources/{namespace}/{name}`: `-` for the name lists a namespace,
    /// `-` for the namespace means any (what `AssociatedNameStrategy` asks without a cluster id).
    public func associations(resourceNamespace: String, resourceName: String, filter: AssociationFilter, page: Page) -> [Association] {
        let found = read { state in
            state.associations.values.filter {
                (resourceName == "-" || $0.resourceName == resourceName) && (resourceNamespace == "-" || $0.resourceNamespace == resourceNamespace)
            }
        }
        return listed(found, filter, page)
    }

    private func listed(_ found: [Association], _ filter: AssociationFilter, _ page: Page) -> [Association] {
        page.apply(found.filter(filter.matches).sorted(by: Association.listOrder), defaultLimit: options.schemaSearchLimit, maximum: options.schemaSearchLimit)
    }

    // MARK: Create and update

    /// `POST /associations` (`isCreate`) and `PUT /associations/resources/{id}`: checks the
    /// request as Confluent does, registers the schemas it carries, and stores the
    /// associations that are new or changed; equivalent ones are left alone and not listed.
    ///
    /// - Parameters:
    ///   - context: `?context=`: the context of request subjects given without one.
    ///   - dryRun: check everything, write nothing; the answer lists no associations.
    public func createOrUpdateAssociations(
        _ request: AssociationRequest, isCreate: Bool, dryRun: Bool, context: String? = nil
    ) async throws(RegistryError) -> AssociationOutcome {
        var request = request
        try Self.validate(&request, isCreate: isCreate, dryRun: dryRun)
        let validated = request
        return try await writing { (session) async throws(RegistryError) -> AssociationOutcome in
            try await applyAssociations(validated, isCreate: isCreate, dryRun: dryRun, context: context, session: session)
        }
    }

    /// The checks of Confluent's `AssociationCreateOrUpdateRequest.validate`, in its order,
    /// filling in the defaults a create implies.
    static func validate(_ request: inout AssociationRequest, isCreate: Bool, dryRun: Bool) throws(RegistryError) {
        try checkName(request.resourceName, "resourceName")
        try checkName(request.resourceNamespace, "resourceNamespace")
        if !dryRun && (request.resourceId ?? "").isEmpty { throw .invalidAssociation(property: "resourceId", detail: "cannot be null or empty") }
        if (request.resourceType ?? "").isEmpty {
            request.resourceType = "topic"
        } else if request.resourceType != "topic" {
            throw .invalidAssociation(property: "resourceType", detail: "must be 'topic'")
        }
        guard var specs = request.associations, !specs.isEmpty else {
            throw .invalidAssociation(property: "associations", detail: "cannot be null or empty")
        }
        let defaultPrefix = ":." + (request.resourceNamespace ?? "") + ":" + (request.resourceName ?? "") + "-"
        for i in specs.indices {
            try validate(&specs[i], isCreate: isCreate, defaultSubjectPrefix: defaultPrefix)
        }
        request.associations = specs
    }

    /// Confluent's per-association checks; a create fills in lifecycle, frozen and subject.
    ///
    /// `defaultsFirst`: a batch's create operation fills in its defaults before its subject is
    /// checked; a `POST /associations` body the other way round (Confluent's two orders).
    static func validate(
        _ spec: inout AssociationSpec, isCreate: Bool, defaultSubjectPrefix: String, defaultsFirst: Bool = false
    ) throws(RegistryError) {
        if isCreate && defaultsFirst { try applyCreateDefaults(&spec) }
        if let subject = spec.subject { try checkSubject(subject) }
        if isCreate && !defaultsFirst { try applyCreateDefaults(&spec) }
        if (spec.associationType ?? "").isEmpty {
            spec.associationType = "value"
        } else if spec.associationType != "key" && spec.associationType != "value" {
            throw .invalidAssociation(property: "associationType", detail: "must be either 'key' or 'value'")
        }
        if spec.lifecycle == .weak {
            if spec.schema != nil { throw .invalidAssociation(property: "lifecycle", detail: "cannot be WEAK when schema is provided") }
            if spec.frozen == true { throw .invalidAssociation(property: "frozen", detail: "association with lifecycle of WEAK cannot be frozen") }
            if isCreate && spec.subject == nil { throw .invalidAssociation(property: "subject", detail: "must be provided for WEAK associations") }
        }
        guard isCreate else { return }
        let defaultSubject = defaultSubjectPrefix + spec.associationType!
        if spec.subject == nil { spec.subject = defaultSubject }
        if spec.frozen == true && spec.subject != defaultSubject {
            throw .invalidAssociation(property: "subject", detail: "frozen associations must use subject '\(defaultSubject)'")
        }
        if spec.lifecycle == .weak && spec.subject == defaultSubject {
            throw .invalidAssociation(property: "subject", detail: "WEAK associations cannot use subject '\(defaultSubject)'")
        }
    }

    /// A create's defaults: a schema makes the association STRONG, none makes it WEAK, and
    /// frozen follows the lifecycle.
    static func applyCreateDefaults(_ spec: inout AssociationSpec) throws(RegistryError) {
        if spec.schema != nil {
            if spec.lifecycle == .weak { throw .invalidAssociation(property: "lifecycle", detail: "cannot be WEAK when schema is provided") }
            if spec.frozen == false { throw .invalidAssociation(property: "frozen", detail: "cannot be false when a schema is provided") }
            spec.lifecycle = .strong
        } else if spec.lifecycle == nil {
            spec.lifecycle = .weak
        }
        let frozen = spec.lifecycle == .strong
        if let requested = spec.frozen, requested != frozen {
            throw .invalidAssociation(
                property: "frozen", detail: "association with lifecycle of \(spec.lifecycle!.rawValue) cannot be frozen=\(requested)")
        }
        spec.frozen = frozen
    }

    /// A resource name or namespace: 1 to 256 letters, digits, `_` and `-`.
    static func checkName(_ name: String?, _ property: String) throws(RegistryError) {
        guard let name, !name.isEmpty else { throw .invalidAssociation(property: property, detail: "cannot be null or empty") }
        guard name.utf16.count <= 256 else { throw .invalidAssociation(property: property, detail: "exceeds max length of 256") }
        // Java's `Character.isLetterOrDigit` on each UTF-16 unit: letters and decimal digits of
        // the Basic Multilingual Plane (a surrogate is neither).
        for unit in name.utf16 where unit != 0x5F && unit != 0x2D {  // "_" and "-"
            let scalar = Unicode.Scalar(unit)
            let allowed: Bool
            switch scalar?.properties.generalCategory {
            case .uppercaseLetter?, .lowercaseLetter?, .titlecaseLetter?, .modifierLetter?, .otherLetter?, .decimalNumber?: allowed = true
            default: allowed = false
            }
            if !allowed {
                let shown = scalar.map { String(Character($0)) } ?? "\\u" + String(unit, radix: 16, uppercase: true)
                throw .invalidAssociation(property: property, detail: "illegal character '\(shown)'")
            }
        }
    }

    /// A request subject: not empty, no ISO control characters.
    static func checkSubject(_ subject: String) throws(RegistryError) {
        if subject.isEmpty || subject.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidAssociation(property: "subject", detail: "must not be empty")
        }
    }

    /// One association as it stands after the checks, ready to write.
    private struct PlannedAssociation {
        var spec: AssociationSpec
        var subject: QualifiedSubject
        var lifecycle: Association.Lifecycle
        var frozen: Bool
        var existing: Association?
        /// Equivalent to what is stored: not written, not listed.
        var skipped: Bool
        /// The subject is in IMPORT mode: a schema is neither checked nor registered.
        var importing: Bool
    }

    /// The checks against the registry and the writes, under the write lock (Confluent's
    /// `createOrUpdateAssociation`, steps in its order). The caller holds `writes`.
    private func applyAssociations(
        _ request: AssociationRequest, isCreate: Bool, dryRun: Bool, context: String?, session: any RegistryWriteSession
    ) async throws(RegistryError) -> AssociationOutcome {
        // Decided on a snapshot that is gone before anything is written (a live snapshot
        // would make every write below copy the tables it changes).
        let plans = try planAssociations(request, isCreate: isCreate, context: context, state: snapshot())
        let resourceName = request.resourceName!, resourceNamespace = request.resourceNamespace!
        let resourceType = request.resourceType ?? "topic"

        // H. A dry run stops here.
        if dryRun {
            return AssociationOutcome(
                resourceName: resourceName, resourceNamespace: resourceNamespace, resourceId: request.resourceId, resourceType: resourceType,
                associations: [])
        }

        // I. Register the schemas, each against the state the previous one left.
        let timestamp = Self.now()
        var registered: [String: SchemaVersionView] = [:]
        for plan in plans where !plan.importing {
            guard let schema = plan.spec.schema else { continue }
            let decision = try registrationDecision(
                subject: plan.subject, schema, normalize: plan.spec.normalize == true, force: false, timestamp: timestamp, state: snapshot())
            let result = try await execute(decision, session)
            registered[plan.spec.associationType ?? "value"] = read { state in
                state.versions(of: plan.subject).first { $0.version == result.version }.flatMap { view($0, in: state) }
            }
        }

        // J. Write the associations that are new or changed, together.
        var writes: [RegistryWrite] = []
        var entries: [AssociationOutcome.Entry] = []
        for plan in plans where !plan.skipped {
            let type = plan.spec.associationType ?? "value"
            let association: Association
            if var existing = plan.existing {
                existing.lifecycle = plan.spec.lifecycle ?? existing.lifecycle
                existing.frozen = plan.spec.frozen ?? existing.frozen
                existing.updateTimestamp = timestamp
                association = existing
            } else {
                association = Association(
                    guid: UUID().uuidString.lowercased(), subject: plan.subject, resourceName: resourceName, resourceNamespace: resourceNamespace,
                    resourceId: request.resourceId ?? "", resourceType: resourceType, associationType: type,
                    lifecycle: plan.spec.lifecycle == .strong ? .strong : .weak, frozen: plan.spec.frozen == true, createTimestamp: timestamp,
                    updateTimestamp: timestamp)
            }
            writes.append(.setAssociation(key: association.key, association: association))
            entries.append(
                AssociationOutcome.Entry(
                    subject: association.subject.description, associationType: type, lifecycle: association.lifecycle, frozen: association.frozen,
                    schema: registered[type]))
        }
        if !writes.isEmpty {
            _ = try await execute(WriteDecision<Void>.perform(writes.count == 1 ? writes[0] : .batch(writes)) { _ in () }, session)
        }
        return AssociationOutcome(
            resourceName: resourceName, resourceNamespace: resourceNamespace, resourceId: request.resourceId, resourceType: resourceType,
            associations: entries)
    }

    /// Steps A to G of Confluent's `createOrUpdateAssociation`: every check against the
    /// registry, each association's subject, lifecycle and whether it changes, and the
    /// compatibility of the schemas it carries. Nothing is written.
    private func planAssociations(
        _ request: AssociationRequest, isCreate: Bool, context: String?, state: RegistryState
    ) throws(RegistryError) -> [PlannedAssociation] {
        let resourceName = request.resourceName!, resourceNamespace = request.resourceNamespace!
        let resourceType = request.resourceType ?? "topic"
        let defaultPrefix = ":." + resourceNamespace + ":" + resourceName + "-"
        var specs = request.associations ?? []

        // A. Subjects in the request's context, refused when read-only.
        for i in specs.indices {
            guard var subject = specs[i].subject else { continue }
            if let context, !context.isEmpty, !subject.hasPrefix(":.") {
                subject = ":" + (context.hasPrefix(".") ? context : "." + context) + ":" + subject
            }
            var qualified = QualifiedSubject(parsing: subject)
            // A subject whose own config names an alias stands for that subject, as in the API's paths.
            if let alias = state.configs[qualified]?.alias, !alias.isEmpty { qualified = QualifiedSubject(parsing: alias) }
            if effectiveMode(qualified, in: state).isReadOnly {
                throw .operationNotPermitted("Subject \(qualified.name) in context \(qualified.context) is in read-only mode")
            }
            specs[i].subject = qualified.description
        }
        // B. One association per type.
        var seenTypes: Set<String> = []
        for spec in specs where !seenTypes.insert(spec.associationType ?? "value").inserted {
            throw .invalidAssociation(
                property: "associationType", detail: "may only appear once per request, but '\(spec.associationType ?? "value")' appears more than once")
        }
        // C. What is stored for the resource.
        let stored = storedAssociations(of: request, resourceType: resourceType, in: state)

        // D. Each association against what is stored.
        var plans: [PlannedAssociation] = []
        for var spec in specs {
            let type = spec.associationType ?? "value"
            let defaultSubject = defaultPrefix + type
            let existing = stored[type]
            if existing == nil && !isCreate {
                if spec.schema != nil {
                    throw .invalidAssociation(
                        property: "schema",
                        detail: "cannot be provided when adding an association to an existing topic; an association with a schema must be created with the topic")
                }
                try Self.applyCreateDefaults(&spec)
            }
            if spec.subject == nil {
                if let existing {
                    spec.subject = existing.subject.description
                } else if spec.lifecycle == .strong {
                    spec.subject = defaultSubject
                } else {
                    throw .invalidAssociation(property: "subject", detail: "must be provided for WEAK associations")
                }
            }
            let subjectText = spec.subject!
            guard let lifecycle = spec.lifecycle ?? existing?.lifecycle else {
                throw .invalidAssociation(property: "lifecycle", detail: "lifecycle must be set")
            }
            if lifecycle == .weak {
                if spec.schema != nil { throw .invalidAssociation(property: "lifecycle", detail: "cannot be WEAK when schema is provided") }
                if subjectText == defaultSubject {
                    throw .invalidAssociation(property: "subject", detail: "WEAK associations cannot use subject '\(defaultSubject)'")
                }
            }
            let isFrozen = existing?.frozen ?? (spec.frozen == true)
            let requestedFrozen = spec.frozen ?? isFrozen
            if requestedFrozen != (lifecycle == .strong) {
                throw .invalidAssociation(
                    property: "frozen", detail: "association with lifecycle of \(lifecycle.rawValue) cannot be frozen=\(requestedFrozen)")
            }
            if isFrozen && subjectText != defaultSubject {
                throw .invalidAssociation(property: "subject", detail: "frozen associations must use subject '\(defaultSubject)'")
            }
            let subject = QualifiedSubject(parsing: subjectText)
            let importing = effectiveMode(subject, in: state) == .importing
            var plan = PlannedAssociation(
                spec: spec, subject: subject, lifecycle: lifecycle, frozen: isFrozen, existing: existing, skipped: false, importing: importing)
            guard let existing else {
                if !isCreate && lifecycle == .strong && !importing {
                    throw .invalidAssociation(
                        property: "lifecycle",
                        detail: "cannot be STRONG when creating an association; STRONG associations must be created with the topic")
                }
                if spec.frozen == true && !importing {
                    if isCreate && spec.schema == nil {
                        throw .invalidAssociation(property: "schema", detail: "schema must be provided when creating a frozen association")
                    }
                    let live = state.versions(of: subject).filter { !$0.deleted }
                    if let latest = live.last {
                        let sameFirst = latest.version == 1 && spec.schema.map { schemaExists($0, in: subject, normalize: spec.normalize == true, state: state) } == true
                        if !sameFirst {
                            throw .invalidAssociation(property: "frozen", detail: "cannot create a frozen association when schemas already exist in the subject")
                        }
                    }
                }
                plans.append(plan)
                continue
            }
            let equivalent = existing.subject == subject && (spec.lifecycle == nil || spec.lifecycle == existing.lifecycle)
                && (spec.frozen == nil || spec.frozen == existing.frozen)
            if equivalent {
                if isCreate, let schema = spec.schema, !schemaExists(schema, in: subject, normalize: spec.normalize == true, state: state) {
                    throw .associationForResourceExists(associationType: type, resourceName: resourceName)
                }
                plan.skipped = true
                plans.append(plan)
                continue
            }
            if isCreate { throw .associationForResourceExists(associationType: type, resourceName: resourceName) }
            if spec.lifecycle == nil && spec.schema == nil {
                throw .invalidAssociation(property: "lifecycle", detail: "at least lifecycle or schema must be provided for update")
            }
            if existing.subject != subject {
                throw .invalidAssociation(
                    property: "subject", detail: "subject of association cannot be changed from '\(existing.subject)' to '\(subjectText)'")
            }
            if existing.lifecycle == .strong && spec.lifecycle == .weak && existing.subject.description == defaultSubject {
                throw .invalidAssociation(property: "lifecycle", detail: "cannot change to WEAK when subject matches default format '\(defaultSubject)'")
            }
            if let frozen = spec.frozen, frozen != existing.frozen {
                throw .invalidAssociation(property: "frozen", detail: "frozen attribute of association cannot be changed")
            }
            if existing.frozen { throw .associationFrozen(associationType: type, subject: existing.subject.description) }
            plans.append(plan)
        }

        // E. One lifecycle for all associations of a resource.
        var lifecycles: [(String, Association.Lifecycle)] = stored.keys.sorted().map { ($0, stored[$0]!.lifecycle) }
        for plan in plans {
            let type = plan.spec.associationType ?? "value"
            if let i = lifecycles.firstIndex(where: { $0.0 == type }) {
                lifecycles[i].1 = plan.lifecycle
            } else {
                lifecycles.append((type, plan.lifecycle))
            }
        }
        if Set(lifecycles.map(\.1)).count > 1 {
            throw .invalidAssociation(
                property: "lifecycle",
                detail: "all associations for a resource must have the same lifecycle, but got "
                    + lifecycles.map { "\($0.0)=\($0.1.rawValue)" }.joined(separator: ", "))
        }

        // F. Each subject against its other associations and its references.
        for plan in plans {
            let importing = effectiveMode(plan.subject, in: state) == .importing
            if plan.spec.schema != nil && importing {
                throw .invalidAssociation(property: "schema", detail: "cannot be provided while subject '\(plan.subject)' is in IMPORT mode")
            }
            if plan.spec.schema == nil && !state.versions(of: plan.subject).contains(where: { !$0.deleted }) {
                throw .noActiveSubjectVersion(plan.subject.description)
            }
            let others = state.associations(ofSubject: plan.subject).filter {
                !($0.resourceId == (request.resourceId ?? "") && $0.resourceType == resourceType && $0.associationType == plan.spec.associationType)
            }
            switch plan.lifecycle {
            case .strong:
                if !others.isEmpty { throw .associationForSubjectExists(plan.subject.description) }
                let referencedHere = plans.contains { other in
                    other.spec.schema?.references.contains { RegistryState.referencedSubject($0, from: other.subject) == plan.subject } ?? false
                }
                if state.isReferenced(plan.subject) || referencedHere { throw .subjectReferenced(plan.subject.description) }
            case .weak:
                if others.contains(where: { $0.lifecycle == .strong }) { throw .strongAssociationForSubjectExists(plan.subject.description) }
            }
        }

        // G. The schemas must be valid and compatible (Confluent's `isCompatible`, without the
        // registration's mode checks), before anything is written.
        for plan in plans where !plan.importing {
            guard let schema = plan.spec.schema else { continue }
            let prepared = try prepare(
                schema, subject: plan.subject, normalize: plan.spec.normalize == true, mergeConfig: true, state: state,
                validateAsNew: validatesNewSchemas(plan.subject, in: state))
            try checkCompatibility(of: prepared, subject: plan.subject, against: state.versions(of: plan.subject).filter { !$0.deleted }, state: state)
        }
        return plans
    }

    /// The resource's stored associations by type: by its id, or (a dry run of a create
    /// before the topic has one) by name and namespace, from the most recently written
    /// resource of that name.
    private func storedAssociations(of request: AssociationRequest, resourceType: String, in state: RegistryState) -> [String: Association] {
        var found: [Association]
        if let id = request.resourceId, !id.isEmpty {
            found = state.associations.values.filter { $0.resourceId == id && $0.resourceType == resourceType }
        } else {
            let named = state.associations.values.filter {
                $0.resourceName == request.resourceName && $0.resourceNamespace == request.resourceNamespace && $0.resourceType == resourceType
            }
            let newest = named.max { ($0.updateTimestamp, $0.createTimestamp, $0.resourceId) < ($1.updateTimestamp, $1.createTimestamp, $1.resourceId) }
            found = named.filter { $0.resourceId == newest?.resourceId }
        }
        return Dictionary(found.map { ($0.associationType, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether `schema` is already a live version of `subject` (a lookup, without validation).
    private func schemaExists(_ schema: SchemaRequest, in subject: QualifiedSubject, normalize: Bool, state: RegistryState) -> Bool {
        guard let prepared = try? prepare(schema, subject: subject, normalize: normalize, mergeConfig: false, state: state) else { return false }
        return state.versions(of: subject).contains { !$0.deleted && canLookUp(prepared, in: $0, state: state) }
    }

    // MARK: Delete

    /// `DELETE /associations/resources/{resourceId}`: all associations of the resource (of the
    /// types named, all when none). A frozen one needs `cascadeLifecycle`, which also deletes
    /// a strong association's subject (soft, then for good). 40410 when nothing matches,
    /// unless `notFoundIsError` is false (batch deletes).
    public func deleteAssociations(
        resourceId: String, resourceType: String?, associationTypes: [String], cascadeLifecycle: Bool, dryRun: Bool,
        notFoundIsError: Bool = true
    ) async throws(RegistryError) {
        try await writing { (session) async throws(RegistryError) -> Void in
            try await removeAssociations(
                resourceId: resourceId, filter: AssociationFilter(resourceType: resourceType, associationTypes: associationTypes),
                cascadeLifecycle: cascadeLifecycle, dryRun: dryRun, notFoundIsError: notFoundIsError, session: session)
        }
    }

    /// The delete, under the write lock: every association is checked before any goes.
    private func removeAssociations(
        resourceId: String, filter: AssociationFilter, cascadeLifecycle: Bool, dryRun: Bool, notFoundIsError: Bool,
        session: any RegistryWriteSession
    ) async throws(RegistryError) {
        let found = try read { (state) throws(RegistryError) -> [Association] in
            let found = state.associations.values.filter { $0.resourceId == resourceId && filter.matches($0) }.sorted(by: Association.listOrder)
            for association in found {
                if effectiveMode(association.subject, in: state).isReadOnly {
                    throw .operationNotPermitted(
                        "Subject \(association.subject.name) in context \(association.subject.context) is in read-only mode")
                }
                if !cascadeLifecycle && association.frozen {
                    throw .associationFrozen(associationType: association.associationType, subject: association.subject.description)
                }
            }
            return found
        }
        if found.isEmpty {
            if notFoundIsError { throw .associationNotFound(resourceId: resourceId) }
            return
        }
        if dryRun { return }
        for association in found {
            _ = try await execute(WriteDecision<Void>.perform(.setAssociation(key: association.key, association: nil)) { _ in () }, session)
            let subject = association.subject
            let (importing, live, any) = read { state in
                let versions = state.versions(of: subject)
                return (effectiveMode(subject, in: state) == .importing, versions.contains { !$0.deleted }, !versions.isEmpty)
            }
            guard cascadeLifecycle, association.lifecycle == .strong, !importing else { continue }
            // As in Confluent, the association is gone even when its subject cannot go (42206).
            if live {
                let softly = try subjectDeletion(subject, named: subject.description, permanent: false, state: snapshot())
                _ = try await execute(softly, session)
            }
            if any {
                let permanently = try subjectDeletion(subject, named: subject.description, permanent: true, state: snapshot())
                _ = try await execute(permanently, session)
            }
        }
    }

    // MARK: Batches

    /// `POST /associations:batchGet`: each lookup answered on its own, an error beside the
    /// others' results. With `includeSchemas`, each association carries its subject's latest
    /// live version.
    public func batchGetAssociations(_ lookups: [AssociationLookup], includeSchemas: Bool) -> [Result<AssociationOutcome, BatchError>] {
        read { state in lookups.map { lookup in
            func failure(_ message: String) -> Result<AssociationOutcome, BatchError> {
                .failure(BatchError(code: 500, message: "Error while getting associations: " + message))
            }
            let id = lookup.resourceId ?? "", name = lookup.resourceName ?? ""
            if id.isEmpty && name.isEmpty { return failure("property: resourceId; detail: either resourceId or resourceName must be specified") }
            if !name.isEmpty && (lookup.resourceNamespace ?? "").isEmpty {
                return failure("property: resourceNamespace; detail: resourceNamespace is required when resourceName is specified")
            }
            let filter = AssociationFilter(resourceType: lookup.resourceType, associationTypes: lookup.associationTypes ?? [], lifecycle: lookup.lifecycle)
            let found = state.associations.values.filter { a in
                guard filter.matches(a) else { return false }
                if !id.isEmpty { return a.resourceId == id }
                return a.resourceName == name && (lookup.resourceNamespace == "-" || a.resourceNamespace == lookup.resourceNamespace)
            }.sorted(by: Association.listOrder)
            // The request's own fields are echoed; those it left out come from what was found.
            let resourceType = (lookup.resourceType ?? "").isEmpty ? nil : lookup.resourceType
            guard let first = found.first else {
                return .success(
                    AssociationOutcome(
                        resourceName: name, resourceNamespace: lookup.resourceNamespace ?? "", resourceId: lookup.resourceId,
                        resourceType: resourceType ?? filter.resourceType, associations: []))
            }
            if found.contains(where: {
                $0.resourceName != first.resourceName || $0.resourceNamespace != first.resourceNamespace || $0.resourceId != first.resourceId
                    || $0.resourceType != first.resourceType
            }) {
                return failure("All associations must have the same resourceName, resourceNamespace, resourceId, and resourceType.")
            }
            let entries = found.map { a in
                AssociationOutcome.Entry(
                    subject: a.subject.description, associationType: a.associationType, lifecycle: a.lifecycle, frozen: a.frozen,
                    schema: includeSchemas ? state.versions(of: a.subject).last(where: { !$0.deleted }).flatMap { view($0, in: state) } : nil)
            }
            return .success(
                AssociationOutcome(
                    resourceName: lookup.resourceName ?? first.resourceName, resourceNamespace: lookup.resourceNamespace ?? first.resourceNamespace,
                    resourceId: lookup.resourceId ?? first.resourceId, resourceType: resourceType ?? first.resourceType, associations: entries))
        } }
    }

    /// `POST /associations:batchMutate`: each request's operations in order, adjacent creates
    /// (or upserts) checked and written as one; a request's failure is its result, and what
    /// its earlier operations wrote stays, as in Confluent.
    public func batchMutateAssociations(_ requests: [AssociationOperations], dryRun: Bool, context: String?) async -> [Result<AssociationOutcome, BatchError>] {
        var results: [Result<AssociationOutcome, BatchError>] = []
        for request in requests {
            if let passed = request.passedError {
                results.append(.failure(passed))
                continue
            }
            do {
                results.append(.success(try await mutate(request, dryRun: dryRun, context: context)))
            } catch {
                results.append(.failure(Self.batchError(error)))
            }
        }
        return results
    }

    private func mutate(_ request: AssociationOperations, dryRun: Bool, context: String?) async throws(RegistryError) -> AssociationOutcome {
        var resource = request.resource
        // The resource's own checks (an empty list of operations is refused with them).
        resource.associations = request.operations.isEmpty ? nil : [AssociationSpec()]
        try Self.validate(&resource, isCreate: false, dryRun: dryRun)
        let defaultPrefix = ":." + (resource.resourceNamespace ?? "") + ":" + (resource.resourceName ?? "") + "-"
        var operations = request.operations
        var types: [String] = []
        for i in operations.indices {
            switch operations[i] {
            case .create(var spec):
                try Self.validate(&spec, isCreate: true, defaultSubjectPrefix: defaultPrefix, defaultsFirst: true)
                operations[i] = .create(spec)
                types.append(spec.associationType!)
            case .upsert(var spec):
                try Self.validate(&spec, isCreate: false, defaultSubjectPrefix: defaultPrefix)
                operations[i] = .upsert(spec)
                types.append(spec.associationType!)
            case .delete(let type, let cascade):
                let type = (type ?? "").isEmpty ? "value" : type!
                if type != "key" && type != "value" {
                    throw .invalidAssociation(property: "associationType", detail: "must be either 'key' or 'value'")
                }
                operations[i] = .delete(associationType: type, cascadeLifecycle: cascade)
                types.append(type)
            }
            // Checked as each operation is read, so a repeated type is reported before a later
            // operation's own error.
            if types.dropLast().contains(types[types.count - 1]) {
                throw .invalidAssociation(
                    property: "associationType", detail: "may only appear once per request, but '\(types[types.count - 1])' appears more than once")
            }
        }
        var registered: [String: SchemaVersionView] = [:]
        let resourceType = resource.resourceType ?? "topic"
        // The answer is read under the same lock as the writes, so it shows exactly them.
        let stored = try await writing { (session) async throws(RegistryError) -> [Association] in
            var i = 0
            while i < operations.count {
                switch operations[i] {
                case .delete(let type, let cascade):
                    try await removeAssociations(
                        resourceId: resource.resourceId ?? "", filter: AssociationFilter(resourceType: resource.resourceType, associationTypes: [type ?? "value"]),
                        cascadeLifecycle: cascade, dryRun: dryRun, notFoundIsError: false, session: session)
                    i += 1
                case .create, .upsert:
                    let isCreate: Bool
                    if case .create = operations[i] { isCreate = true } else { isCreate = false }
                    var run: [AssociationSpec] = []
                    while i < operations.count {
                        if case .create(let spec) = operations[i], isCreate {
                            run.append(spec)
                        } else if case .upsert(let spec) = operations[i], !isCreate {
                            run.append(spec)
                        } else {
                            break
                        }
                        i += 1
                    }
                    var part = resource
                    part.associations = run
                    let outcome = try await applyAssociations(part, isCreate: isCreate, dryRun: dryRun, context: context, session: session)
                    for entry in outcome.associations { if let schema = entry.schema { registered[entry.associationType] = schema } }
                }
            }
            return associations(resourceId: resource.resourceId ?? "", filter: AssociationFilter(resourceType: resourceType), page: Page())
        }
        if dryRun {
            return AssociationOutcome(
                resourceName: resource.resourceName!, resourceNamespace: resource.resourceNamespace!, resourceId: resource.resourceId,
                resourceType: resourceType, associations: [])
        }
        return AssociationOutcome(
            resourceName: resource.resourceName!, resourceNamespace: resource.resourceNamespace!, resourceId: resource.resourceId,
            resourceType: resourceType,
            associations: stored.map {
                AssociationOutcome.Entry(
                    subject: $0.subject.description, associationType: $0.associationType, lifecycle: $0.lifecycle, frozen: $0.frozen,
                    schema: registered[$0.associationType])
            })
    }

    /// How a batch reports an error (Confluent's mapping in `mutateAssociations`).
    static func batchError(_ error: RegistryError) -> BatchError {
        switch error {
        case .invalidAssociation, .associationForResourceExists, .associationForSubjectExists, .associationFrozen, .noActiveSubjectVersion,
            .strongAssociationForSubjectExists, .referenceExists, .subjectReferenced, .schemaTooLarge:
            return BatchError(code: error.errorCode, message: error.message)
        case .invalidSchema(let message):
            return BatchError(code: 42212, message: message)
        case .incompatibleSchema:
            return BatchError(code: 40901, message: error.message)
        default:
            return BatchError(code: 500, message: "Error while creating association: " + error.message)
        }
    }
}
