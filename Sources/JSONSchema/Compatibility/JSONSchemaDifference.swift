/// One change found between an original (old) and an updated (new) JSON Schema, as Confluent's
/// `Difference` reports it: a type and the place in the schemas where it happened.
///
/// Compatible changes are differences too (for example `PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL`);
/// a `JSONSchemaCompatibilityPolicy` decides which of them break compatibility.
public struct JSONSchemaDifference: Hashable, Sendable, CustomStringConvertible {
    /// What changed.
    public var type: JSONSchemaDifferenceType
    /// Where it changed: `#/` followed by `/`-joined tokens (`#/properties/age/maximum`), or `#/`
    /// for the root. Property names are not escaped, exactly as Confluent prints them.
    public var path: String

    /// Creates a difference.
    public init(type: JSONSchemaDifferenceType, path: String) {
        self.type = type
        self.path = path
    }

    /// `"<TYPE> <path>"`, the form Confluent's test corpus lists changes in.
    public var description: String { "\(type.rawValue) \(path)" }

    /// Confluent's human sentence for this difference, with the role words filled in
    /// (`readerRole` first, as Java's `String.format` fills the first `%s`).
    ///
    /// Compatible-only types and `SCHEMA_ADDED` have an empty sentence in Confluent too.
    public func confluentDescription(readerRole: String, writerRole: String) -> String {
        let p = path
        let r = readerRole
        let w = writerRole
        switch type.messageGroup {
        case .keywordAddedOrRemoved:
            return "The keyword at path '\(p)' in the \(r) schema is not present in the \(w) schema"
        case .valueIncreased:
            return "The value at path '\(p)' in the \(r) schema is more than its value in the \(w) schema"
        case .valueDecreased:
            return "The value at path '\(p)' in the \(r) schema is less than its value in the \(w) schema"
        case .valueChanged:
            return "The value at path '\(p)' is different between the \(r) and \(w) schema"
        case .typeNarrowed:
            return "An array or combined type at path '\(p)' has fewer elements in the \(r) schema than the \(w) schema"
        case .typeExtended:
            return "An array or combined type at path '\(p)' has more elements in the \(r) schema than the \(w) schema"
        case .typeChanged:
            return "A type at path '\(p)' is different between the \(r) schema and the \(w) schema"
        case .addedToOpenContentModel:
            return "The \(r) schema has an open content model and has a property or item at path '\(p)' "
                + "which is missing in the \(w) schema"
        case .requiredAddedToUnopenContentModel:
            return "The \(r) schema has an unopen content model and has a required property at path '\(p)' "
                + "which is missing in the \(w) schema"
        case .removedFromClosedContentModel:
            // Confluent says "The new has", without "schema"; kept for byte parity.
            return "The \(r) has a closed content model and is missing a property or item present at path '\(p)' "
                + "in the \(w) schema"
        case .removedNotCovered:
            return "A property or item is missing in the \(r) schema but present at path '\(p)' in the \(w) schema "
                + "and is not covered by its partially open content model"
        case .addedNotCovered:
            return "The \(r) schema has a property or item at path '\(p)' which is missing in the \(w) schema "
                + "and is not covered by its partially open content model"
        case .reservedPropertyRemoved:
            return "The \(r) schema has reserved property '\(p)' removed from its metadata which is present "
                + "in the \(w) schema."
        case .reservedPropertyConflicts:
            return "The \(r) schema has property at path '\(p)' that conflicts with the reserved properties "
                + "which is missing in the \(w) schema."
        case .none:
            return ""
        }
    }

    /// The exact string Confluent puts in a verbose `messages` array for this difference:
    /// `{errorType:"<TYPE>", description:"<sentence>'}`.
    ///
    /// The description opens with a double quote and closes with a single quote; that slip is
    /// Confluent's (`Difference.toString`) and is reproduced for byte parity.
    public func confluentMessage(readerRole: String, writerRole: String) -> String {
        "{errorType:\"\(type.rawValue)\", description:\""
            + confluentDescription(readerRole: readerRole, writerRole: writerRole) + "'}"
    }
}

