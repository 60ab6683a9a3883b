/// The kinds of reader/writer mismatch Avro's schema resolution can run into.
///
/// The raw values are the names Java Avro's `SchemaIncompatibilityType` uses, because Confluent
/// clients see them verbatim as `errorType` in verbose compatibility responses.
public enum AvroIncompatibilityType: String, Hashable, Sendable, CaseIterable {
    /// A reader field is absent from the writer and has no default to fill it with.
    case readerFieldMissingDefaultValue = "READER_FIELD_MISSING_DEFAULT_VALUE"
    /// The reader's type cannot decode the writer's type, even after promotion.
    case typeMismatch = "TYPE_MISMATCH"
    /// Two named types meet whose names (and reader aliases) disagree.
    case nameMismatch = "NAME_MISMATCH"
    /// Two fixed types of different sizes.
    case fixedSizeMismatch = "FIXED_SIZE_MISMATCH"
    /// The writer may produce enum symbols the reader lacks, and the reader has no enum default.
    case missingEnumSymbols = "MISSING_ENUM_SYMBOLS"
    /// A writer union branch (or a non-union writer type) that no reader union branch can read.
    case missingUnionBranch = "MISSING_UNION_BRANCH"
}

/// One reason why a reader schema cannot read every datum of a writer schema.
///
/// It carries exactly what Java Avro reports (type, JSON Pointer location, short message), so the
/// Confluent wire strings can be rebuilt byte for byte, while staying a plain value a caller can
/// also show in its own words.
public struct AvroIncompatibility: Hashable, Sendable {
    /// What went wrong.
    public var type: AvroIncompatibilityType
    /// JSON Pointer into the reader schema document where it went wrong (`/` for the root,
    /// `/fields/1/type` for the type of the reader's second field).
    public var location: String
    /// Java's `additionalInfo` text: `expected: ns.Name`, `[A, B]`, the field name, ...
    public var message: String

    /// Creates an incompatibility.
    public init(type: AvroIncompatibilityType, location: String, message: String) {
        self.type = type
        self.location = location
        self.message = message
    }

    /// The human sentence Confluent puts in `description`, with the reader and writer schemas
    /// called by the caller's role words ("new"/"old"), since only the caller knows which schema
    /// played which part.
    public func confluentDescription(readerRole: String, writerRole: String) -> String {
        switch type {
        case .fixedSizeMismatch:
            return "The size of FIXED type field at path '\(location)' in the \(readerRole) "
                + "schema does not match with the \(writerRole) schema"
        case .typeMismatch:
            return "The type (path '\(location)') of a field in the \(readerRole) schema does "
                + "not match with the \(writerRole) schema"
        case .nameMismatch:
            return "The name of the schema has changed (path '\(location)')"
        case .missingEnumSymbols:
            return "The \(readerRole) schema is missing enum symbols '\(message)' at path '"
                + "\(location)' in the \(writerRole) schema"
        case .missingUnionBranch:
            return "The \(readerRole) schema is missing a type inside a union field at path '"
                + "\(location)' in the \(writerRole) schema"
        case .readerFieldMissingDefaultValue:
            return "The field '\(message)' at path '\(location)' in the \(readerRole) schema has "
                + "no default value and is missing in the \(writerRole) schema"
        }
    }

    /// The entry Confluent returns in a verbose compatibility response:
    /// `{errorType:'...', description:'...', additionalInfo:'...'}` (single quotes, no escaping,
    /// exactly as Confluent writes it, so clients parsing those strings keep working).
    public func confluentMessage(readerRole: String, writerRole: String) -> String {
        "{errorType:'\(type.rawValue)', description:'"
            + confluentDescription(readerRole: readerRole, writerRole: writerRole)
            + "', additionalInfo:'\(message)'}"
    }
}
