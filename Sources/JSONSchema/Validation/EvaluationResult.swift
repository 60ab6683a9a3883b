/// The outcome of applying one schema to one value: its errors, and the annotations that
/// `unevaluatedProperties` and `unevaluatedItems` need (which members and items were evaluated
/// by a schema that succeeded).
struct EvaluationResult {
    var errors: [JSONSchemaValidationError] = []
    var evaluatedProperties: Set<String> = []
    var evaluatedItems: Set<Int> = []

    var isValid: Bool { errors.isEmpty }

    /// Takes the annotations of a subschema that succeeded; a failed one contributes none.
    mutating func mergeAnnotations(_ other: EvaluationResult) {
        guard other.isValid else { return }
        evaluatedProperties.formUnion(other.evaluatedProperties)
        evaluatedItems.formUnion(other.evaluatedItems)
    }

    /// Takes a subschema's errors and, if it succeeded, its annotations.
    mutating func absorb(_ other: EvaluationResult) {
        errors += other.errors
        mergeAnnotations(other)
    }
}
