import JSONModel

/// `type`, `enum`'s neighbours for numbers and strings: the keywords that look at one value.
extension SchemaEvaluator {
    func checkType(
        _ instance: JSONValue, _ value: JSONValue, draft: JSONSchemaDraft, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        let names: [String]
        switch value {
        case .string(let name):
            if instance.hasType(name, draft: draft) { return }
            names = [name]
        case .array(let array): names = array.compactMap(\.stringValue)
        default: return
        }
        if names.contains(where: { instance.hasType($0, draft: draft) }) { return }
        let expected = names.count == 1 ? "\"\(names[0])\"" : "one of " + names.map { "\"\($0)\"" }.joined(separator: ", ")
        result.errors.append(failure(context, keyword: "type", "expected type \(expected), found \(instance.kindDescription)"))
    }

    func checkNumber(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, schema: JSONObject, draft: JSONSchemaDraft,
        _ context: EvaluationContext, into result: inout EvaluationResult
    ) {
        guard instance.numberValue != nil, value.numberValue != nil || value.isBoolean else { return }
        switch keyword {
        case "multipleOf":
            if !instance.isMultiple(of: value) {
                result.errors.append(failure(context, keyword: keyword, "\(instance) is not a multiple of \(value)"))
            }
        case "maximum", "minimum":
            guard let order = JSONValue.compareNumbers(instance, value) else { return }
            let isMaximum = keyword == "maximum"
            let exclusive = draft == .draft4 && schema[isMaximum ? "exclusiveMaximum" : "exclusiveMinimum"] == .bool(true)
            let signed = isMaximum ? order : -order
            if signed > 0 || (exclusive && signed == 0) {
                let bound = exclusive ? (isMaximum ? "less than" : "greater than") : (isMaximum ? "at most" : "at least")
                result.errors.append(failure(context, keyword: keyword, "\(instance) must be \(bound) \(value)"))
            }
        default:
            // The number form of draft-06 and later; draft-04's booleans are read with maximum/minimum.
            guard draft >= .draft6, let order = JSONValue.compareNumbers(instance, value) else { return }
            let isMaximum = keyword == "exclusiveMaximum"
            if (isMaximum ? order : -order) >= 0 {
                let bound = isMaximum ? "less than" : "greater than"
                result.errors.append(failure(context, keyword: keyword, "\(instance) must be \(bound) \(value)"))
            }
        }
    }

    func checkString(
        _ instance: JSONValue, keyword: String, _ value: JSONValue, _ context: EvaluationContext,
        into result: inout EvaluationResult
    ) {
        guard let string = instance.stringValue else { return }
        switch keyword {
        case "maxLength", "minLength":
            guard let limit = value.numberValue else { return }
            let length = Double(string.unicodeScalars.count)
            if keyword == "maxLength" ? length > limit : length < limit {
                let bound = keyword == "maxLength" ? "at most" : "at least"
                result.errors.append(failure(context, keyword: keyword, "the string must be \(bound) \(value) characters long, found \(Int(length))"))
            }
        case "pattern":
            guard let source = value.stringValue, let pattern = index.patterns[source] else { return }
            if !pattern.matches(string) {
                result.errors.append(failure(context, keyword: keyword, "the string does not match the pattern \"\(source)\""))
            }
        default:
            guard assertsFormats, let format = value.stringValue else { return }
            if FormatAssertion.check(string, format: format) == false {
                result.errors.append(failure(context, keyword: keyword, "the string is not a valid \"\(format)\""))
            }
        }
    }
}

extension JSONValue {
    /// Whether the value is of the JSON Schema type `name`. An integral double is an
    /// `integer` from draft-06 on; in draft-04 only when it is too large for 64 bits (a bignum).
    func hasType(_ name: String, draft: JSONSchemaDraft) -> Bool {
        switch (name, self) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
            ("number", .integer), ("number", .double), ("integer", .integer):
            return true
        case ("integer", .double(let d)):
            guard d.isFinite, d.rounded() == d else { return false }
            return draft >= .draft6 || d.magnitude >= 9_223_372_036_854_775_808.0
        default:
            return false
        }
    }

    /// Whether the number is a multiple of `divisor`: exactly for two integers, with a
    /// rounding tolerance for doubles (`0.0075` is a multiple of `0.0001`).
    func isMultiple(of divisor: JSONValue) -> Bool {
        if case .integer(let value) = self, case .integer(let step) = divisor, step != 0 {
            return value.remainderReportingOverflow(dividingBy: step).partialValue == 0
        }
        guard let value = numberValue, let step = divisor.numberValue, step > 0 else { return false }
        let quotient = value / step
        guard quotient.isFinite else { return false }
        if quotient.magnitude >= 9_007_199_254_740_992 { return true }
        return (quotient - quotient.rounded()).magnitude < 1e-9
    }
}
