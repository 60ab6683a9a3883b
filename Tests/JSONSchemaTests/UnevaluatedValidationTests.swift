import JSONModel
import JSONSchema
import Testing

@Suite("Validation: unevaluatedProperties and unevaluatedItems (2019-09 on)")
struct UnevaluatedValidationTests {
    static let draft2019 = #""$schema":"https://json-schema.org/draft/2019-09/schema""#
    static let draft2020 = #""$schema":"https://json-schema.org/draft/2020-12/schema""#

    @Test("members evaluated through allOf, $ref and a successful if count as evaluated")
    func propertiesThroughApplicators() throws {
        let schema = #"""
            {\#(Self.draft2020),
             "$defs": {"named": {"properties": {"name": {"type": "string"}}}},
             "allOf": [{"properties": {"id": true}}],
             "$ref": "#/$defs/named",
             "if": {"properties": {"kind": {"const": "x"}}}, "then": {"properties": {"x": true}},
             "unevaluatedProperties": false}
            """#
        try expectValidation(
            schema, valid: [#"{"id":1,"name":"n"}"#, #"{"kind":"x","x":1}"#],
            invalid: [#"{"extra":1}"#, #"{"kind":"y","x":1}"#])
    }

    @Test("only successful anyOf and oneOf branches contribute, and failed not never does")
    func failedBranchesDoNotCount() throws {
        let schema = #"{\#(Self.draft2019),"anyOf":[{"properties":{"a":{"type":"string"}}},{"properties":{"b":true}}],"not":{"properties":{"c":false},"required":["c"]},"unevaluatedProperties":false}"#
        try expectValidation(schema, valid: [#"{"a":"s","b":1}"#, #"{"b":1}"#], invalid: [#"{"a":1,"b":1}"#, #"{"d":1}"#])
    }

    @Test("unevaluatedProperties with a schema validates the leftovers; additionalProperties leaves none")
    func schemaForm() throws {
        try expectValidation(
            #"{\#(Self.draft2019),"properties":{"a":true},"unevaluatedProperties":{"type":"integer"}}"#,
            valid: [#"{"a":"x","b":1}"#], invalid: [#"{"b":"x"}"#])
        try expectValidation(
            #"{\#(Self.draft2019),"additionalProperties":true,"unevaluatedProperties":false}"#, valid: [#"{"any":1}"#])
    }

    @Test("nested unevaluatedProperties sees only its own subschema's annotations")
    func nesting() throws {
        let schema = #"{\#(Self.draft2020),"properties":{"a":true},"allOf":[{"unevaluatedProperties":false}]}"#
        try expectValidation(schema, valid: ["{}"], invalid: [#"{"a":1}"#])
    }

    @Test("unevaluatedItems: tuple prefixes, items and (2020-12) contains matches count as evaluated")
    func items() throws {
        try expectValidation(
            #"{\#(Self.draft2020),"prefixItems":[{"type":"string"}],"unevaluatedItems":false}"#, valid: [#"["a"]"#], invalid: [#"["a",1]"#])
        try expectValidation(
            #"{\#(Self.draft2019),"allOf":[{"items":[true,true]}],"unevaluatedItems":{"type":"null"}}"#,
            valid: ["[1,2,null]"], invalid: ["[1,2,3]"])
        try expectValidation(
            #"{\#(Self.draft2020),"contains":{"type":"string"},"unevaluatedItems":{"type":"integer"}}"#,
            valid: [#"["a",1,"b"]"#], invalid: [#"["a",null]"#])
        try expectValidation(#"{\#(Self.draft2020),"items":true,"unevaluatedItems":false}"#, valid: ["[1,2]"])
    }

    @Test("before 2019-09 the unevaluated keywords are unknown and ignored")
    func ignoredInDraft7() throws {
        try expectValidation(#"{"unevaluatedProperties":false,"unevaluatedItems":false}"#, valid: [#"{"a":1}"#, "[1]"])
    }
}
