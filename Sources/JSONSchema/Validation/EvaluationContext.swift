/// Where an evaluation stands: the instance value's path, the keyword path from the root, the
/// schema's location, and the dynamic scope (resource URIs entered, outermost first) that
/// `$recursiveRef` and `$dynamicRef` consult.
struct EvaluationContext {
    var instancePath: String
    var keywordPath: String
    var location: SchemaLocation
    var scope: [String]

    /// The context of the subschema under `keyword` (and further tokens) of this schema.
    func keyword(_ tokens: String...) -> EvaluationContext {
        var copy = self
        for token in tokens {
            copy.keywordPath = JSONPointer.appending(copy.keywordPath, token)
            copy.location.pointer = JSONPointer.appending(copy.location.pointer, token)
        }
        return copy
    }

    /// The same schema applied to the property `name` of the instance.
    func property(_ name: String) -> EvaluationContext {
        var copy = self
        copy.instancePath = JSONPointer.appending(instancePath, name)
        return copy
    }

    /// The same schema applied to the item `index` of the instance.
    func item(_ index: Int) -> EvaluationContext {
        var copy = self
        copy.instancePath = JSONPointer.appending(instancePath, index)
        return copy
    }
}
