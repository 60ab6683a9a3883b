import JSONModel
import JSONSchema
import Testing

@Suite("Validation: arrays")
struct ArrayValidationTests {
    static let draft2019 = #""$schema":"https://json-schema.org/draft/2019-09/schema""#
    static let draft2020 = #""$schema":"https://json-schema.org/draft/2020-12/schema""#

    @Test("items as one schema applies to every item")
    func itemsSchema() throws {
        try expectValidation(#"{"items":{"type":"integer"}}"#, valid: ["[]", "[1,2]", #"{"0":"x"}"#], invalid: [#"[1,"2"]"#])
    }

    @Test("up to 2019-09, items as an array is a tuple and additionalItems covers the rest")
    func tuples() throws {
        let tuple = #"{"items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}"#
        try expectValidation(tuple, valid: ["[]", #"["a"]"#, #"["a",1]"#], invalid: [#"[1]"#, #"["a",1,null]"#])
        try expectValidation(
            #"{\#(Self.draft2019),"items":[{}],"additionalItems":{"type":"boolean"}}"#, valid: [#"[1,true]"#], invalid: [#"[1,2]"#])
        try expectValidation(#"{"items":{},"additionalItems":false}"#, valid: ["[1,2,3]"])
    }

    @Test("2020-12: prefixItems is the tuple and items covers the rest; additionalItems is gone")
    func prefixItems() throws {
        try expectValidation(
            #"{\#(Self.draft2020),"prefixItems":[{"type":"string"},{"type":"integer"}],"items":false}"#,
            valid: [#"["a"]"#, #"["a",1]"#], invalid: [#"["a",1,2]"#, "[1]"])
        try expectValidation(#"{\#(Self.draft2020),"prefixItems":[{}],"items":{"type":"integer"}}"#, valid: [#"["x",1]"#], invalid: [#"["x","y"]"#])
        try expectValidation(#"{\#(Self.draft2020),"additionalItems":false}"#, valid: ["[1,2]"])
        try expectValidation(#"{"prefixItems":[{"type":"string"}]}"#, valid: ["[1]"])
    }

    @Test("contains needs at least one matching item (draft-06 on)")
    func contains() throws {
        try expectValidation(#"{"contains":{"minimum":5}}"#, valid: ["[1,5]", #"{"a":9}"#], invalid: ["[]", "[1,2]"])
        try expectValidation(#"{"$schema":"http://json-schema.org/draft-04/schema#","contains":{"minimum":5}}"#, valid: ["[1]"])
    }

    @Test("2019-09 on: minContains and maxContains bound the matches; minContains 0 allows none")
    func containsBounds() throws {
        let schema = #"{\#(Self.draft2019),"contains":{"const":1},"minContains":2,"maxContains":3}"#
        try expectValidation(schema, valid: ["[1,1]", "[1,2,1,1]"], invalid: ["[1]", "[1,1,1,1]"])
        try expectValidation(#"{\#(Self.draft2020),"contains":{"const":1},"minContains":0}"#, valid: ["[]", "[2]"])
        try expectValidation(#"{"contains":{"const":1},"minContains":0}"#, invalid: ["[]"])
    }

    @Test("maxItems, minItems and uniqueItems (JSON equality: 1 and 1.0 are duplicates)")
    func sizesAndUniqueness() throws {
        try expectValidation(#"{"minItems":1,"maxItems":2}"#, valid: ["[1]", "[1,2]", "{}"], invalid: ["[]", "[1,2,3]"])
        try expectValidation(
            #"{"uniqueItems":true}"#, valid: ["[1,2]", #"[{"a":1},{"a":2}]"#, "[1,true]", "[0,false]", "[[1],[true]]"],
            invalid: ["[1,1.0]", #"[{"a":1,"b":2},{"b":2,"a":1}]"#, "[[1],[1]]", "[null,null]"])
        try expectValidation(#"{"uniqueItems":false}"#, valid: ["[1,1]"])
    }
}
