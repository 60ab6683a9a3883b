import Testing

@testable import JSONSchema

/// Arrays (limits, tuple items against open/closed/partially open models, additional and
/// unevaluated items) and combined schemas (allOf/anyOf/oneOf, `type` arrays, sum and product
/// types, subschema matching), plus boolean schemas.
@Suite("JSON Schema diff: arrays, combined and boolean schemas")
struct CompatibilityArrayAndCombinedDiffTests {
    static let arrayAttributes: [DiffCase] = [
        DiffCase("maxItems added", #"{"type":"array"}"#, #"{"type":"array","maxItems":3}"#,
                 ["MAX_ITEMS_ADDED #/maxItems"], strict: false),
        DiffCase("maxItems removed", #"{"type":"array","maxItems":3}"#, #"{"type":"array"}"#,
                 ["MAX_ITEMS_REMOVED #/maxItems"], strict: true),
        DiffCase("maxItems increased", #"{"type":"array","maxItems":3}"#, #"{"type":"array","maxItems":4}"#,
                 ["MAX_ITEMS_INCREASED #/maxItems"], strict: true),
        DiffCase("maxItems decreased", #"{"type":"array","maxItems":3}"#, #"{"type":"array","maxItems":2}"#,
                 ["MAX_ITEMS_DECREASED #/maxItems"], strict: false),
        DiffCase("minItems added", #"{"type":"array"}"#, #"{"type":"array","minItems":1}"#,
                 ["MIN_ITEMS_ADDED #/minItems"], strict: false),
        DiffCase("minItems removed", #"{"type":"array","minItems":1}"#, #"{"type":"array"}"#,
                 ["MIN_ITEMS_REMOVED #/minItems"], strict: true),
        DiffCase("minItems increased", #"{"type":"array","minItems":1}"#, #"{"type":"array","minItems":2}"#,
                 ["MIN_ITEMS_INCREASED #/minItems"], strict: false),
        DiffCase("minItems decreased", #"{"type":"array","minItems":2}"#, #"{"type":"array","minItems":1}"#,
                 ["MIN_ITEMS_DECREASED #/minItems"], strict: true),
        DiffCase("uniqueItems added", #"{"type":"array"}"#, #"{"type":"array","uniqueItems":true}"#,
                 ["UNIQUE_ITEMS_ADDED #/uniqueItems"], strict: false),
        DiffCase("uniqueItems removed", #"{"type":"array","uniqueItems":true}"#, #"{"type":"array","uniqueItems":false}"#,
                 ["UNIQUE_ITEMS_REMOVED #/uniqueItems"], strict: true),
        DiffCase("maxContains added", #"{"type":"array"}"#, #"{"type":"array","maxContains":2}"#,
                 ["MAX_CONTAINS_ADDED #/maxContains"], strict: false),
        DiffCase("maxContains removed", #"{"type":"array","maxContains":2}"#, #"{"type":"array"}"#,
                 ["MAX_CONTAINS_REMOVED #/maxContains"], strict: true),
        DiffCase("maxContains increased", #"{"type":"array","maxContains":2}"#, #"{"type":"array","maxContains":3}"#,
                 ["MAX_CONTAINS_INCREASED #/maxContains"], strict: true),
        DiffCase("maxContains decreased", #"{"type":"array","maxContains":2}"#, #"{"type":"array","maxContains":1}"#,
                 ["MAX_CONTAINS_DECREASED #/maxContains"], strict: false),
        DiffCase("minContains added", #"{"type":"array"}"#, #"{"type":"array","minContains":2}"#,
                 ["MIN_CONTAINS_ADDED #/minContains"], strict: false),
        DiffCase("minContains removed", #"{"type":"array","minContains":2}"#, #"{"type":"array"}"#,
                 ["MIN_CONTAINS_REMOVED #/minContains"], strict: true),
        DiffCase("minContains increased", #"{"type":"array","minContains":2}"#, #"{"type":"array","minContains":3}"#,
                 ["MIN_CONTAINS_INCREASED #/minContains"], strict: false),
        DiffCase("minContains decreased", #"{"type":"array","minContains":2}"#, #"{"type":"array","minContains":1}"#,
                 ["MIN_CONTAINS_DECREASED #/minContains"], strict: true),
        DiffCase("2020-12: contains implies minContains 1, so dropping an explicit 1 is no change",
                 #"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","contains":{"type":"number"},"minContains":1}"#,
                 #"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","contains":{"type":"number"}}"#,
                 [], strict: true),
        DiffCase("items schema changed is compared", #"{"type":"array","items":{"type":"string"}}"#,
                 #"{"type":"array","items":{"type":"string","maxLength":3}}"#, ["MAX_LENGTH_ADDED #/items/maxLength"],
                 strict: false),
    ]

