import JSONModel

/// Pagination as Confluent applies it: after filtering, skip `offset`, take `limit` when it is
/// in (0, maximum], else the default.
public struct Page: Sendable, Hashable {
    public var offset: Int
    public var limit: Int

    /// Creates a page.
    public init(offset: Int = 0, limit: Int = -1) {
        self.offset = offset
        self.limit = limit
    }

    func apply<T>(_ items: [T], defaultLimit: Int = Int(Int32.max), maximum: Int = Int(Int32.max)) -> [T] {
        let start = min(max(offset, 0), items.count)
        let take = (limit > 0 && limit <= maximum) ? limit : defaultLimit
        return Array(items[start..<min(items.count, start + min(take, items.count - start))])
    }
}

/// Which subjects a listing may show, for callers that see only part of the registry (a
/// principal under access rules); listings filter before they page, so pages stay full.
public typealias SubjectVisibility = @Sendable (QualifiedSubject) -> Bool

extension Registry {
    /// Whether `subject` matches a `subjectPrefix`: `:*:` (or `:*:name`) across contexts, a
    /// qualified `:.ctx:prefix` in that context, a bare prefix in the default context.
    static func matches(_ subject: QualifiedSubject, prefix: String?) -> Bool {
        guard let prefix else { return true }
        if prefix.hasPrefix(":*:") {
            return subject.name.hasPrefix(String(prefix.dropFirst(3)))
        }
        let p = QualifiedSubject(parsing: prefix)
        return subject.context == p.context && subject.name.hasPrefix(p.name)
    }

    /// `GET /subjects`: subject names, sorted, qualified outside the default context.
    public func subjects(
        prefix: String? = ":*:", includeDeleted: Bool = false, deletedOnly: Bool = false, page: Page = Page(), visible: SubjectVisibility? = nil
    ) -> [String] {
        return read { (state) -> [String] in
            var names: [QualifiedSubject] = []
            for (contextName, context) in state.contexts {
                for (name, versions) in context.subjects where !versions.isEmpty {
                    let subject = QualifiedSubject(context: contextName, name: name)
                    guard Self.matches(subject, prefix: prefix), visible?(subject) ?? true else { continue }
                    let live = versions.contains { !$0.deleted }
                    if deletedOnly ? !live : (live || includeDeleted) { names.append(subject) }
                }
            }
            return page.apply(names.sorted().map(\.description))
        }
    }

    /// The subject that reads of `name` address: `name` itself, or for an unqualified name
    /// missing from the default context, the same name in the first other context that has
    /// it (see `versionsWithFallback`). Access checks ask about both.
    public func subjectAddressed(by name: String) -> QualifiedSubject {
        read { state in versionsWithFallback(QualifiedSubject(parsing: name), in: state).0 }
    }

    /// The stored versions of a subject, falling back, for an unqualified name missing from
    /// the default context, to the same name in another context (as Confluent does).
    func versionsWithFallback(_ subject: QualifiedSubject, in state: RegistryState) -> (QualifiedSubject, [StoredVersion]) {
        let versions = state.versions(of: subject)
        if !versions.isEmpty || subject.context != QualifiedSubject.defaultContext { return (subject, versions) }
        for contextName in state.contexts.keys.sorted() where contextName != QualifiedSubject.defaultContext {
            let other = QualifiedSubject(context: contextName, name: subject.name)
            let found = state.versions(of: other)
            if !found.isEmpty { return (other, found) }
        }
        return (subject, versions)
    }

    /// `GET /subjects/{subject}/versions`.
    public func versions(subject subjectName: String, includeDeleted: Bool = false, deletedOnly: Bool = false,
        deletedAsNegative: Bool = false, page: Page = Page()) throws(RegistryError) -> [Int]
    {
        return try read { (state) throws(RegistryError) -> [Int] in
            let (_, all) = versionsWithFallback(QualifiedSubject(parsing: subjectName), in: state)
            let visible = all.filter { deletedOnly ? $0.deleted : (includeDeleted || deletedAsNegative || !$0.deleted) }
            guard !visible.isEmpty else { throw .subjectNotFound(subjectName) }
            return page.apply(visible.map { deletedAsNegative && $0.deleted ? -$0.version : $0.version })
        }
    }

    /// Resolves a version selector against a subject: `latest` is the highest live version.
    func resolveVersion(_ selector: VersionSelector, subjectName: String, includeDeleted: Bool, state: RegistryState)
        throws(RegistryError) -> StoredVersion
    {
        let (_, all) = versionsWithFallback(QualifiedSubject(parsing: subjectName), in: state)
        let visible = all.filter { includeDeleted || !$0.deleted }
        guard !visible.isEmpty else { throw .subjectNotFound(subjectName) }
        switch selector {
        case .latest:
            guard let latest = all.last(where: { !$0.deleted }) else { throw .versionNotFound(-1) }
            return latest
        case .number(let n):
            guard let v = visible.first(where: { $0.version == n }) else { throw .versionNotFound(n) }
            return v
        }
    }

