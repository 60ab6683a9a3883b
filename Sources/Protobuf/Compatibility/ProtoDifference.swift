/// The kinds of change Confluent's Protobuf `SchemaDiff` reports, so that `rawValue` is the
/// `errorType` of a Confluent message.
public enum ProtoDifferenceType: String, Sendable, Hashable, CaseIterable {
    case packageChanged = "PACKAGE_CHANGED"
    case messageAdded = "MESSAGE_ADDED"
    case messageRemoved = "MESSAGE_REMOVED"
    case messageMoved = "MESSAGE_MOVED"
    case enumAdded = "ENUM_ADDED"
    case enumRemoved = "ENUM_REMOVED"
    case enumConstAdded = "ENUM_CONST_ADDED"
    case enumConstChanged = "ENUM_CONST_CHANGED"
    case enumConstRemoved = "ENUM_CONST_REMOVED"
    case fieldAdded = "FIELD_ADDED"
    case fieldRemoved = "FIELD_REMOVED"
    case fieldNameChanged = "FIELD_NAME_CHANGED"
    case fieldKindChanged = "FIELD_KIND_CHANGED"
    case fieldScalarKindChanged = "FIELD_SCALAR_KIND_CHANGED"
    case fieldNamedTypeChanged = "FIELD_NAMED_TYPE_CHANGED"
    case fieldNumericLabelChanged = "FIELD_NUMERIC_LABEL_CHANGED"
    case fieldStringOrBytesLabelChanged = "FIELD_STRING_OR_BYTES_LABEL_CHANGED"
    case requiredFieldAdded = "REQUIRED_FIELD_ADDED"
    case requiredFieldRemoved = "REQUIRED_FIELD_REMOVED"
    case oneofAdded = "ONEOF_ADDED"
    case oneofRemoved = "ONEOF_REMOVED"
    case oneofFieldAdded = "ONEOF_FIELD_ADDED"
    case oneofFieldRemoved = "ONEOF_FIELD_REMOVED"
    case oneofFieldMovedToTopLevel = "ONEOF_FIELD_MOVED_TO_TOP_LEVEL"
    case multipleFieldsMovedToOneof = "MULTIPLE_FIELDS_MOVED_TO_ONEOF"
    case fieldMovedToExistingOneof = "FIELD_MOVED_TO_EXISTING_ONEOF"
    // Ours, reported only under `ProtoCompatibilityChecks.extended`: changes Confluent lets
    // through although a reader of one schema misreads data written with the other.
    case syntaxChanged = "SYNTAX_CHANGED"
    case fieldNumericCardinalityChanged = "FIELD_NUMERIC_CARDINALITY_CHANGED"
    case fieldMadeRequired = "FIELD_MADE_REQUIRED"
    case closedEnumConstMissing = "CLOSED_ENUM_CONST_MISSING"

    /// Whether a reader of one schema still reads data written with the other after this
    /// change (Confluent's fixed set of compatible changes).
    public var isCompatible: Bool {
        switch self {
        case .messageAdded, .messageMoved, .enumAdded, .enumRemoved, .enumConstAdded, .enumConstChanged, .enumConstRemoved,
            .fieldAdded, .fieldRemoved, .fieldNameChanged, .fieldStringOrBytesLabelChanged, .oneofAdded, .oneofRemoved,
            .oneofFieldAdded, .oneofFieldMovedToTopLevel:
            return true
        case .packageChanged, .messageRemoved, .fieldKindChanged, .fieldScalarKindChanged, .fieldNamedTypeChanged,
            .fieldNumericLabelChanged, .requiredFieldAdded, .requiredFieldRemoved, .oneofFieldRemoved, .multipleFieldsMovedToOneof,
            .fieldMovedToExistingOneof, .syntaxChanged, .fieldNumericCardinalityChanged, .fieldMadeRequired, .closedEnumConstMissing:
            return false
        }
    }
}

/// One change found between an original (old) and an updated (new) Protobuf schema: its type
/// and where it happened (`#/Outer/Inner/3`, tags and names joined by `/`).
public struct ProtoDifference: Sendable, Hashable, CustomStringConvertible {
    public var type: ProtoDifferenceType
    public var path: String

