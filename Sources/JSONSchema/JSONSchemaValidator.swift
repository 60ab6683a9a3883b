import JSONModel

/// Validates JSON instances against a parsed schema, as the JSON Schema serializers do before
/// producing and after consuming.
///
/// Every validation keyword of drafts 4, 6, 7, 2019-09 and 2020-12 is applied under the draft of
/// the schema that holds it; `format` is an annotation unless `assertsFormats` is set. The
/// validator is a value: share it freely across threads.
public struct JSONSchemaValidator: Sendable {
    /// The schema instances are checked against.
    public let document: JSONSchemaDocument
    /// Whether `format` rejects values (`date-time`, `date`, `time`, `email`, `ipv4`, `ipv6`,
    /// `uuid`); other formats stay annotations either way.
    public var assertsFormats: Bool

    /// Creates a validator.
    ///
    /// - Parameters:
    ///   - document: the schema.
    ///   - assertsFormats: opt in to `format` assertions; off by default, as the drafts specify.
    public init(_ document: JSONSchemaDocument, assertsFormats: Bool = false) {
        self.document = document
        self.assertsFormats = assertsFormats
    }

    /// Every error of `instance`, in schema order; empty when it is valid.
    public func validate(_ instance: JSONValue) -> [JSONSchemaValidationError] {
        let evaluator = SchemaEvaluator(index: document.index, assertsFormats: assertsFormats)
        let root = SchemaLocation(document: 0, pointer: "")
        var context = EvaluationContext(instancePath: "", keywordPath: "", location: root, scope: [])
        context.defersPaths = document.index.plainNode != nil
        return evaluator.evaluate(instance, schema: document.index.schema(at: root), context).errors
    }

    /// Whether `instance` is valid.
    public func isValid(_ instance: JSONValue) -> Bool {
        validate(instance).isEmpty
    }
}