/// Which JSON Schema changes count as compatible: Confluent's `compatibilityPolicy` config.
///
/// STRICT is Confluent's default and only accepts changes that keep every old document valid
/// under the new schema; LENIENT (Confluent 2025-10, fixed 2026-05) also accepts the changes users
/// expect from Avro, such as adding an optional property to an open object.
public enum JSONSchemaCompatibilityPolicy: String, CaseIterable, Hashable, Sendable {
    /// Confluent's `COMPATIBLE_CHANGES_STRICT`.
    case strict = "STRICT"
    /// Confluent's `COMPATIBLE_CHANGES_LENIENT`: STRICT plus nine more types.
    case lenient = "LENIENT"

    /// The difference types this policy accepts.
    public var compatibleTypes: Set<JSONSchemaDifferenceType> {
        switch self {
        case .strict: return Self.strictSet
        case .lenient: return Self.lenientSet
        }
    }

    /// Whether a difference of this type keeps the schemas compatible under this policy.
    public func allows(_ type: JSONSchemaDifferenceType) -> Bool {
        compatibleTypes.contains(type)
    }

    private static let strictSet: Set<JSONSchemaDifferenceType> = [
        .idChanged, .descriptionChanged, .titleChanged, .defaultChanged, .schemaRemoved, .typeExtended,
        .maxLengthIncreased, .maxLengthRemoved, .minLengthDecreased, .minLengthRemoved, .patternRemoved,
        .maximumIncreased, .maximumRemoved, .minimumDecreased, .minimumRemoved,
        .exclusiveMaximumIncreased, .exclusiveMaximumRemoved, .exclusiveMinimumDecreased,
        .exclusiveMinimumRemoved, .multipleOfReduced, .multipleOfRemoved,
        .requiredAttributeWithDefaultAdded, .requiredAttributeRemoved, .dependencyArrayNarrowed,
        .dependencyArrayRemoved, .dependencySchemaRemoved, .maxPropertiesIncreased, .maxPropertiesRemoved,
        .minPropertiesDecreased, .minPropertiesRemoved, .additionalPropertiesAdded,
        .additionalPropertiesExtended, .unevaluatedPropertiesAdded, .unevaluatedPropertiesExtended,
        .propertyWithEmptySchemaAddedToOpenContentModel, .requiredPropertyWithDefaultAddedToUnopenContentModel,
        .optionalPropertyAddedToUnopenContentModel, .propertyWithFalseRemovedFromClosedContentModel,
        .propertyRemovedFromOpenContentModel, .propertyAddedIsCoveredByPartiallyOpenContentModel,
        .propertyRemovedIsCoveredByPartiallyOpenContentModel,
        .maxItemsIncreased, .maxItemsRemoved, .minItemsDecreased, .minItemsRemoved,
        .maxContainsIncreased, .maxContainsRemoved, .minContainsDecreased, .minContainsRemoved,
        .uniqueItemsRemoved, .additionalItemsAdded, .additionalItemsExtended, .unevaluatedItemsAdded,
        .unevaluatedItemsExtended, .itemWithEmptySchemaAddedToOpenContentModel, .itemAddedToClosedContentModel,
        .itemWithFalseRemovedFromClosedContentModel, .itemRemovedFromOpenContentModel,
        .itemAddedIsCoveredByPartiallyOpenContentModel, .itemRemovedIsCoveredByPartiallyOpenContentModel,
        .enumArrayExtended, .combinedTypeExtended, .productTypeNarrowed, .sumTypeExtended, .notTypeNarrowed,
    ]

