import JSONModel

/// Confluent's JSON Schema diff (`io.confluent.kafka.schemaregistry.json.diff.SchemaDiff`),
/// reproduced over raw `JSONValue` schemas.
///
/// The registry decides compatibility from this list alone, so its contents — the types, the
/// paths and which branch of a `oneOf` gets matched — must be Confluent's, not what JSON Schema
/// semantics would suggest. Known Confluent quirks are kept on purpose and marked where they occur.
public enum JSONSchemaDiff {
    /// Every difference between `original` (the schema data was written with; OLD for BACKWARD)
    /// and `update` (the schema that must accept it; NEW for BACKWARD), compatible ones included,
    /// in traversal order.
    ///
    /// - Parameters:
    ///   - policy: which differences count as compatible *while* comparing. It matters beyond the
    ///     final filter: `oneOf`/`anyOf` branches are matched by compatibility, so LENIENT can
    ///     pick a different branch than STRICT.
    ///   - resolver: supplies documents for `$ref`s outside the schema (`other.json#/...`);
    ///     local `#/definitions/...` and `#/$defs/...` are resolved internally.
    /// - Throws: `JSONSchemaCompatibilityError` for an unresolvable `$ref` or a malformed schema.
    public static func compare(
        original: JSONValue,
        update: JSONValue,
        policy: JSONSchemaCompatibilityPolicy = .strict,
        resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }
    ) throws(JSONSchemaCompatibilityError) -> [JSONSchemaDifference] {
        let o = try CompatSchemaLoader(root: original, resolver: resolver).loadRoot()
        let u = try CompatSchemaLoader(root: update, resolver: resolver).loadRoot()
        return try compare(original: o, update: u, compatible: policy.compatibleTypes)
    }

    /// Confluent's fixed point (DGS-24489, 2026): a pair met again while it is being compared is
    /// assumed compatible; because memoized results may rest on that guess, the comparison is
    /// repeated with the pairs found incompatible seeded until that set stops changing.
    static func compare(
        original: CompatNode, update: CompatNode, compatible: Set<JSONSchemaDifferenceType>, skipsEqualSubschemas: Bool = false
    ) throws(JSONSchemaCompatibilityError) -> [JSONSchemaDifference] {
        var seed: [CompatPair: [JSONSchemaDifference]] = [:]
        while true {
            let run = CompatRun(compatible: compatible, seed: seed)
            run.skipsEqualSubschemas = skipsEqualSubschemas
            let ctx = CompatContext(run: run)
            try ctx.compare(original, update)
            let incompatible = run.incompatiblePairs()
            if !run.usedOptimism || Set(incompatible.keys) == Set(seed.keys) {
                return ctx.differences
            }
            seed = incompatible
        }
    }
}

/// The question the registry asks: which differences break compatibility under a policy.
public enum JSONSchemaCompatibilityChecker {
    /// The differences that stop `reader` from accepting every document valid under `writer`;
    /// empty when it can. BACKWARD asks with reader = new, writer = old; FORWARD the other way.
    ///
    /// Confluent's wiring: `new.isBackwardCompatible(old)` is `SchemaDiff.compare(original: old,
    /// update: new)` filtered by the policy, so `writer` is the diff's original. Use
    /// `JSONSchemaDifference.confluentMessage(readerRole:writerRole:)` for the message strings.
    public static func incompatibilities(
        reader: JSONValue,
        writer: JSONValue,
        policy: JSONSchemaCompatibilityPolicy = .strict,
        resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }
    ) throws(JSONSchemaCompatibilityError) -> [JSONSchemaDifference] {
        try JSONSchemaDiff.compare(original: writer, update: reader, policy: policy, resolver: resolver)
            .filter { !policy.allows($0.type) }
    }

    /// The same, over schemas loaded once (`JSONSchemaCompatibilityModel`), for a registry that
    /// checks one new schema against many versions: each version is loaded once, not once per
    /// check, and subschemas equal on both sides are not walked.
    public static func incompatibilities(
        reader: JSONSchemaCompatibilityModel, writer: JSONSchemaCompatibilityModel, policy: JSONSchemaCompatibilityPolicy = .strict
    ) throws(JSONSchemaCompatibilityError) -> [JSONSchemaDifference] {
        let skips = reader.isSelfContained && writer.isSelfContained && reader.draft == writer.draft
        return try JSONSchemaDiff.compare(original: writer.root, update: reader.root, compatible: policy.compatibleTypes, skipsEqualSubschemas: skips)
            .filter { !policy.allows($0.type) }
    }

    /// Whether `reader` accepts every document valid under `writer` (no incompatibilities);
    /// `false` when the schemas cannot be compared.
    public static func isCompatible(
        reader: JSONValue,
        writer: JSONValue,
        policy: JSONSchemaCompatibilityPolicy = .strict,
        resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }
    ) -> Bool {
        (try? incompatibilities(reader: reader, writer: writer, policy: policy, resolver: resolver).isEmpty) ?? false
    }
}