    static let additionalItems: [DiffCase] = {
        let tuple = #""type":"array","items":[{"type":"string"}]"#
        let v = #""$schema":"https://json-schema.org/draft/2020-12/schema","type":"array""#
        return [
            DiffCase("additionalItems false dropped", #"{\#(tuple),"additionalItems":false}"#, "{\(tuple)}",
                     ["ADDITIONAL_ITEMS_ADDED #/additionalItems"], strict: true),
            DiffCase("additionalItems false added", "{\(tuple)}", #"{\#(tuple),"additionalItems":false}"#,
                     ["ADDITIONAL_ITEMS_REMOVED #/additionalItems"], strict: false),
            DiffCase("additionalItems schema added", "{\(tuple)}", #"{\#(tuple),"additionalItems":{"type":"string"}}"#,
                     ["ADDITIONAL_ITEMS_NARROWED #/additionalItems"], strict: false),
            DiffCase("additionalItems schema dropped", #"{\#(tuple),"additionalItems":{"type":"string"}}"#, "{\(tuple)}",
                     ["ADDITIONAL_ITEMS_EXTENDED #/additionalItems"], strict: true),
            DiffCase("unevaluatedItems false added", "{\(v)}", #"{\#(v),"unevaluatedItems":false}"#,
                     ["UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems"], strict: false),
            DiffCase("unevaluatedItems schema added", "{\(v)}", #"{\#(v),"unevaluatedItems":{"type":"string"}}"#,
                     ["UNEVALUATED_ITEMS_NARROWED #/unevaluatedItems"], strict: false),
            DiffCase("unevaluatedItems false dropped", #"{\#(v),"unevaluatedItems":false}"#, "{\(v)}",
                     ["UNEVALUATED_ITEMS_ADDED #/unevaluatedItems"], strict: true),
            DiffCase("unevaluatedItems schema dropped", #"{\#(v),"unevaluatedItems":{"type":"string"}}"#, "{\(v)}",
                     ["UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems"], strict: true),
        ]
    }()