    private static let lenientSet: Set<JSONSchemaDifferenceType> = strictSet.union([
        .additionalPropertiesNarrowed, .additionalPropertiesRemoved, .unevaluatedPropertiesNarrowed,
        .unevaluatedPropertiesRemoved, .requiredPropertyWithDefaultAddedToOpenContentModel,
        .optionalPropertyAddedToOpenContentModel, .propertyRemovedFromOpenContentModel,
        .propertyRemovedFromClosedContentModel, .propertyAddedNotCoveredByPartiallyOpenContentModel,
        .propertyRemovedNotCoveredByPartiallyOpenContentModel,
    ])
}

/// The sentence template a difference type uses, as grouped in Confluent's `Difference.error()`.
enum JSONSchemaDifferenceMessageGroup {
    case keywordAddedOrRemoved, valueIncreased, valueDecreased, valueChanged
    case typeNarrowed, typeExtended, typeChanged
    case addedToOpenContentModel, requiredAddedToUnopenContentModel, removedFromClosedContentModel
    case removedNotCovered, addedNotCovered, reservedPropertyRemoved, reservedPropertyConflicts
    case none
}

extension JSONSchemaDifferenceType {
    /// The template group; `.none` for the types Confluent gives an empty description.
    var messageGroup: JSONSchemaDifferenceMessageGroup {
        switch self {
        case .maximumAdded, .minimumAdded, .exclusiveMaximumAdded, .exclusiveMinimumAdded, .multipleOfAdded,
             .maxLengthAdded, .minLengthAdded, .patternAdded, .requiredAttributeAdded, .maxPropertiesAdded,
             .minPropertiesAdded, .dependencyArrayAdded, .dependencySchemaAdded, .maxItemsAdded, .minItemsAdded,
             .maxContainsAdded, .minContainsAdded, .uniqueItemsAdded, .additionalItemsRemoved,
             .additionalPropertiesRemoved, .unevaluatedPropertiesRemoved, .unevaluatedItemsRemoved:
            return .keywordAddedOrRemoved
        case .minLengthIncreased, .minimumIncreased, .exclusiveMinimumIncreased, .minPropertiesIncreased,
             .multipleOfExpanded, .minItemsIncreased, .minContainsIncreased:
            return .valueIncreased
        case .maxLengthDecreased, .maximumDecreased, .maxItemsDecreased, .maxContainsDecreased,
             .exclusiveMaximumDecreased, .maxPropertiesDecreased:
            return .valueDecreased
        case .patternChanged, .multipleOfChanged, .dependencyArrayChanged:
            return .valueChanged
        case .additionalItemsNarrowed, .enumArrayNarrowed, .sumTypeNarrowed, .additionalPropertiesNarrowed,
             .unevaluatedPropertiesNarrowed, .unevaluatedItemsNarrowed:
            return .typeNarrowed
        case .dependencyArrayExtended, .productTypeExtended, .sumTypeExtended, .notTypeExtended:
            return .typeExtended
        case .typeChanged, .typeNarrowed, .combinedTypeChanged, .combinedTypeSubschemasChanged, .enumArrayChanged:
            return .typeChanged
        case .requiredPropertyAddedToOpenContentModel, .requiredPropertyWithDefaultAddedToOpenContentModel,
             .optionalPropertyAddedToOpenContentModel, .itemAddedToOpenContentModel:
            return .addedToOpenContentModel
        case .requiredPropertyAddedToUnopenContentModel:
            return .requiredAddedToUnopenContentModel
        case .propertyRemovedFromClosedContentModel, .itemRemovedFromClosedContentModel:
            return .removedFromClosedContentModel
        case .propertyRemovedNotCoveredByPartiallyOpenContentModel,
             .itemRemovedNotCoveredByPartiallyOpenContentModel:
            return .removedNotCovered
        case .propertyAddedNotCoveredByPartiallyOpenContentModel, .itemAddedNotCoveredByPartiallyOpenContentModel:
            return .addedNotCovered
        case .reservedPropertyRemoved:
            return .reservedPropertyRemoved
        case .reservedPropertyConflictsWithProperty:
            return .reservedPropertyConflicts
        default:
            return .none
        }
    }
}