// MARK: - Comparison state

/// A pair of schema objects, by identity, as Confluent's `Context.SchemaPair`.
struct CompatPair: Hashable {
    let original: ObjectIdentifier
    let update: ObjectIdentifier
    init(_ o: CompatNode, _ u: CompatNode) {
        original = ObjectIdentifier(o)
        update = ObjectIdentifier(u)
    }
}

/// State shared by every context of one pass: the memo, the pairs on the stack, the seed.
final class CompatRun {
    let compatible: Set<JSONSchemaDifferenceType>
    let seed: [CompatPair: [JSONSchemaDifference]]
    var memo: [CompatPair: [JSONSchemaDifference]] = [:]
    var inProgress: Set<CompatPair> = []
    var usedOptimism = false
    /// Both schemas are self-contained (no `$ref`) and of one draft, so two subschemas built
    /// from equal JSON are equal trees, and an equal pair has no difference to report.
    var skipsEqualSubschemas = false

    init(compatible: Set<JSONSchemaDifferenceType>, seed: [CompatPair: [JSONSchemaDifference]]) {
        self.compatible = compatible
        self.seed = seed
    }

    func incompatiblePairs() -> [CompatPair: [JSONSchemaDifference]] {
        memo.filter { entry in entry.value.contains { !compatible.contains($0.type) } }
    }
}

/// Confluent's `Context`: a path and the differences found under it.
final class CompatContext {
    let run: CompatRun
    private(set) var path: [String] = []
    private(set) var differences: [JSONSchemaDifference] = []

    init(run: CompatRun, path: [String] = []) {
        self.run = run
        self.path = path
    }

    /// A context that shares the memo but collects its own differences, for trial comparisons.
    func subcontext() -> CompatContext { CompatContext(run: run, path: path) }

    var isCompatible: Bool { differences.allSatisfy { run.compatible.contains($0.type) } }

    var currentPath: String { "#/" + path.joined(separator: "/") }

    func add(_ type: JSONSchemaDifferenceType) {
        differences.append(JSONSchemaDifference(type: type, path: currentPath))
    }

    func add(_ type: JSONSchemaDifferenceType, at attribute: String) {
        path.append(attribute)
        add(type)
        path.removeLast()
    }

    func add(_ diffs: [JSONSchemaDifference]) { differences += diffs }

    func within<T>(_ token: String, _ body: () throws(JSONSchemaCompatibilityError) -> T) throws(JSONSchemaCompatibilityError) -> T {
        path.append(token)
        defer { path.removeLast() }
        return try body()
    }

    /// Adds pair-relative differences (paths from `#/`) under the current path.
    private func addRebased(_ relative: [JSONSchemaDifference]) {
        if relative.isEmpty { return }
        if path.isEmpty { differences += relative; return }
        let prefix = currentPath
        for d in relative {
            let p = d.path.count <= 2 ? prefix : prefix + "/" + d.path.dropFirst(2)
            differences.append(JSONSchemaDifference(type: d.type, path: p))
        }
    }

    // MARK: SchemaDiff.compare

    func compare(_ original: CompatNode?, _ update: CompatNode?) throws(JSONSchemaCompatibilityError) {
        guard let original else {
            if update != nil { add(.schemaAdded) }
            return
        }
        guard let update else { add(.schemaRemoved); return }
        let o = try Self.normalize(original)
        let u = try Self.normalize(update)
        addRebased(try memoized(o, u))
    }

    /// Confluent unwraps one `ReferenceSchema` level only (`normalizeSchema`).
    private static func normalize(_ node: CompatNode) throws(JSONSchemaCompatibilityError) -> CompatNode {
        guard case .reference(let ref) = node.kind else { return node }
        guard let target = ref.target else { throw .unresolvedReference(ref.value) }
        return target
    }

