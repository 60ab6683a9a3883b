import JSONModel

/// Applies schemas to values for one `validate` call.
///
/// It keeps the set of (schema, instance position) pairs being evaluated, so a reference cycle
/// that makes no progress through the instance (`{"$ref": "#"}`) ends instead of recursing
/// forever; such a cycle adds no constraint, so it counts as satisfied.
final class SchemaEvaluator {
    private struct ActiveKey: Hashable {
        var location: SchemaLocation
        var instancePath: String
    }

    let index: SchemaIndex
    let assertsFormats: Bool
    /// Whether results carry the evaluated members and items (`SchemaIndex.usesUnevaluated`).
    var collectsAnnotations: Bool { index.usesUnevaluated }
    private var active: Set<ActiveKey> = []
    private var depth = 0
    private static let maximumDepth = 1000

    init(index: SchemaIndex, assertsFormats: Bool) {
        self.index = index
        self.assertsFormats = assertsFormats
    }

    /// Applies `schema`, found at `context.location`, to `instance`.
    func evaluate(_ instance: JSONValue, schema: JSONValue, _ context: EvaluationContext) -> EvaluationResult {
        switch schema {
        case .bool(true):
            return EvaluationResult()
        case .bool(false):
            var result = EvaluationResult()
            result.errors.append(failure(context, keyword: nil, "no value is allowed here (the schema is false)"))
            return result
        case .object(let object):
            guard depth < Self.maximumDepth else { return EvaluationResult() }
            depth += 1
            defer { depth -= 1 }
            // No reference anywhere: no cycle to catch, one base URI, one draft.
            if let plain = index.plainNode { return evaluateObject(instance, object, draft: plain.draft, context) }
            let key = ActiveKey(location: context.location, instancePath: context.instancePath)
            guard active.insert(key).inserted else { return EvaluationResult() }
            defer { active.remove(key) }
            var context = context
            let node = index.node(context.location)
            if context.scope.last != node.baseURI { context.scope.append(node.baseURI) }
            return evaluateObject(instance, object, draft: node.draft, context)
        default:
            return EvaluationResult()
        }
    }

    private func evaluateObject(
        _ instance: JSONValue, _ schema: JSONObject, draft: JSONSchemaDraft, _ context: EvaluationContext
    ) -> EvaluationResult {
        var result = EvaluationResult()
        if draft <= .draft7, schema["$ref"] != nil {
            // Up to draft-07 a `$ref` stands for the whole schema; its siblings are ignored.
            return evaluateReference(instance, keyword: "$ref", context)
        }
        for member in schema {
            // One table lookup instead of comparing the name with every keyword in turn (most
            // members of a real schema, such as `title` or `$schema`, are none of them).
            guard let keyword = EvaluationKeyword.named(member.key) else { continue }
            let value = member.value
            switch keyword {
            case .ref:
                result.absorb(evaluateReference(instance, keyword: member.key, context))
            case .recursiveRef where draft == .draft2019_09, .dynamicRef where draft == .draft2020_12:
                result.absorb(evaluateReference(instance, keyword: member.key, context))
            case .type:
                checkType(instance, value, draft: draft, context, into: &result)
            case .enumeration:
                if let options = value.arrayValue, !options.contains(where: { $0.isJSONEqual(to: instance) }) {
                    result.errors.append(failure(context, keyword: "enum", "\(instance) is not one of \(value)"))
                }
            case .const where draft >= .draft6:
                if !value.isJSONEqual(to: instance) {
                    result.errors.append(failure(context, keyword: "const", "\(instance) is not the constant \(value)"))
                }
            case .number:
                checkNumber(instance, keyword: member.key, value, schema: schema, draft: draft, context, into: &result)
            case .string:
                checkString(instance, keyword: member.key, value, context, into: &result)
            case .prefixItems where draft == .draft2020_12, .contains where draft >= .draft6, .items:
                checkItems(instance, keyword: member.key, value, schema: schema, draft: draft, context, into: &result)
            case .arraySize:
                checkArraySize(instance, keyword: member.key, value, context, into: &result)
            case .propertyNames where draft >= .draft6, .properties:
                checkProperties(instance, keyword: member.key, value, schema: schema, draft: draft, context, into: &result)
            case .objectSize:
                checkObjectSize(instance, keyword: member.key, value, context, into: &result)
            case .dependencies, .dependentKeywords where draft >= .draft2019_09:
                checkDependencies(instance, keyword: member.key, value, context, into: &result)
            case .combination:
                checkCombination(instance, keyword: member.key, value, context, into: &result)
            case .ifThenElse where draft >= .draft7:
                checkCondition(instance, value, schema: schema, context, into: &result)
            default:
                continue
            }
        }
        // The unevaluated keywords see the annotations of every sibling, so they come last.
        if draft >= .draft2019_09 {
            if let unevaluated = schema["unevaluatedItems"] {
                checkUnevaluatedItems(instance, unevaluated, context, into: &result)
            }
            if let unevaluated = schema["unevaluatedProperties"] {
                checkUnevaluatedProperties(instance, unevaluated, context, into: &result)
            }
        }
        return result
    }

