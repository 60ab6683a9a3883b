import JSONModel

/// The array keywords: tuples and item schemas (`items`, `prefixItems`, `additionalItems`),
/// `contains` with its bounds, sizes, uniqueness and `unevaluatedItems`.
extension SchemaEvaluator {
    func checkItems(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, schema: JSONObject, draft: JSONSchemaDraft,
        _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        guard let items = instance.arrayValue else { return }
        switch keyword {
        case "prefixItems":
            guard let schemas = value.arrayValue else { return }
            applyTuple(schemas, keyword: keyword, to: items, context, into: &result)
        case "items":
            if let schemas = value.arrayValue {
                guard draft <= .draft2019_09 else { return }
                applyTuple(schemas, keyword: keyword, to: items, context, into: &result)
                if let additional = schema["additionalItems"], schemas.count < items.count {
                    applyToAll(additional, keyword: "additionalItems", to: items, from: schemas.count, context, into: &result)
                }
            } else {
                let start = draft == .draft2020_12 ? (schema["prefixItems"]?.arrayValue?.count ?? 0) : 0
                applyToAll(value, keyword: keyword, to: items, from: start, context, into: &result)
            }
        default:
            checkContains(items, value, schema: schema, draft: draft, context, into: &result)
        }
    }

    private func applyTuple(
        _ schemas: [JSONValue], keyword: String, to items: [JSONValue], _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        for (i, item) in items.enumerated().prefix(schemas.count) {
            let itemResult = evaluate(item, schema: schemas[i], context.keyword(keyword, String(i)).item(i))
            result.errors += itemResult.errors
            if collectsAnnotations { result.evaluatedItems.insert(i) }
        }
    }

    private func applyToAll(
        _ subschema: JSONValue, keyword: String, to items: [JSONValue], from start: Int, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        guard start < items.count else { return }
        let subcontext = context.keyword(keyword)
        for i in start..<items.count {
            result.errors += evaluate(items[i], schema: subschema, subcontext.item(i)).errors
            if collectsAnnotations { result.evaluatedItems.insert(i) }
        }
    }

    private func checkContains(
        _ items: [JSONValue], _ subschema: JSONValue, schema: JSONObject, draft: JSONSchemaDraft,
        _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        let subcontext = context.keyword("contains")
        var matches: [Int] = []
        for (i, item) in items.enumerated() where evaluate(item, schema: subschema, subcontext.item(i)).isValid {
            matches.append(i)
        }
        var minimum = 1
        var maximum: Int?
        if draft >= .draft2019_09 {
            if let value = schema["minContains"]?.numberValue { minimum = Int(value) }
            if let value = schema["maxContains"]?.numberValue { maximum = Int(value) }
        }
        if matches.count < minimum {
            let keyword = schema["minContains"] != nil && draft >= .draft2019_09 ? "minContains" : "contains"
            let message =
                minimum == 1
                ? "the array contains no item matching the \"contains\" schema"
                : "the array contains \(matches.count) items matching the \"contains\" schema, fewer than \(minimum)"
            result.errors.append(failure(context, keyword: keyword, message))
        }
        if let maximum, matches.count > maximum {
            result.errors.append(
                failure(context, keyword: "maxContains", "the array contains \(matches.count) items matching the \"contains\" schema, more than \(maximum)"))
        }
        if draft == .draft2020_12, collectsAnnotations { result.evaluatedItems.formUnion(matches) }
    }

    func checkArraySize(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        guard let items = instance.arrayValue else { return }
        switch keyword {
        case "maxItems", "minItems":
            guard let limit = value.numberValue else { return }
            let count = Double(items.count)
            if keyword == "maxItems" ? count > limit : count < limit {
                let bound = keyword == "maxItems" ? "at most" : "at least"
                result.errors.append(failure(context, keyword: keyword, "the array must have \(bound) \(value) items, found \(items.count)"))
            }
        default:
            guard value == .bool(true) else { return }
            for i in items.indices {
                for j in items.indices where j > i && items[i].isJSONEqual(to: items[j]) {
                    result.errors.append(failure(context, keyword: keyword, "items \(i) and \(j) are equal"))
                    return
                }
            }
        }
    }

    func checkUnevaluatedItems(
        _ instance: JSONValue, _ subschema: JSONValue, _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        guard let items = instance.arrayValue else { return }
        let subcontext = context.keyword("unevaluatedItems")
        for i in items.indices where !result.evaluatedItems.contains(i) {
            let itemResult = evaluate(items[i], schema: subschema, subcontext.item(i))
            if itemResult.isValid {
                result.evaluatedItems.insert(i)
            } else if case .bool(false) = subschema {
                result.errors.append(failure(context.item(i), keyword: "unevaluatedItems", "item \(i) is not allowed (unevaluatedItems)"))
            } else {
                result.errors += itemResult.errors
            }
        }
    }
}