    /// `GET /subjects/{subject}/versions/{version}`.
    public func version(subject subjectName: String, _ selector: VersionSelector, includeDeleted: Bool = false)
        throws(RegistryError) -> SchemaVersionView
    {
        return try read { (state) throws(RegistryError) -> SchemaVersionView in
            let v = try resolveVersion(selector, subjectName: subjectName, includeDeleted: includeDeleted, state: state)
            guard let result = view(v, in: state) else { throw .versionNotFound(v.version) }
            return result
        }
    }

    /// `GET /subjects/{subject}/versions/{version}/referencedby`: ids of schemas referring to it.
    public func referencedBy(subject subjectName: String, _ selector: VersionSelector, includeDeleted: Bool = false, page: Page = Page())
        throws(RegistryError) -> [Int]
    {
        return try read { (state) throws(RegistryError) -> [Int] in
            let v = try resolveVersion(selector, subjectName: subjectName, includeDeleted: true, state: state)
            var ids: Set<Int> = []
            for r in state.referrers(of: v.subject, version: v.version) {
                guard let referrer = state.versions(of: r.subject).first(where: { $0.version == r.version }) else { continue }
                if includeDeleted || !referrer.deleted { ids.insert(referrer.schemaId) }
            }
            return page.apply(ids.sorted(), defaultLimit: options.schemaSearchLimit, maximum: options.schemaSearchLimit)
        }
    }

    /// `GET /subjects/{subject}/metadata`: the latest version whose metadata properties hold
    /// every given key/value pair.
    public func latestVersion(subject subjectName: String, withMetadata pairs: [(String, String)], includeDeleted: Bool = false)
        throws(RegistryError) -> SchemaVersionView
    {
        return try read { (state) throws(RegistryError) -> SchemaVersionView in
            let (_, all) = versionsWithFallback(QualifiedSubject(parsing: subjectName), in: state)
            let visible = all.filter { includeDeleted || !$0.deleted }
            guard !visible.isEmpty else { throw .subjectNotFound(subjectName) }
            for v in visible.reversed() {
                guard let result = view(v, in: state) else { continue }
                let properties = result.schema.metadata?.objectValue?["properties"]?.objectValue
                if pairs.allSatisfy({ properties?[$0.0] == .string($0.1) }) { return result }
            }
            throw .schemaNotFound
        }
    }

    /// `GET /schemas/ids/{id}`: the schema with this id in the subject's context (default
    /// context without a subject).
    public func schema(id: Int, subject: String? = nil) throws(RegistryError) -> StoredSchema {
        let context = subject.map { QualifiedSubject(parsing: $0).context } ?? QualifiedSubject.defaultContext
        guard let schema = read({ $0.schema(id: id, context: context) }) else { throw .schemaIdNotFound(String(id)) }
        return schema
    }

    /// A stored schema in its format's parsed form (from the parse cache), for presenting it
    /// in another output format or finding its tagged parts; `nil` when it no longer parses.
    public func parsedForm(of schema: StoredSchema) -> (any ParsedSchema)? {
        try? parsed(schema, in: snapshot())
    }

    /// The highest id allocated in a context (`fetchMaxId`).
    public func maxId(subject: String? = nil) -> Int {
        let context = subject.map { QualifiedSubject(parsing: $0).context } ?? QualifiedSubject.defaultContext
        return read { ($0.contexts[context]?.nextId ?? 1) - 1 }
    }

    /// The subject versions using schema `id`.
    func usages(of id: Int, subject: String?, includeDeleted: Bool, state: RegistryState) throws(RegistryError) -> [StoredVersion] {
        let filter = subject.map { QualifiedSubject(parsing: $0) }
        let context = filter?.context ?? QualifiedSubject.defaultContext
        guard let ctx = state.contexts[context], ctx.schemas.contains(id: id) else { throw .schemaNotFound }
        var result: [StoredVersion] = []
        func collect(_ versions: [VersionRecord], of name: String) {
            for v in versions where v.schemaId == id && (includeDeleted || !v.deleted) {
                result.append(v.stored(in: QualifiedSubject(context: context, name: name)))
            }
        }
        if let filter, !filter.name.isEmpty {
            // One subject: `GET /schemas/ids/{id}?subject=` is on every consumer's path.
            collect(ctx.subjects[filter.name] ?? [], of: filter.name)
        } else {
            for (name, versions) in ctx.subjects { collect(versions, of: name) }
        }
        return result.sorted { ($0.subject, $0.version) < ($1.subject, $1.version) }
    }

    /// Whether a caller that sees only the `visible` subjects may read schema `id` (looked up
    /// as `schema(id:subject:)` looks it up): when a subject it sees uses the schema, soft-deleted
    /// versions included, or, for a schema no version uses, when it sees the whole context.
    /// `nil` when there is no such schema, which the read itself reports.
    public func mayRead(id: Int, subject: String? = nil, visible: SubjectVisibility) -> Bool? {
        let context = subject.map { QualifiedSubject(parsing: $0).context } ?? QualifiedSubject.defaultContext
        let found = read { (state) -> [StoredVersion]? in
            // Any subject of the context that uses it counts, not only the one `?subject=` names
            // (which only chooses the context).
            try? usages(of: id, subject: context == QualifiedSubject.defaultContext ? nil : ":\(context):", includeDeleted: true, state: state)
        }
        guard let found else { return nil }
        if found.isEmpty { return visible(QualifiedSubject(context: context, name: "")) }
        return found.contains { visible($0.subject) }
    }