    private func memoized(_ o: CompatNode, _ u: CompatNode) throws(JSONSchemaCompatibilityError) -> [JSONSchemaDifference] {
        // Most of a new version is its predecessor unchanged: not walking what is equal keeps a
        // transitive check over many versions of a wide schema in proportion to what changed.
        if run.skipsEqualSubschemas && o.hasSameIdentity(as: u) { return [] }
        let key = CompatPair(o, u)
        if let cached = run.memo[key] { return cached }
        if run.inProgress.contains(key) {
            if let seeded = run.seed[key] { return seeded }
            run.usedOptimism = true
            return []
        }
        run.inProgress.insert(key)
        defer { run.inProgress.remove(key) }
        let sub = CompatContext(run: run)
        try sub.compareTypes(o, u)
        run.memo[key] = sub.differences
        return sub.differences
    }

    // MARK: SchemaDiff.compareTypes

    private func compareTypes(_ o: CompatNode, _ u: CompatNode) throws(JSONSchemaCompatibilityError) {
        if !o.isCombined, let (criterion, subs) = u.combined {
            if subs.count == 1 {
                let sub = subcontext()
                try sub.compare(o, subs[0])
                if sub.isCompatible { add(sub.differences); return }
            } else if criterion == .anyOf || criterion == .oneOf {
                for s in subs {
                    let sub = subcontext()
                    try sub.compare(o, s)
                    if sub.isCompatible {
                        add(sub.differences)
                        add(.sumTypeExtended)
                        return
                    }
                }
            }
        } else if let (criterion, subs) = o.combined, !u.isCombined {
            if subs.count == 1 {
                let sub = subcontext()
                try sub.compare(subs[0], u)
                if sub.isCompatible { add(sub.differences); return }
            } else if criterion == .allOf {
                for s in subs {
                    let sub = subcontext()
                    try sub.compare(s, u)
                    if sub.isCompatible {
                        add(sub.differences)
                        add(.productTypeNarrowed)
                        return
                    }
                }
            }
        }

        if o.schemaClass != u.schemaClass {
            // TrueSchema extends EmptySchema in everit, so `true` counts as empty here.
            if o.isFalse || u.isEmptyOrTrue { return }
            // Kafka Connect's decimal fix: two `connect.type: bytes` schemas are interchangeable.
            if o.connectType == "bytes", u.connectType == "bytes" { return }
            add(.typeChanged)
            return
        }

        if o.id != u.id { add(.idChanged) }
        if o.title != u.title { add(.titleChanged) }
        if o.description != u.description { add(.descriptionChanged) }
        if o.defaultValue != u.defaultValue { add(.defaultChanged) }

        switch (o.kind, u.kind) {
        case (.string(let a), .string(let b)): compareString(a, b)
        case (.number(let a), .number(let b)): try compareNumber(a, b)
        case (.const(let a), .const(let b)): if a != b { add(.enumArrayChanged, at: "const") }
        case (.enumeration(let a), .enumeration(let b)): compareEnum(a, b)
        case (.combined(let ca, let sa), .combined(let cb, let sb)): try compareCombined(ca, sa, cb, sb)
        case (.not(let a), .not(let b)): try compareNot(a, b)
        case (.object(let a), .object(let b)): try compareObject(a, b)
        case (.array(let a), .array(let b)): try compareArray(a, b)
        default: break
        }
    }
}

/// A JSON Schema loaded for comparisons once, so that checking one new schema against many
/// stored versions does not rebuild each version's model per check.
///
/// Unchecked `Sendable`: the node graph is built in `init` and only read afterwards (the diff
/// keys its memo by node identity and never changes a node).
public final class JSONSchemaCompatibilityModel: @unchecked Sendable {
    let root: CompatNode
    let draft: JSONSchemaDraft
    /// No `$ref` anywhere, so equal JSON means equal subschemas.
    let isSelfContained: Bool

    /// Loads `json`; `resolver` supplies documents for external `$ref`s.
    public init(_ json: JSONValue, resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }) throws(JSONSchemaCompatibilityError) {
        root = try CompatSchemaLoader(root: json, resolver: resolver, digests: true).loadRoot()
        draft = JSONSchemaDraft(detectingIn: json)
        isSelfContained = !Self.containsReference(json)
    }

    static func containsReference(_ json: JSONValue) -> Bool {
        switch json {
        case .object(let object): return object.contains { $0.key == "$ref" || $0.key == "$dynamicRef" || $0.key == "$recursiveRef" || containsReference($0.value) }
        case .array(let items): return items.contains(where: containsReference)
        default: return false
        }
    }
}
