import JSONModel

extension JSONSchemaDraft {
    /// 2019-09 and later, whose keywords Confluent's translated model adds.
    var isModern: Bool { self >= .draft2019_09 }
}

/// Why a schema could not be compared.
public enum JSONSchemaCompatibilityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A `$ref` that neither the document itself nor the external resolver could supply
    /// (Confluent: `IllegalStateException("Unresolved $ref '...'")`).
    case unresolvedReference(String)
    /// A schema that is not an object or boolean, or a keyword with a value of the wrong kind.
    case invalidSchema(path: String, reason: String)
    /// A comparison on which Confluent's own code throws (a Java `NullPointerException`), so no
    /// verdict would match Confluent; the registry reports it like Confluent's caught exceptions.
    case confluentFailure(path: String, reason: String)

    public var description: String {
        switch self {
        case .unresolvedReference(let ref): return "Unresolved $ref '\(ref)'"
        case .invalidSchema(let path, let reason): return "Invalid JSON Schema at \(path): \(reason)"
        case .confluentFailure(let path, let reason): return "Cannot compare at \(path): \(reason)"
        }
    }
}

/// The everit-like schema classes the diff dispatches on. Two schemas of different classes are a
/// TYPE_CHANGED unless the update is empty/true or the original is false.
enum CompatClass: Hashable {
    case empty, trueSchema, falseSchema, string, number, boolean, null, object, array
    case enumeration, const, not, combined, conditional, reference
}

enum CompatCriterion: String {
    case allOf, anyOf, oneOf
}

/// One schema in everit's object model, built from JSON. A class, because Confluent's memo keys
/// pairs by object identity: the same `$ref` target is one node, so recursion is detectable.
final class CompatNode {
    enum Kind {
        case empty, trueSchema, falseSchema, boolean, null
        case conditional(CompatConditional)
        case string(CompatString)
        case number(CompatNumber)
        case object(CompatObject)
        case array(CompatArray)
        case enumeration(Set<JSONValue>)
        case const(JSONValue)
        case not(CompatNode)
        case combined(CompatCriterion, [CompatNode])
        case reference(CompatReference)
    }

    var kind: Kind
    /// What structural equality of two subschemas means for combined-schema de-duplication.
    private(set) var identity: JSONValue
    /// The identity's digest when the loader was asked for digests (models the registry keeps
    /// and compares many times): equal digests are equal identities, so the diff skips an
    /// unchanged subschema after one comparison.
    private(set) var identityDigest: CompatIdentityDigest?
    var id: String?
    var title: String?
    var description: String?
    var defaultValue: JSONValue?
    var connectType: String?
    /// The JSON object this node was built from when it is the whole schema there (not a
    /// part of a synthetic `allOf`): where everit keeps the keywords it did not consume
    /// (`confluent:tags`, `definitions`, `$defs`), which only the outer schema receives.
    var source: JSONObject?

    init(kind: Kind, identity: JSONValue) {
        self.kind = kind
        self.identity = identity
    }

    /// A node whose identity's digest the loader already has (it digests each schema object
    /// once, not once per part built from it), or `nil` when it keeps none.
    init(kind: Kind, identity: JSONValue, digest: CompatIdentityDigest?) {
        self.kind = kind
        self.identity = identity
        self.identityDigest = digest
    }

    /// Gives the node another identity, with that identity's digest.
    func setIdentity(_ identity: JSONValue, digest: CompatIdentityDigest?) {
        self.identity = identity
        self.identityDigest = digest
    }

    /// Whether `other` is this node or has an equal identity: by digest when both have one,
    /// else by comparing the JSON.
    func hasSameIdentity(as other: CompatNode) -> Bool {
        if self === other { return true }
        if let mine = identityDigest, let theirs = other.identityDigest { return mine == theirs }
        return identity == other.identity
    }

    var schemaClass: CompatClass {
        switch kind {
        case .empty: return .empty
        case .trueSchema: return .trueSchema
        case .falseSchema: return .falseSchema
        case .boolean: return .boolean
        case .null: return .null
        case .conditional: return .conditional
        case .string: return .string
        case .number: return .number
        case .object: return .object
        case .array: return .array
        case .enumeration: return .enumeration
        case .const: return .const
        case .not: return .not
        case .combined: return .combined
        case .reference: return .reference
        }
    }

    /// everit's `instanceof EmptySchema`: `{}` and `true` (TrueSchema extends EmptySchema).
    var isEmptyOrTrue: Bool { schemaClass == .empty || schemaClass == .trueSchema }
    var isFalse: Bool { schemaClass == .falseSchema }
    var isCombined: Bool { schemaClass == .combined }

    var combined: (criterion: CompatCriterion, subschemas: [CompatNode])? {
        if case .combined(let c, let s) = kind { return (c, s) }
        return nil
    }
}

/// A `$ref`, resolved lazily so that a schema can refer to itself.
final class CompatReference {
    let value: String
    var target: CompatNode?
    init(value: String) { self.value = value }
}

/// `if`/`then`/`else` (draft-07 and later); the diff compares none of them, the tag walk
/// visits each.
struct CompatConditional {
    var ifSchema: CompatNode?
    var thenSchema: CompatNode?
    var elseSchema: CompatNode?
}

struct CompatString {
    var minLength: Int?
    var maxLength: Int?
    var pattern: String?
}

struct CompatNumber {
    var requiresInteger = false
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: JSONValue?
}

struct CompatObject {
    var properties: [(name: String, schema: CompatNode)] = []
    /// Each property name's first position in `properties`, kept by `addProperty`, so that
    /// comparing two objects of many properties is not quadratic.
    var propertyIndex: [String: Int] = [:]
    var required: [String] = []
    var permitsAdditionalProperties = true
    var additionalPropertiesSchema: CompatNode?
    var patternProperties: [(pattern: String, schema: CompatNode)] = []
    var propertyDependencies: [(name: String, required: Set<String>)] = []
    var schemaDependencies: [(name: String, schema: CompatNode)] = []
    var minProperties: Int?
    var maxProperties: Int?
    /// Only set for 2019-09/2020-12 documents: the draft-07 loader leaves it as raw JSON, which
    /// Confluent's diff ignores.
    var unevaluatedProperties: CompatNode?

    /// Appends a property (the first of equal names is the one looked up, as before).
    mutating func addProperty(_ name: String, _ schema: CompatNode) {
        if propertyIndex[name] == nil { propertyIndex[name] = properties.count }
        properties.append((name, schema))
    }

    func property(_ name: String) -> CompatNode? {
        propertyIndex[name].map { properties[$0].schema }
    }

    func dependency(_ name: String) -> Set<String>? {
        propertyDependencies.first { $0.name == name }?.required
    }

    func schemaDependency(_ name: String) -> CompatNode? {
        schemaDependencies.first { $0.name == name }?.schema
    }
}

struct CompatArray {
    var allItemSchema: CompatNode?
    var itemSchemas: [CompatNode]?
    var permitsAdditionalItems = true
    var additionalItemsSchema: CompatNode?
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var minContains: Int?
    var maxContains: Int?
    var unevaluatedItems: CompatNode?
}
