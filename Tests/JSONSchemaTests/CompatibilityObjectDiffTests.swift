import Testing

@testable import JSONSchema

/// Objects: required, dependencies, limits, additional/unevaluated properties, and how each
/// content model (open, closed, partially open) judges added and removed properties.
@Suite("JSON Schema diff: objects and content models")
struct CompatibilityObjectDiffTests {
    static let attributes: [DiffCase] = [
        DiffCase("property became required", #"{"properties":{"a":{"type":"string"}}}"#,
                 #"{"properties":{"a":{"type":"string"}},"required":["a"]}"#,
                 ["REQUIRED_ATTRIBUTE_ADDED #/required/a"], strict: false),
        DiffCase("property with a default became required", #"{"properties":{"a":{"type":"string","default":"x"}}}"#,
                 #"{"properties":{"a":{"type":"string","default":"x"}},"required":["a"]}"#,
                 ["REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a"], strict: true),
        DiffCase("property no longer required", #"{"properties":{"a":{"type":"string"}},"required":["a"]}"#,
                 #"{"properties":{"a":{"type":"string"}}}"#, ["REQUIRED_ATTRIBUTE_REMOVED #/required/a"], strict: true),
        DiffCase("maxProperties added", #"{"type":"object"}"#, #"{"type":"object","maxProperties":3}"#,
                 ["MAX_PROPERTIES_ADDED #/maxProperties"], strict: false),
        DiffCase("maxProperties removed", #"{"type":"object","maxProperties":3}"#, #"{"type":"object"}"#,
                 ["MAX_PROPERTIES_REMOVED #/maxProperties"], strict: true),
        DiffCase("maxProperties increased", #"{"type":"object","maxProperties":3}"#, #"{"type":"object","maxProperties":4}"#,
                 ["MAX_PROPERTIES_INCREASED #/maxProperties"], strict: true),
        DiffCase("maxProperties decreased", #"{"type":"object","maxProperties":3}"#, #"{"type":"object","maxProperties":2}"#,
                 ["MAX_PROPERTIES_DECREASED #/maxProperties"], strict: false),
        DiffCase("minProperties added", #"{"type":"object"}"#, #"{"type":"object","minProperties":1}"#,
                 ["MIN_PROPERTIES_ADDED #/minProperties"], strict: false),
        DiffCase("minProperties removed", #"{"type":"object","minProperties":1}"#, #"{"type":"object"}"#,
                 ["MIN_PROPERTIES_REMOVED #/minProperties"], strict: true),
        DiffCase("minProperties increased", #"{"type":"object","minProperties":1}"#, #"{"type":"object","minProperties":2}"#,
                 ["MIN_PROPERTIES_INCREASED #/minProperties"], strict: false),
        DiffCase("minProperties decreased", #"{"type":"object","minProperties":2}"#, #"{"type":"object","minProperties":1}"#,
                 ["MIN_PROPERTIES_DECREASED #/minProperties"], strict: true),
        DiffCase("dependency array added", #"{"type":"object"}"#, #"{"type":"object","dependencies":{"a":["b"]}}"#,
                 ["DEPENDENCY_ARRAY_ADDED #/dependencies/a"], strict: false),
        DiffCase("dependency array removed", #"{"type":"object","dependencies":{"a":["b"]}}"#, #"{"type":"object"}"#,
                 ["DEPENDENCY_ARRAY_REMOVED #/dependencies/a"], strict: true),
        DiffCase("dependency array extended", #"{"dependencies":{"a":["b"]}}"#, #"{"dependencies":{"a":["b","c"]}}"#,
                 ["DEPENDENCY_ARRAY_EXTENDED #/dependencies/a"], strict: false),
        DiffCase("dependency array narrowed", #"{"dependencies":{"a":["b","c"]}}"#, #"{"dependencies":{"a":["c"]}}"#,
                 ["DEPENDENCY_ARRAY_NARROWED #/dependencies/a"], strict: true),
        DiffCase("dependency array changed", #"{"dependencies":{"a":["b"]}}"#, #"{"dependencies":{"a":["c"]}}"#,
                 ["DEPENDENCY_ARRAY_CHANGED #/dependencies/a"], strict: false),
        DiffCase("dependency schema added", #"{"type":"object"}"#,
                 #"{"type":"object","dependencies":{"a":{"required":["b"]}}}"#,
                 ["DEPENDENCY_SCHEMA_ADDED #/dependencies/a"], strict: false),
        DiffCase("dependency schema removed", #"{"type":"object","dependencies":{"a":{"required":["b"]}}}"#,
                 #"{"type":"object"}"#, ["DEPENDENCY_SCHEMA_REMOVED #/dependencies/a"], strict: true),
        DiffCase("dependency schema changed is compared", #"{"dependencies":{"a":{"maxProperties":3}}}"#,
                 #"{"dependencies":{"a":{"maxProperties":2}}}"#,
                 ["MAX_PROPERTIES_DECREASED #/dependencies/a/maxProperties"], strict: false),
    ]

    static let additionalProperties: [DiffCase] = [
        DiffCase("additionalProperties false dropped", #"{"type":"object","additionalProperties":false}"#,
                 #"{"type":"object"}"#, ["ADDITIONAL_PROPERTIES_ADDED #/additionalProperties"], strict: true),
        DiffCase("additionalProperties false added", #"{"type":"object"}"#,
                 #"{"type":"object","additionalProperties":false}"#,
                 ["ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties"], strict: false, lenient: true),
        DiffCase("additionalProperties schema added", #"{"type":"object"}"#,
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 ["ADDITIONAL_PROPERTIES_NARROWED #/additionalProperties"], strict: false, lenient: true),
        DiffCase("additionalProperties schema dropped", #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object"}"#, ["ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties"], strict: true),
        DiffCase("additionalProperties schema changed is compared",
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object","additionalProperties":{"type":"integer"}}"#,
                 ["TYPE_CHANGED #/additionalProperties"], strict: false),
    ]

    static let unevaluated: [DiffCase] = {
        let v = #""$schema":"https://json-schema.org/draft/2020-12/schema","type":"object""#
        return [
            DiffCase("unevaluatedProperties false added", "{\(v)}", #"{\#(v),"unevaluatedProperties":false}"#,
                     ["UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties"], strict: false, lenient: true),
            DiffCase("unevaluatedProperties schema added", "{\(v)}",
                     #"{\#(v),"unevaluatedProperties":{"type":"string"}}"#,
                     ["UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties"], strict: false, lenient: true),
            DiffCase("unevaluatedProperties false dropped", #"{\#(v),"unevaluatedProperties":false}"#, "{\(v)}",
                     ["UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties"], strict: true),
            DiffCase("unevaluatedProperties schema dropped", #"{\#(v),"unevaluatedProperties":{"type":"string"}}"#,
                     "{\(v)}", ["UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties"], strict: true),
            DiffCase("draft-07 ignores unevaluatedProperties", #"{"type":"object"}"#,
                     #"{"type":"object","unevaluatedProperties":false}"#, [], strict: true),
        ]
    }()

    static let openContentModel: [DiffCase] = [
        DiffCase("removing a property from an open object", #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 #"{"type":"object"}"#, ["PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("adding an unconstrained property to an open object", #"{"type":"object"}"#,
                 #"{"type":"object","properties":{"a":{}}}"#,
                 ["PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("adding an optional property to an open object", #"{"type":"object"}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}}}"#,
                 ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a"], strict: false, lenient: true),
        DiffCase("adding a required property to an open object", #"{"type":"object"}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#,
                 ["REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a"], strict: false),
        DiffCase("adding a required property with a default to an open object", #"{"type":"object"}"#,
                 #"{"type":"object","properties":{"a":{"type":"string","default":"x"}},"required":["a"]}"#,
                 ["REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a"], strict: false, lenient: true),
    ]

    static let closedContentModel: [DiffCase] = [
        DiffCase("adding an optional property to a closed object", #"{"type":"object","additionalProperties":false}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#,
                 ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("adding a required property to a closed object", #"{"type":"object","additionalProperties":false}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}"#,
                 ["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: false),
        DiffCase("adding a required property with a default to a closed object",
                 #"{"type":"object","additionalProperties":false}"#,
                 #"{"type":"object","properties":{"a":{"type":"string","default":"x"}},"required":["a"],"additionalProperties":false}"#,
                 ["REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("removing a property from a closed object",
                 #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#,
                 #"{"type":"object","additionalProperties":false}"#,
                 ["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a"], strict: false, lenient: true),
        DiffCase("removing a forbidden (false) property from a closed object",
                 #"{"type":"object","properties":{"a":false},"additionalProperties":false}"#,
                 #"{"type":"object","additionalProperties":false}"#,
                 ["PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("patternProperties that match nothing make the object closed for that name (Confluent quirk)",
                 #"{"type":"object","patternProperties":{"^x-":{"type":"string"}}}"#,
                 #"{"type":"object","properties":{"name":{"type":"integer"}},"patternProperties":{"^x-":{"type":"string"}}}"#,
                 ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/name"], strict: true),
    ]

    static let partiallyOpenContentModel: [DiffCase] = [
        DiffCase("added property covered by additionalProperties",
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}"#,
                 ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a",
                  "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("added property not covered by additionalProperties",
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"string"}}"#,
                 ["TYPE_CHANGED #/properties/a",
                  "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a",
                  "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: false),
        DiffCase("removed property covered by additionalProperties",
                 #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 ["PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a"], strict: true),
        DiffCase("removed property not covered by additionalProperties",
                 #"{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":{"type":"string"}}"#,
                 #"{"type":"object","additionalProperties":{"type":"string"}}"#,
                 ["TYPE_CHANGED #/properties/a",
                  "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a"], strict: false),
        DiffCase("patternProperties match anywhere in the name (unanchored find)",
                 #"{"type":"object","patternProperties":{"id":{"type":"string"}}}"#,
                 #"{"type":"object","properties":{"user_id_x":{"type":"string"}},"patternProperties":{"id":{"type":"string"}}}"#,
                 ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/user_id_x",
                  "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/user_id_x"], strict: true),
        // `{}` is a schema, so the object is partially open, and `{}` -> typed is a TYPE_CHANGED:
        // Confluent rejects a property that `additionalProperties: {}` would have accepted.
        DiffCase("an additionalProperties {} schema is partially open and does not cover a typed property",
                 #"{"type":"object","additionalProperties":{}}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{}}"#,
                 ["TYPE_CHANGED #/properties/a",
                  "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a",
                  "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a"], strict: false),
    ]

    @Test(arguments: attributes) func objectKeywords(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: additionalProperties) func additionalPropertiesKeyword(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: unevaluated) func unevaluatedPropertiesKeyword(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: openContentModel) func openObjects(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: closedContentModel) func closedObjects(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: partiallyOpenContentModel) func partiallyOpenObjects(_ c: DiffCase) throws { try check(c) }

    @Test func thePolicyDecidesWhetherAPartialModelCoversAProperty() throws {
        // The catch-all is an open object; the new property adds an optional field to it. STRICT
        // rejects that inner change, so the property is "not covered"; LENIENT accepts it.
        let original = #"{"type":"object","additionalProperties":{"type":"object"}}"#
        let update = #"{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"string"}}}},"additionalProperties":{"type":"object"}}"#
        #expect(try changes(original, update, policy: .strict) == [
            "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a/properties/b",
            "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a",
            "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a",
        ])
        #expect(try changes(original, update, policy: .lenient) == [
            "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a/properties/b",
            "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a",
            "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a",
        ])
        #expect(try !backwardCompatible(original, update, policy: .strict))
        #expect(try backwardCompatible(original, update, policy: .lenient))
    }
}