    /// `GET /schemas/ids/{id}/subjects`.
    public func subjects(
        usingId id: Int, subject: String? = nil, includeDeleted: Bool = false, page: Page = Page(), visible: SubjectVisibility? = nil
    ) throws(RegistryError) -> [String] {
        var found = try read { (state) throws(RegistryError) -> [StoredVersion] in
            try usages(of: id, subject: subject, includeDeleted: includeDeleted, state: state)
        }
        if let visible { found.removeAll { !visible($0.subject) } }
        var seen: Set<String> = []
        return page.apply(found.map(\.subject.description).filter { seen.insert($0).inserted })
    }

    /// `GET /schemas/ids/{id}/versions`.
    public func versions(
        usingId id: Int, subject: String? = nil, includeDeleted: Bool = false, page: Page = Page(), visible: SubjectVisibility? = nil
    ) throws(RegistryError) -> [(subject: String, version: Int)] {
        var found = try read { (state) throws(RegistryError) -> [StoredVersion] in
            try usages(of: id, subject: subject, includeDeleted: includeDeleted, state: state)
        }
        if let visible { found.removeAll { !visible($0.subject) } }
        return page.apply(found.map { ($0.subject.description, $0.version) })
    }

    /// `GET /schemas/guids/{guid}`: the schema with this GUID in any context (default first).
    public func schema(guid: String) throws(RegistryError) -> StoredSchema {
        guard let hash = SchemaHash(guid: guid) else { throw .schemaIdNotFound(guid) }
        return try read { (state) throws(RegistryError) -> StoredSchema in
            for name in [QualifiedSubject.defaultContext] + state.contexts.keys.sorted() {
                if let id = state.schemaId(forHash: hash, context: name), let s = state.schema(id: id, context: name) { return s }
            }
            throw .schemaIdNotFound(guid)
        }
    }

    /// `GET /schemas/guids/{guid}/ids`: the (context, id) pairs holding this GUID.
    public func ids(guid: String) throws(RegistryError) -> [(context: String, id: Int)] {
        guard let hash = SchemaHash(guid: guid) else { throw .schemaIdNotFound(guid) }
        let result: [(String, Int)] = read { state in
            state.contexts.keys.compactMap { name in state.schemaId(forHash: hash, context: name).map { (name, $0) } }
        }
        guard !result.isEmpty else { throw .schemaIdNotFound(guid) }
        return result.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// `GET /schemas`: schema versions ordered by subject then version.
    public func schemas(prefix: String? = nil, includeDeleted: Bool = false, latestOnly: Bool = false, ruleType: String? = nil,
        associations filter: SchemaAssociationFilter? = nil, page: Page = Page(), visible: SubjectVisibility? = nil) -> [SchemaVersionView]
    {
        return read { (state) -> [SchemaVersionView] in
            let prefix = prefix ?? ""
            var subjects: [QualifiedSubject] = []
            for (contextName, context) in state.contexts {
                for name in context.subjects.keys {
                    let s = QualifiedSubject(context: contextName, name: name)
                    guard Self.matches(s, prefix: prefix), visible?(s) ?? true else { continue }
                    if let filter, filter.shown(state.associations(ofSubject: s)) == nil { continue }
                    subjects.append(s)
                }
            }
            // Filtered on the records and paged before any schema is made (which copies its text).
            var matching: [StoredVersion] = []
            for subject in subjects.sorted() {
                var versions = state.versions(of: subject).filter { includeDeleted || !$0.deleted }
                if latestOnly { versions = Array(versions.suffix(1)) }
                for v in versions {
                    guard let table = state.contexts[subject.context]?.schemas, let record = table[id: v.schemaId] else { continue }
                    if let ruleType {
                        let rules = table.extras(of: record)?.ruleSet?.objectValue
                        let all = DataContracts.ruleKinds.flatMap { rules?[$0]?.arrayValue ?? [] }
                        guard all.contains(where: { $0.objectValue?["type"]?.stringValue == ruleType }) else { continue }
                    }
                    matching.append(v)
                }
            }
            return page.apply(matching, defaultLimit: options.schemaSearchLimit, maximum: options.schemaSearchLimit)
                .compactMap { view($0, in: state) }
        }
    }

    /// `GET /contexts`: `.` first, then the others sorted.
    public func contexts(prefix: String? = nil, page: Page = Page()) -> [String] {
        return read { (state) -> [String] in
            var names = state.contexts.filter { $0.key != QualifiedSubject.globalContext && !$0.value.subjects.isEmpty }.keys.sorted()
            names.removeAll { $0 == QualifiedSubject.defaultContext }
            var result = [QualifiedSubject.defaultContext] + names
            if let prefix { result = result.filter { $0.hasPrefix(prefix) } }
            return page.apply(result)
        }
    }
}
