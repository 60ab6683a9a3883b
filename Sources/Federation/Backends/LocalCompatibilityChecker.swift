import SchemaRegistryAPI
import SchemaRegistryCore

/// Compatibility computed by this project's own checkers (the registry server's rules, exact
/// to Confluent), for registries that cannot answer themselves (Glue has no dry-run check) and
/// for bulk checks under a mode other than the one a subject has.
public struct LocalCompatibilityChecker: Sendable {
    /// Creates a checker.
    public init() {}

    /// The format that parses `name`'s schemas; `nil` for table formats, which have their own rules.
    static func format(_ name: SchemaFormatName) -> (any SchemaFormat)? {
        switch name {
        case .avro: return AvroSchemaFormat()
        case .jsonSchema: return JSONSchemaFormat()
        case .protobuf: return ProtobufSchemaFormat()
        case .iceberg: return nil
        }
    }

    /// Parses a schema with its references.
    func parse(_ content: String, format name: SchemaFormatName, references: [NamedSchemaText]) throws(FederationError) -> any ParsedSchema {
        guard let format = Self.format(name) else {
            throw .invalidRequest("\(name.rawValue) schemas are checked by table evolution rules, not by a registry's modes")
        }
        let resolved = references.map { reference in
            ResolvedReference(name: reference.name, schemaText: reference.content, schemaType: Self.format(reference.format)?.schemaType ?? .avro)
        }
        do throws(SchemaParseFailure) {
            return try format.parse(content, references: resolved)
        } catch {
            throw .invalidSchema("Invalid schema of type \(name.rawValue): \(error.message)")
        }
    }

    /// Whether `schema` could follow `previous` (oldest first) under `mode`.
    ///
    /// - Throws: `.invalidSchema` when the new schema does not parse; an old version that does
    ///   not parse is reported in the verdict's `errors` and left out of the check.
    public func check(
        _ schema: SchemaSubmission, references: [NamedSchemaText] = [], against previous: [FederatedSchema], mode: FederatedCompatibilityMode
    ) throws(FederationError) -> CompatibilityVerdict {
        let parsed = try parse(schema.content, format: schema.format, references: references)
        var errors: [String] = []
        var earlier: [PreviousSchema<any ParsedSchema>] = []
        for version in previous {
            guard version.format == schema.format else {
                errors.append("version \(version.version.map(String.init) ?? version.id) is \(version.format.rawValue), not \(schema.format.rawValue)")
                continue
            }
            do throws(FederationError) {
                let old = try parse(version.content, format: version.format, references: version.references)
                earlier.append(PreviousSchema(version: version.version, canonicalText: old.canonicalText, schema: old))
            } catch {
                errors.append("version \(version.version.map(String.init) ?? version.id) cannot be read: \(error)")
            }
        }
        guard let level = mode.level else {
            return CompatibilityVerdict(
                isCompatible: false, messages: ["the subject is read-only (\(mode.rawValue)): no new version can be registered"], level: mode,
                errors: errors, computedBy: .federation)
        }
        let result = CompatibilityChecker(rule: AnySchemaCompatibilityRule()).check(level: level, newSchema: parsed, previous: earlier)
        return CompatibilityVerdict(isCompatible: result.isCompatible, messages: result.messages, level: mode, errors: errors, computedBy: .federation)
    }

    /// Whether a subject's existing history would have been accepted under `mode`: each
    /// version checked against the ones before it. A read-only mode accepts any history (it
    /// only stops new versions).
    public func checkHistory(_ versions: [FederatedSchema], mode: FederatedCompatibilityMode) -> HistoryVerdict {
        guard let level = mode.level, level != .none else {
            return HistoryVerdict(isCompatible: true, versionsChecked: versions.count, messages: [], errors: [])
        }
        var parsed: [PreviousSchema<any ParsedSchema>] = []
        var messages: [String] = []
        var errors: [String] = []
        let checker = CompatibilityChecker(rule: AnySchemaCompatibilityRule())
        for version in versions {
            let label = version.version.map { "version \($0)" } ?? "schema \(version.id)"
            let schema: any ParsedSchema
            do throws(FederationError) {
                schema = try parse(version.content, format: version.format, references: version.references)
            } catch {
                errors.append("\(label) cannot be read: \(error)")
                continue
            }
            if let format = parsed.last?.schema.schemaType, format != schema.schemaType {
                messages.append("\(label) changes the schema type from \(format.rawValue) to \(schema.schemaType.rawValue)")
            } else {
                let result = checker.check(level: level, newSchema: schema, previous: parsed)
                if !result.isCompatible {
                    let against = result.failure?.version.map { " against version \($0)" } ?? ""
                    let reasons = result.failure?.issues.map { issue in
                        issue.location.map { "\(issue.description) at \($0)" } ?? issue.description
                    } ?? result.messages
                    messages.append("\(label) is incompatible\(against): \(reasons.joined(separator: "; "))")
                }
            }
            parsed.append(PreviousSchema(version: version.version, canonicalText: schema.canonicalText, schema: schema))
        }
        return HistoryVerdict(isCompatible: messages.isEmpty, versionsChecked: versions.count, messages: messages, errors: errors)
    }
}

/// Whether a subject's history passes a mode, and why not.
public struct HistoryVerdict: Hashable, Sendable {
    /// Every version would have been accepted.
    public var isCompatible: Bool
    /// How many versions were read.
    public var versionsChecked: Int
    /// One line per version that would have been refused.
    public var messages: [String]
    /// Versions that could not be read.
    public var errors: [String]

    /// Creates a verdict.
    public init(isCompatible: Bool, versionsChecked: Int, messages: [String], errors: [String]) {
        self.isCompatible = isCompatible
        self.versionsChecked = versionsChecked
        self.messages = messages
        self.errors = errors
    }
}
