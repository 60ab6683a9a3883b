import JSONModel

/// The object keywords: member schemas (`properties`, `patternProperties`,
/// `additionalProperties`, `propertyNames`), `required` and sizes, dependencies and
/// `unevaluatedProperties`.
extension SchemaEvaluator {
    func checkProperties(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, schema: JSONObject, draft: JSONSchemaDraft,
        _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        guard let object = instance.objectValue else { return }
        switch keyword {
        case "properties":
            guard let schemas = value.objectValue else { return }
            for member in object {
                guard let subschema = schemas[member.key] else { continue }
                let subcontext = context.member(keyword, member.key)
                result.errors += evaluate(member.value, schema: subschema, subcontext).errors
                if collectsAnnotations { result.evaluatedProperties.insert(member.key) }
            }
        case "patternProperties":
            guard let schemas = value.objectValue else { return }
            for entry in schemas {
                guard let pattern = index.patterns[entry.key] else { continue }
                for member in object where pattern.matches(member.key) {
                    let subcontext = context.keyword(keyword, entry.key).property(member.key)
                    result.errors += evaluate(member.value, schema: entry.value, subcontext).errors
                    if collectsAnnotations { result.evaluatedProperties.insert(member.key) }
                }
            }
        case "additionalProperties":
            let declared = schema["properties"]?.objectValue
            let patterns = (schema["patternProperties"]?.objectValue?.keys ?? []).compactMap { index.patterns[$0] }
            for member in object {
                if declared?[member.key] != nil || patterns.contains(where: { $0.matches(member.key) }) { continue }
                if case .bool(false) = value {
                    result.errors.append(
                        failure(context.property(member.key), keyword: keyword, "the property \"\(member.key)\" is not allowed"))
                } else {
                    let subcontext = context.keyword(keyword).property(member.key)
                    result.errors += evaluate(member.value, schema: value, subcontext).errors
                }
                if collectsAnnotations { result.evaluatedProperties.insert(member.key) }
            }
        default:
            let subcontext = context.keyword(keyword)
            for member in object {
                let nameResult = evaluate(.string(member.key), schema: value, subcontext)
                if !nameResult.isValid {
                    result.errors.append(
                        failure(context.property(member.key), keyword: keyword, "the property name \"\(member.key)\" is not allowed by \"propertyNames\""))
                }
            }
        }
    }

    func checkObjectSize(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        guard let object = instance.objectValue else { return }
        switch keyword {
        case "required":
            for name in value.arrayValue ?? [] {
                guard let name = name.stringValue, object[name] == nil else { continue }
                result.errors.append(failure(context, keyword: keyword, "the required property \"\(name)\" is missing"))
            }
        default:
            guard let limit = value.numberValue else { return }
            let count = Double(object.count)
            if keyword == "maxProperties" ? count > limit : count < limit {
                let bound = keyword == "maxProperties" ? "at most" : "at least"
                result.errors.append(failure(context, keyword: keyword, "the object must have \(bound) \(value) properties, found \(object.count)"))
            }
        }
    }

    /// `dependencies` (names or a schema per property), `dependentRequired` and
    /// `dependentSchemas` (2019-09 on, which split it in two): constraints that apply when a
    /// property is present. 2019-09 dropped `dependencies`, but schemas written for draft-07 and
    /// moved forward keep using it, so it is honoured in every draft, as the suite's optional
    /// compatibility tests expect.
    func checkDependencies(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        guard let object = instance.objectValue, let dependencies = value.objectValue else { return }
        for dependency in dependencies where object[dependency.key] != nil {
            if let names = dependency.value.arrayValue {
                guard keyword != "dependentSchemas" else { continue }
                for name in names {
                    guard let name = name.stringValue, object[name] == nil else { continue }
                    result.errors.append(
                        failure(context.keyword(keyword), keyword: dependency.key,
                            "the property \"\(name)\" is required when \"\(dependency.key)\" is present"))
                }
            } else if keyword != "dependentRequired" {
                result.absorb(evaluate(instance, schema: dependency.value, context.keyword(keyword, dependency.key)))
            }
        }
    }

    func checkUnevaluatedProperties(
        _ instance: JSONValue, _ subschema: JSONValue, _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        guard let object = instance.objectValue else { return }
        let subcontext = context.keyword("unevaluatedProperties")
        for member in object where !result.evaluatedProperties.contains(member.key) {
            let memberResult = evaluate(member.value, schema: subschema, subcontext.property(member.key))
            if memberResult.isValid {
                result.evaluatedProperties.insert(member.key)
            } else if case .bool(false) = subschema {
                result.errors.append(
                    failure(context.property(member.key), keyword: "unevaluatedProperties",
                        "the property \"\(member.key)\" is not allowed (unevaluatedProperties)"))
            } else {
                result.errors += memberResult.errors
            }
        }
    }
}