    public init(type: ProtoDifferenceType, path: String) {
        self.type = type
        self.path = path
    }

    /// `"<TYPE> <path>"`.
    public var description: String { "\(type.rawValue) \(path)" }

    /// Confluent's sentence for this difference, the role words filled in (`readerRole` first,
    /// as Java's `String.format` fills the first `%s`); empty for compatible-only types, as in
    /// Confluent, except the one compatible type that has a sentence.
    public func confluentDescription(readerRole r: String, writerRole w: String) -> String {
        let p = path
        switch type {
        case .packageChanged: return "The package at '\(p)' in the \(r) schema does not match the package in the \(w) schema"
        case .messageRemoved: return "The \(r) schema is missing a MESSAGE type at path '\(p)' in the \(w) schema"
        case .fieldKindChanged: return "The type of a field at path '\(p)' in the \(r) schema does not match the \(w) schema"
        case .fieldScalarKindChanged:
            return "The kind of a SCALAR field at path '\(p)' in the \(r) schema does not match its kind in the \(w) schema"
        case .fieldNamedTypeChanged:
            return "The type of a MESSAGE field at path '\(p)' in the \(r) schema does not match its type in the \(w) schema"
        case .fieldNumericLabelChanged:
            return "The label for a NUMERIC field at path '\(p)' in the \(r) schema does not match its label in the \(w) schema"
        // Two spaces after "field", as Confluent has it.
        case .requiredFieldAdded: return "A required field  at path '\(p)' in the \(r) schema is missing in the \(w) schema"
        case .requiredFieldRemoved: return "The \(r) schema is missing a required field at path: '\(p)' in the \(w) schema"
        case .oneofFieldRemoved: return "The \(r) schema is missing a oneof field at path '\(p)' in the \(w) schema"
        case .oneofFieldMovedToTopLevel:
            return "The oneof field at path '\(p)' in the \(r) schema was moved out of its oneof to a top-level field in the \(w) schema"
        case .multipleFieldsMovedToOneof:
            return "Multiple fields in the oneof at path '\(p)' in the \(r) schema are outside a oneof in the \(w) schema"
        case .fieldMovedToExistingOneof:
            return "A field in the oneof at path '\(p)' in the \(r) schema is outside an existing oneof in the \(w) schema"
        case .syntaxChanged: return "The syntax of the \(r) schema does not match the syntax of the \(w) schema"
        case .fieldNumericCardinalityChanged:
            return "A NUMERIC field at path '\(p)' in the \(r) schema is repeated in one schema and singular in the other, so the \(w) schema's packed or single values are misread"
        case .fieldMadeRequired: return "The field at path '\(p)' is required in the \(r) schema but not in the \(w) schema"
        case .closedEnumConstMissing:
            return "The closed enum at path '\(p)' in the \(r) schema is missing a constant of the \(w) schema"
        default: return ""
        }
    }

    /// The message Confluent lists for an incompatible change:
    /// `{errorType:"<TYPE>", description:"<sentence>"}`.
    public func confluentMessage(readerRole: String, writerRole: String) -> String {
        "{errorType:\"\(type.rawValue)\", description:\"\(confluentDescription(readerRole: readerRole, writerRole: writerRole))\"}"
    }
}

/// Which changes count: Confluent's `SchemaDiff` as it is (the default, and what clients and CI
/// pipelines depend on), or that plus the checks for what it lets through although a reader
/// misreads the data (`docs/reference/protobuf-canonical.md`, section 5). The extended checks
/// only add incompatible differences; they never make an incompatible change compatible.
public enum ProtoCompatibilityChecks: String, Sendable, Hashable, CaseIterable {
    /// Confluent's verdicts, exactly.
    case confluent
    /// Also: a syntax change; a numeric field turned repeated or singular where a side has no
    /// label (proto3); a field turned `required`; a closed (proto2) enum of the reader missing
    /// a constant of the writer, which FORWARD misses.
    case extended
}
