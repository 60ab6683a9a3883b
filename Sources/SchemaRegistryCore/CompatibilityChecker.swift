/// Applies a compatibility level to a new schema and the subject's previous schemas, producing
/// exactly the verdict and verbose messages Confluent Schema Registry produces.
///
/// Format-independent: the format contributes only its `SchemaCompatibilityRule`. Which versions
/// are checked, in which order, when to stop, and how the message list is assembled (roles,
/// `oldSchemaVersion`/`oldSchema` entries, the final `validateFields` entry) is Confluent's
/// `SchemaValidatorBuilder` / `AbstractSchemaRegistry` behaviour and lives here once.
public struct CompatibilityChecker<Rule: SchemaCompatibilityRule>: Sendable {
    /// The format's reader/writer primitive.
    public var rule: Rule
    /// The subject's `validateFields` setting, echoed in the final message (the reserved-field
    /// checks it enables are the registry's, `Registry.reservedFieldMessages`).
    public var validateFields: Bool

    /// Confluent quotes at most this many UTF-16 code units of an old schema in a message.
    public static var maximumQuotedSchemaLength: Int { 10 * 1024 }

    /// Creates a checker for one format.
    public init(rule: Rule, validateFields: Bool = false) {
        self.rule = rule
        self.validateFields = validateFields
    }

    /// Checks `newSchema` against `previous` under `level`.
    ///
    /// - Parameters:
    ///   - level: the subject's compatibility level.
    ///   - newSchema: the schema being registered or tested.
    ///   - previous: the subject's live versions, OLDEST FIRST (registry order). Non-transitive
    ///     levels look only at the last one; transitive ones go newest to oldest and stop at the
    ///     first incompatible version, so only that version's messages are reported.
    public func check(
        level: CompatibilityLevel, newSchema: Rule.Schema, previous: [PreviousSchema<Rule.Schema>]
    ) -> CompatibilityResult {
        guard level != .none, !previous.isEmpty else { return .compatible }
        let indices = level.isTransitive ? Array(previous.indices.reversed()) : [previous.indices.last ?? 0]
        for index in indices {
            let (messages, issues) = check(level: level, newSchema: newSchema, old: previous[index])
            if !messages.isEmpty {
                let final = messages + [summaryEntry(level: level)]
                let failure = CompatibilityFailure(
                    previousIndex: index, version: previous[index].version, issues: issues)
                return CompatibilityResult(messages: final, failure: failure)
            }
        }
        return .compatible
    }

    /// The entry that ends every non-empty message list.
    public func summaryEntry(level: CompatibilityLevel) -> String {
        "{validateFields: '\(validateFields)', compatibility: '\(level.rawValue)'}"
    }

    /// One previous version: forward half first (no appendices under FULL), then backward half.
    func check(
        level: CompatibilityLevel, newSchema: Rule.Schema, old: PreviousSchema<Rule.Schema>
    ) -> (messages: [String], issues: [CompatibilityIssue]) {
        var messages: [String] = []
        var issues: [CompatibilityIssue] = []
        if level.checksForward {
            let forward = rule.issues(reader: old.schema, writer: newSchema, roles: .oldReadsNew)
            messages += forward.map(\.message)
            if !forward.isEmpty && !level.checksBackward { messages += appendices(for: old) }
            issues += forward
        }
        if level.checksBackward {
            let backward = rule.issues(reader: newSchema, writer: old.schema, roles: .newReadsOld)
            messages += backward.map(\.message)
            if !backward.isEmpty { messages += appendices(for: old) }
            issues += backward
        }
        return (messages, issues)
    }

    /// The `{oldSchemaVersion: N}` and `{oldSchema: '...'}` entries that identify the old schema.
    func appendices(for old: PreviousSchema<Rule.Schema>) -> [String] {
        var entries: [String] = []
        if let version = old.version { entries.append("{oldSchemaVersion: \(version)}") }
        entries.append(Self.quotedSchemaEntry(old.canonicalText))
        return entries
    }

    /// `{oldSchema: '<text>'}`, or its truncated form for long schemas.
    ///
    /// Java cuts at a UTF-16 code unit count; a cut through a surrogate pair leaves a lone half,
    /// which Swift strings cannot hold, so it becomes U+FFFD here.
    static func quotedSchemaEntry(_ text: String) -> String {
        let limit = maximumQuotedSchemaLength
        if text.utf16.count <= limit { return "{oldSchema: '\(text)'}" }
        let prefix = String(decoding: Array(text.utf16.prefix(limit)), as: UTF16.self)
        return "{oldSchema: <truncated> '\(prefix)...'}"
    }
}