    static let tupleItems: [DiffCase] = {
        let s = #"{"type":"string"}"#
        let i = #"{"type":"integer"}"#
        func tuple(_ items: String, _ extra: String = "") -> String { #"{"type":"array","items":[\#(items)]\#(extra)}"# }
        let closed = #","additionalItems":false"#
        let partial = #","additionalItems":{"type":"string"}"#
        return [
            DiffCase("tuple item removed, open update", tuple("\(s),\(i)"), tuple(s),
                     ["ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item added to an open original", tuple(s), tuple("\(s),\(i)"),
                     ["ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1"], strict: false),
            DiffCase("unconstrained tuple item added to an open original", tuple(s), tuple("\(s),{}"),
                     ["ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item added to a closed original", tuple(s, closed), tuple("\(s),\(i)", closed),
                     ["ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item removed, closed update", tuple("\(s),\(i)", closed), tuple(s, closed),
                     ["ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1"], strict: false),
            DiffCase("forbidden tuple item removed, closed update", tuple("\(s),false", closed), tuple(s, closed),
                     ["ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item added, covered by additionalItems", tuple(s, partial), tuple("\(s),\(s)", partial),
                     ["ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item added, not covered by additionalItems", tuple(s, partial), tuple("\(s),\(i)", partial),
                     ["TYPE_CHANGED #/items/1", "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1"],
                     strict: false),
            DiffCase("tuple item removed, covered by additionalItems", tuple("\(s),\(s)", partial), tuple(s, partial),
                     ["ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1"], strict: true),
            DiffCase("tuple item removed, not covered by additionalItems", tuple("\(s),\(i)", partial), tuple(s, partial),
                     ["TYPE_CHANGED #/items/1", "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1"],
                     strict: false),
            DiffCase("2020-12 prefixItems are tuple items, reported at #/items/<i>",
                     #"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[\#(s)],"items":false}"#,
                     #"{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","prefixItems":[\#(s),\#(i)],"items":false}"#,
                     ["ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1"], strict: true),
        ]
    }()

    static let combined: [DiffCase] = [
        DiffCase("oneOf became anyOf", #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#,
                 #"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, ["COMBINED_TYPE_EXTENDED #/"], strict: true),
        DiffCase("anyOf became oneOf", #"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#,
                 #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#, ["COMBINED_TYPE_CHANGED #/"], strict: false),
        DiffCase("oneOf gained a branch", #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#,
                 #"{"oneOf":[{"type":"boolean"},{"type":"integer"},{"type":"string"}]}"#,
                 ["SUM_TYPE_EXTENDED #/"], strict: true),
        DiffCase("oneOf lost a branch", #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#,
                 #"{"oneOf":[{"type":"string"}]}"#, ["SUM_TYPE_NARROWED #/"], strict: false),
        DiffCase("allOf gained a constraint", #"{"allOf":[{"type":"string"}]}"#,
                 #"{"allOf":[{"type":"string"},{"maxLength":5}]}"#, ["PRODUCT_TYPE_EXTENDED #/"], strict: false),
        DiffCase("allOf lost a constraint", #"{"allOf":[{"type":"string"},{"maxLength":5}]}"#,
                 #"{"allOf":[{"type":"string"}]}"#, ["PRODUCT_TYPE_NARROWED #/"], strict: true),
        DiffCase("a oneOf branch changed beyond matching", #"{"oneOf":[{"type":"string"},{"type":"integer"}]}"#,
                 #"{"oneOf":[{"type":"string"},{"type":"boolean"}]}"#,
                 ["COMBINED_TYPE_SUBSCHEMAS_CHANGED #/"], strict: false),
        DiffCase("branches are matched regardless of order, diffs at the original's index",
                 #"{"oneOf":[{"type":"string","maxLength":3},{"type":"integer"}]}"#,
                 #"{"oneOf":[{"type":"integer"},{"type":"string","maxLength":4}]}"#,
                 ["MAX_LENGTH_INCREASED #/oneOf/0/maxLength"], strict: true),
        DiffCase("duplicate branches collapse", #"{"anyOf":[{"type":"string"},{"type":"string"}]}"#,
                 #"{"anyOf":[{"type":"string"}]}"#, [], strict: true),
        DiffCase("a single type became a union", #"{"type":"string"}"#,
                 #"{"oneOf":[{"type":"integer"},{"type":"string"}]}"#, ["SUM_TYPE_EXTENDED #/"], strict: true),
        DiffCase("a type array is a sum type", #"{"type":"string"}"#, #"{"type":["string","null"]}"#,
                 ["SUM_TYPE_EXTENDED #/"], strict: true),
        DiffCase("a type array narrowed to one type is a type change", #"{"type":["string","null"]}"#,
                 #"{"type":"string"}"#, ["TYPE_CHANGED #/"], strict: false),
        DiffCase("a type array gained a type", #"{"type":["object"]}"#, #"{"type":["object","array"]}"#,
                 ["SUM_TYPE_EXTENDED #/"], strict: true),
        DiffCase("type with enum is a product: dropping the enum narrows it", #"{"type":"string","enum":["a"]}"#,
                 #"{"type":"string"}"#, ["PRODUCT_TYPE_NARROWED #/"], strict: true),
        DiffCase("type with enum: the enum is diffed inside the synthetic allOf",
                 #"{"type":"string","enum":["a"]}"#, #"{"type":"string","enum":["a","b"]}"#,
                 ["ENUM_ARRAY_EXTENDED #/allOf/0/enum"], strict: true),
        DiffCase("a singleton allOf unwraps when its sole schema is compatible",
                 #"{"allOf":[{"type":"string","maxLength":9}]}"#, #"{"type":"string"}"#,
                 ["MAX_LENGTH_REMOVED #/maxLength"], strict: true),
        DiffCase("an incompatible singleton allOf keeps only the class change",
                 #"{"allOf":[{"type":"string"}]}"#, #"{"type":"string","maxLength":9}"#, ["TYPE_CHANGED #/"], strict: false),
    ]

    static let booleans: [DiffCase] = [
        DiffCase("false accepts nothing, so any update reads it", "false", #"{"type":"string"}"#, [], strict: true),
        DiffCase("anything to false is a type change", #"{"type":"string"}"#, "false", ["TYPE_CHANGED #/"], strict: false),
        DiffCase("true to a typed schema is a type change", "true", #"{"type":"string"}"#, ["TYPE_CHANGED #/"],
                 strict: false),
        DiffCase("a typed schema to {} is compatible", #"{"type":"string"}"#, "{}", [], strict: true),
        DiffCase("{} and true are the same", "{}", "true", [], strict: true),
        DiffCase("connect.type bytes on both sides hides a type change",
                 #"{"type":"string","connect.type":"bytes"}"#, #"{"type":"number","connect.type":"bytes"}"#, [],
                 strict: true),
        DiffCase("properties without type is still an object schema", #"{"properties":{"a":{"type":"string"}}}"#,
                 #"{"type":"object","properties":{"a":{"type":"string"}}}"#, [], strict: true),
    ]

    @Test(arguments: arrayAttributes) func arrayKeywords(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: additionalItems) func additionalAndUnevaluatedItems(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: tupleItems) func tupleItemsAgainstContentModels(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: combined) func combinedSchemas(_ c: DiffCase) throws { try check(c) }
    @Test(arguments: booleans) func booleanAndEmptySchemas(_ c: DiffCase) throws { try check(c) }
}