    /// Follows `$ref`, `$recursiveRef` or `$dynamicRef` of the schema at `context.location`.
    private func evaluateReference(_ instance: JSONValue, keyword: String, _ context: EvaluationContext) -> EvaluationResult {
        let holder = context.location
        var target: SchemaLocation?
        switch keyword {
        case "$recursiveRef":
            target = index.recursiveReferences[holder]
            if let initial = target, index.node(initial).recursiveAnchor {
                for uri in context.scope {
                    if let outer = index.resource(uri), index.node(outer).recursiveAnchor {
                        target = outer
                        break
                    }
                }
            }
        case "$dynamicRef":
            target = index.dynamicReferences[holder]
            if let initial = target, let name = index.dynamicReferenceNames[holder],
                index.schema(at: initial).objectValue?["$dynamicAnchor"]?.stringValue == name
            {
                for uri in context.scope {
                    if let outer = index.dynamicAnchor(name, in: uri) {
                        target = outer
                        break
                    }
                }
            }
        default:
            target = index.references[holder]
        }
        guard let target else { return EvaluationResult() }
        var next = context.keyword(keyword)
        next.location = target
        return evaluate(instance, schema: index.schema(at: target), next)
    }

    /// An error for `keyword` of the schema at `context`.
    func failure(_ context: EvaluationContext, keyword: String?, _ message: String) -> JSONSchemaValidationError {
        let paths = context.renderedPaths
        var keywordPath = paths.keyword
        var pointer = paths.pointer
        if let keyword {
            keywordPath = JSONPointer.appending(keywordPath, keyword)
            pointer = JSONPointer.appending(pointer, keyword)
        }
        let document = index.documents[context.location.document].name ?? ""
        return JSONSchemaValidationError(
            instancePath: JSONPointer.display(paths.instance),
            schemaPath: JSONPointer.display(keywordPath),
            schemaLocation: document + "#" + pointer,
            message: message)
    }
}

/// The keywords `evaluateObject` acts on, grouped as it dispatches them, found by name with
/// one string comparison.
enum EvaluationKeyword {
    case ref, recursiveRef, dynamicRef, type, enumeration, const
    /// `multipleOf`, `maximum`, `minimum`, `exclusiveMaximum`, `exclusiveMinimum`.
    case number
    /// `maxLength`, `minLength`, `pattern`, `format`.
    case string
    case prefixItems, contains, items
    /// `maxItems`, `minItems`, `uniqueItems`.
    case arraySize
    case propertyNames
    /// `properties`, `patternProperties`, `additionalProperties`.
    case properties
    /// `required`, `maxProperties`, `minProperties`.
    case objectSize
    case dependencies
    /// `dependentRequired`, `dependentSchemas` (2019-09 on).
    case dependentKeywords
    /// `allOf`, `anyOf`, `oneOf`, `not`.
    case combination
    /// `if` (with its `then` and `else`, draft-07 on).
    case ifThenElse

    /// The keyword called `name`, if it is one.
    ///
    /// A bucket chosen by the name's length and first and last bytes, then a comparison with
    /// the few names in it: cheaper than hashing the name for a dictionary, which showed in
    /// the cost of validating small messages.
    static func named(_ name: String) -> EvaluationKeyword? {
        for entry in buckets[bucket(name)] where entry.name == name { return entry.keyword }
        return nil
    }

    private static func bucket(_ name: String) -> Int {
        let utf8 = name.utf8
        guard let first = utf8.first, let last = utf8.last else { return 0 }
        return (utf8.count &* 31 &+ Int(first) &* 7 &+ Int(last)) & 255
    }

    private static let buckets: [[(name: String, keyword: EvaluationKeyword)]] = {
        var table = [[(name: String, keyword: EvaluationKeyword)]](repeating: [], count: 256)
        for (name, keyword) in byName { table[bucket(name)].append((name, keyword)) }
        return table
    }()

    private static let byName: [String: EvaluationKeyword] = [
        "$ref": .ref, "$recursiveRef": .recursiveRef, "$dynamicRef": .dynamicRef, "type": .type, "enum": .enumeration,
        "const": .const,
        "multipleOf": .number, "maximum": .number, "minimum": .number, "exclusiveMaximum": .number, "exclusiveMinimum": .number,
        "maxLength": .string, "minLength": .string, "pattern": .string, "format": .string,
        "prefixItems": .prefixItems, "contains": .contains, "items": .items,
        "maxItems": .arraySize, "minItems": .arraySize, "uniqueItems": .arraySize,
        "propertyNames": .propertyNames,
        "properties": .properties, "patternProperties": .properties, "additionalProperties": .properties,
        "required": .objectSize, "maxProperties": .objectSize, "minProperties": .objectSize,
        "dependencies": .dependencies, "dependentRequired": .dependentKeywords, "dependentSchemas": .dependentKeywords,
        "allOf": .combination, "anyOf": .combination, "oneOf": .combination, "not": .combination,
        "if": .ifThenElse,
    ]
}
