/// Where an evaluation stands: the instance value's path, the keyword path from the root, the
/// schema's location, and the dynamic scope (resource URIs entered, outermost first) that
/// `$recursiveRef` and `$dynamicRef` consult.
///
/// In a plain schema (`SchemaIndex.plainNode`) nothing consults the paths or the location
/// while evaluating, so they are not built: each step is one link in `steps`, rendered only
/// when an error needs its paths.
struct EvaluationContext {
    var instancePath: String
    var keywordPath: String
    var location: SchemaLocation
    var scope: [String]
    /// Whether the paths are deferred to `steps` (plain schemas) instead of built as we go.
    var defersPaths = false
    /// The steps taken from the root when `defersPaths`, innermost last.
    var steps: EvaluationStep?

    /// The context of the subschema under `keyword` of this schema.
    func keyword(_ keyword: String) -> EvaluationContext {
        var copy = self
        if defersPaths {
            copy.steps = EvaluationStep(parent: steps, .schema(keyword, nil))
        } else {
            copy.keywordPath = JSONPointer.appending(keywordPath, keyword)
            copy.location.pointer = JSONPointer.appending(location.pointer, keyword)
        }
        return copy
    }

    /// The context of the subschema under `keyword`, then `token` (a property name, an index).
    func keyword(_ keyword: String, _ token: String) -> EvaluationContext {
        var copy = self
        if defersPaths {
            copy.steps = EvaluationStep(parent: steps, .schema(keyword, token))
        } else {
            copy.keywordPath = JSONPointer.appending(JSONPointer.appending(keywordPath, keyword), token)
            copy.location.pointer = JSONPointer.appending(JSONPointer.appending(location.pointer, keyword), token)
        }
        return copy
    }

    /// The subschema under `keyword` for the property `name`, applied to that property: one
    /// step where `keyword(keyword, name).property(name)` takes two.
    func member(_ keyword: String, _ name: String) -> EvaluationContext {
        guard defersPaths else { return self.keyword(keyword, name).property(name) }
        var copy = self
        copy.steps = EvaluationStep(parent: steps, .member(keyword, name))
        return copy
    }

    /// The same schema applied to the property `name` of the instance.
    func property(_ name: String) -> EvaluationContext {
        var copy = self
        if defersPaths {
            copy.steps = EvaluationStep(parent: steps, .property(name))
        } else {
            copy.instancePath = JSONPointer.appending(instancePath, name)
        }
        return copy
    }

    /// The same schema applied to the item `index` of the instance.
    func item(_ index: Int) -> EvaluationContext {
        var copy = self
        if defersPaths {
            copy.steps = EvaluationStep(parent: steps, .item(index))
        } else {
            copy.instancePath = JSONPointer.appending(instancePath, index)
        }
        return copy
    }

    /// The instance path, keyword path and schema pointer, with deferred steps rendered.
    var renderedPaths: (instance: String, keyword: String, pointer: String) {
        guard defersPaths, let steps else { return (instancePath, keywordPath, location.pointer) }
        var chain: [EvaluationStep.Token] = []
        var step: EvaluationStep? = steps
        while let current = step {
            chain.append(current.token)
            step = current.parent
        }
        var instance = instancePath
        var pointer = location.pointer
        for token in chain.reversed() {
            switch token {
            case .schema(let keyword, let next):
                pointer = JSONPointer.appending(pointer, keyword)
                if let next { pointer = JSONPointer.appending(pointer, next) }
            case .member(let keyword, let name):
                pointer = JSONPointer.appending(JSONPointer.appending(pointer, keyword), name)
                instance = JSONPointer.appending(instance, name)
            case .property(let name):
                instance = JSONPointer.appending(instance, name)
            case .item(let index):
                instance = JSONPointer.appending(instance, index)
            }
        }
        // Without references, evaluation follows the schema's own locations.
        return (instance, pointer, pointer)
    }
}

/// One step of a plain schema's evaluation, linked to the step before it.
final class EvaluationStep: Sendable {
    enum Token: Sendable {
        /// Into the subschema under a keyword, and a token below it when there is one.
        case schema(String, String?)
        /// Into the subschema under a keyword for a property name, and that property.
        case member(String, String)
        /// Into a member of the instance.
        case property(String)
        /// Into an item of the instance.
        case item(Int)
    }

    let parent: EvaluationStep?
    let token: Token

    init(parent: EvaluationStep?, _ token: Token) {
        self.parent = parent
        self.token = token
    }
}
