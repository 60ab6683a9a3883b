import JSONModel

/// The combinators (`allOf`, `anyOf`, `oneOf`, `not`) and the conditional (`if`/`then`/`else`).
///
/// Every branch is evaluated, even after the outcome is known, because the annotations of the
/// branches that succeed feed `unevaluatedProperties` and `unevaluatedItems`.
extension SchemaEvaluator {
    func checkCombination(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        if keyword == "not" {
            if evaluate(instance, schema: value, context.keyword(keyword)).isValid {
                result.errors.append(failure(context, keyword: keyword, "the value must not match the \"not\" schema"))
            }
            return
        }
        guard let schemas = value.arrayValue else { return }
        let branches = schemas.enumerated().map { i, subschema in
            evaluate(instance, schema: subschema, context.keyword(keyword, String(i)))
        }
        let passing = branches.filter(\.isValid)
        switch keyword {
        case "allOf":
            for branch in branches { result.absorb(branch) }
        case "anyOf":
            if passing.isEmpty {
                result.errors.append(failure(context, keyword: keyword, "the value matches none of the \(schemas.count) \"anyOf\" schemas"))
            }
            for branch in passing { result.mergeAnnotations(branch) }
        default:
            if passing.count != 1 {
                let found = passing.isEmpty ? "none" : "\(passing.count)"
                result.errors.append(
                    failure(context, keyword: keyword, "the value must match exactly one \"oneOf\" schema, it matches \(found)"))
            } else {
                result.mergeAnnotations(passing[0])
            }
        }
    }

    func checkCondition(
        _ instance: JSONValue, _ condition: JSONValue, schema: JSONObject, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        let test = evaluate(instance, schema: condition, context.keyword("if"))
        let branch = test.isValid ? "then" : "else"
        result.mergeAnnotations(test)
        guard let consequence = schema[branch] else { return }
        result.absorb(evaluate(instance, schema: consequence, context.keyword(branch)))
    }
}
