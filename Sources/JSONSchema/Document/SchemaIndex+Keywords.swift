import JSONModel

/// The well-formedness rules of each keyword, per draft: what the meta-schemas demand, phrased
/// as errors a user can act on. Keywords unknown to the draft are kept and not inspected.
extension SchemaIndex {
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "string", "integer"]

    mutating func checkKeywords(
        _ object: JSONObject, at location: SchemaLocation, base: String, draft: JSONSchemaDraft
    ) throws(JSONSchemaError) {
        for member in object {
            let keyword = member.key
            let value = member.value
            switch keyword {
            case "$ref":
                try checkReference(object, keyword: .ref, at: location, base: base)
            case "$recursiveRef" where draft == .draft2019_09:
                try checkReference(object, keyword: .recursiveRef, at: location, base: base)
            case "$dynamicRef" where draft == .draft2020_12:
                try checkReference(object, keyword: .dynamicRef, at: location, base: base)
            case "$schema", "format":
                try require(value.stringValue != nil, keyword, at: location, "a string")
            case "type":
                try checkType(value, at: location)
            case "enum":
                try require(value.arrayValue.map { draft > .draft4 || !$0.isEmpty } ?? false, keyword, at: location,
                    draft == .draft4 ? "a non-empty array" : "an array")
            case "multipleOf":
                try require((value.numberValue ?? 0) > 0, keyword, at: location, "a number greater than 0")
            case "maximum", "minimum":
                try require(value.numberValue != nil, keyword, at: location, "a number")
            case "exclusiveMaximum", "exclusiveMinimum":
                if draft == .draft4 {
                    try require(value.isBoolean, keyword, at: location, "a boolean in draft-04")
                } else {
                    try require(value.numberValue != nil, keyword, at: location, "a number (the boolean form is draft-04)")
                }
            case "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties":
                try require(value.isNonNegativeInteger(draft: draft), keyword, at: location, "a non-negative integer")
            case "minContains" where draft >= .draft2019_09, "maxContains" where draft >= .draft2019_09:
                try require(value.isNonNegativeInteger(draft: draft), keyword, at: location, "a non-negative integer")
            case "uniqueItems":
                try require(value.isBoolean, keyword, at: location, "a boolean")
            case "pattern":
                guard let source = value.stringValue else {
                    throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "a string"))
                }
                try compilePattern(source, at: location, keyword: keyword)
            case "required":
                try checkRequired(value, at: location, draft: draft)
            case "items":
                if case .array(let schemas) = value, draft <= .draft2019_09 {
                    try walkSchemaArray(schemas, keyword: keyword, at: location, base: base, draft: draft, nonEmpty: false)
                } else if case .array = value {
                    throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "a schema (tuples use prefixItems in 2020-12)"))
                } else {
                    try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft)
                }
            case "prefixItems" where draft == .draft2020_12:
                guard let schemas = value.arrayValue else {
                    throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "a non-empty array of schemas"))
                }
                try walkSchemaArray(schemas, keyword: keyword, at: location, base: base, draft: draft, nonEmpty: true)
            case "additionalProperties":
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft, booleanAllowed: true)
            case "additionalItems" where draft <= .draft2019_09:
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft, booleanAllowed: true)
            case "not":
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft)
            case "contains" where draft >= .draft6, "propertyNames" where draft >= .draft6:
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft)
            case "if" where draft >= .draft7, "then" where draft >= .draft7, "else" where draft >= .draft7:
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft)
            case "unevaluatedItems" where draft >= .draft2019_09, "unevaluatedProperties" where draft >= .draft2019_09:
                try walkSubschema(value, keyword: keyword, at: location, base: base, draft: draft)
            case "properties", "definitions":
                try walkSchemaMap(value, keyword: keyword, at: location, base: base, draft: draft)
            case "$defs" where draft >= .draft2019_09, "dependentSchemas" where draft >= .draft2019_09:
                try walkSchemaMap(value, keyword: keyword, at: location, base: base, draft: draft)
            case "patternProperties":
                if let patterns = value.objectValue {
                    let holder = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, keyword))
                    for member in patterns { try compilePattern(member.key, at: holder, keyword: member.key) }
                }
                try walkSchemaMap(value, keyword: keyword, at: location, base: base, draft: draft)
            case "dependencies":
                try checkDependencies(value, at: location, base: base, draft: draft)
            case "dependentRequired" where draft >= .draft2019_09:
                guard let map = value.objectValue else {
                    throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "an object of property-name arrays"))
                }
                for member in map {
                    try checkNameArray(member.value, at: location, path: [keyword, member.key], nonEmpty: false)
                }
            case "allOf", "anyOf", "oneOf":
                guard let schemas = value.arrayValue else {
                    throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "a non-empty array of schemas"))
                }
                try walkSchemaArray(schemas, keyword: keyword, at: location, base: base, draft: draft, nonEmpty: true)
            default:
                continue
            }
        }
    }

    private func require(_ condition: Bool, _ keyword: String, at location: SchemaLocation, _ expected: String) throws(JSONSchemaError) {
        if !condition { throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: expected)) }
    }

    private mutating func compilePattern(_ source: String, at location: SchemaLocation, keyword: String) throws(JSONSchemaError) {
        if patterns[source] != nil { return }
        guard let pattern = ECMAPattern(source) else {
            throw error(at: location, keyword: keyword, reason: .invalidPattern(source))
        }
        patterns[source] = pattern
    }

    private func checkType(_ value: JSONValue, at location: SchemaLocation) throws(JSONSchemaError) {
        switch value {
        case .string(let name):
            guard Self.typeNames.contains(name) else { throw error(at: location, keyword: "type", reason: .unknownType(name)) }
        case .array(let names) where !names.isEmpty:
            var seen = Set<String>()
            for (i, element) in names.enumerated() {
                let path = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, "type"))
                guard let name = element.stringValue else {
                    throw error(at: path, keyword: String(i), reason: .invalidKeyword("type", expected: "a type name or an array of distinct type names"))
                }
                guard Self.typeNames.contains(name) else { throw error(at: path, keyword: String(i), reason: .unknownType(name)) }
                guard seen.insert(name).inserted else {
                    throw error(at: path, keyword: String(i), reason: .invalidKeyword("type", expected: "an array of distinct type names"))
                }
            }
        default:
            throw error(at: location, keyword: "type", reason: .invalidKeyword("type", expected: "a type name or a non-empty array of distinct type names"))
        }
    }

    private func checkRequired(_ value: JSONValue, at location: SchemaLocation, draft: JSONSchemaDraft) throws(JSONSchemaError) {
        if value.isBoolean { throw error(at: location, keyword: "required", reason: .draft3Required) }
        try checkNameArray(value, at: location, path: ["required"], nonEmpty: draft == .draft4)
    }

    private func checkNameArray(_ value: JSONValue, at location: SchemaLocation, path: [String], nonEmpty: Bool) throws(JSONSchemaError) {
        let keyword = path[0]
        let pointer = path.dropLast().reduce(location.pointer) { JSONPointer.appending($0, $1) }
        let holder = SchemaLocation(document: location.document, pointer: pointer)
        let expected = nonEmpty ? "a non-empty array of distinct property names" : "an array of distinct property names"
        guard let names = value.arrayValue, !(nonEmpty && names.isEmpty) else {
            throw error(at: holder, keyword: path.last, reason: .invalidKeyword(keyword, expected: expected))
        }
        var seen = Set<String>()
        for name in names {
            guard let name = name.stringValue, seen.insert(name).inserted else {
                throw error(at: holder, keyword: path.last, reason: .invalidKeyword(keyword, expected: expected))
            }
        }
    }

    private mutating func checkDependencies(
        _ value: JSONValue, at location: SchemaLocation, base: String, draft: JSONSchemaDraft
    ) throws(JSONSchemaError) {
        guard let map = value.objectValue else {
            throw error(at: location, keyword: "dependencies", reason: .invalidKeyword("dependencies", expected: "an object"))
        }
        let holder = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, "dependencies"))
        for member in map {
            if case .array = member.value {
                try checkNameArray(member.value, at: location, path: ["dependencies", member.key], nonEmpty: draft == .draft4)
            } else {
                try walkSubschema(member.value, keyword: member.key, at: holder, base: base, draft: draft)
            }
        }
    }

    mutating func walkSubschema(
        _ value: JSONValue, keyword: String, at location: SchemaLocation, base: String, draft: JSONSchemaDraft,
        booleanAllowed: Bool = false
    ) throws(JSONSchemaError) {
        let child = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, keyword))
        try walk(value, at: child, base: base, draft: draft, booleanAllowed: booleanAllowed)
    }

    private mutating func walkSchemaArray(
        _ schemas: [JSONValue], keyword: String, at location: SchemaLocation, base: String, draft: JSONSchemaDraft,
        nonEmpty: Bool
    ) throws(JSONSchemaError) {
        if nonEmpty && schemas.isEmpty {
            throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "a non-empty array of schemas"))
        }
        let holder = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, keyword))
        for (i, schema) in schemas.enumerated() {
            try walkSubschema(schema, keyword: String(i), at: holder, base: base, draft: draft)
        }
    }

    mutating func walkSchemaMap(
        _ value: JSONValue, keyword: String, at location: SchemaLocation, base: String, draft: JSONSchemaDraft
    ) throws(JSONSchemaError) {
        guard let map = value.objectValue else {
            throw error(at: location, keyword: keyword, reason: .invalidKeyword(keyword, expected: "an object of schemas"))
        }
        let holder = SchemaLocation(document: location.document, pointer: JSONPointer.appending(location.pointer, keyword))
        for member in map {
            try walkSubschema(member.value, keyword: member.key, at: holder, base: base, draft: draft)
        }
    }
}

extension JSONValue {
    var isBoolean: Bool {
        if case .bool = self { return true }
        return false
    }

    /// Whether this is an integer ≥ 0; from draft-06 on, `2.0` counts as the integer 2.
    func isNonNegativeInteger(draft: JSONSchemaDraft) -> Bool {
        switch self {
        case .integer(let i): return i >= 0
        case .double(let d): return draft >= .draft6 && d >= 0 && d.isFinite && d.rounded() == d
        default: return false
        }
    }
}
