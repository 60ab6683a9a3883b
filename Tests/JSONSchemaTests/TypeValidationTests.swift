import JSONModel
import JSONSchema
import Testing

@Suite("Validation: type, enum, const and boolean schemas")
struct TypeValidationTests {
    static let draft4 = #""$schema":"http://json-schema.org/draft-04/schema#""#

    @Test("each type name accepts exactly its kind of value")
    func typeNames() throws {
        try expectValidation(#"{"type":"null"}"#, valid: ["null"], invalid: ["0", "false", #""""#])
        try expectValidation(#"{"type":"boolean"}"#, valid: ["true", "false"], invalid: ["0", "null", #""true""#])
        try expectValidation(#"{"type":"string"}"#, valid: [#""""#, #""1""#], invalid: ["1", "[]"])
        try expectValidation(#"{"type":"number"}"#, valid: ["1", "1.5", "-1e300"], invalid: [#""1""#, "null"])
        try expectValidation(#"{"type":"object"}"#, valid: ["{}"], invalid: ["[]", "null"])
        try expectValidation(#"{"type":"array"}"#, valid: ["[]", "[1]"], invalid: ["{}", #""[]""#])
        try expectValidation(#"{"type":["string","null"]}"#, valid: [#""a""#, "null"], invalid: ["1", "{}"])
    }

    @Test("integer: 1.0 is an integer from draft-06 on but not in draft-04; 1.5 never is")
    func integer() throws {
        try expectValidation(#"{"type":"integer"}"#, valid: ["1", "-7", "1.0", "1e2"], invalid: ["1.5", #""1""#])
        try expectValidation(
            #"{\#(Self.draft4),"type":"integer"}"#, valid: ["1", "-7", "123456789012345678901234567890"], invalid: ["1.0", "1.5"])
    }

    @Test("enum and const compare as JSON: 1 equals 1.0, objects ignore key order, true is not 1")
    func enumAndConst() throws {
        try expectValidation(
            #"{"enum":[1,"a",null,{"x":[1,2]},[true]]}"#,
            valid: ["1", "1.0", #""a""#, "null", #"{"x":[1.0,2]}"#, "[true]"],
            invalid: ["true", "2", #"{"x":[2,1]}"#, "[1]", #"{"x":[1,2],"y":0}"#])
        try expectValidation(#"{"const":{"a":1,"b":false}}"#, valid: [#"{"b":false,"a":1.0}"#], invalid: [#"{"a":1}"#, #"{"a":1,"b":0}"#])
        try expectValidation(#"{"const":false}"#, valid: ["false"], invalid: ["0", "null"])
        try expectValidation(#"{"const":null}"#, valid: ["null"], invalid: ["0", "false", "{}"])
    }

    @Test("strings are equal code point by code point: a combining accent is not the precomposed letter")
    func codePointEquality() throws {
        try expectValidation(#"{"const":"\u00e9"}"#, valid: [#""\u00e9""#], invalid: [#""e\u0301""#])
        try expectValidation(#"{"uniqueItems":true}"#, valid: [#"["\u00e9","e\u0301"]"#])
    }

    @Test("const is a draft-06 keyword: draft-04 ignores it")
    func constDraft4() throws {
        try expectValidation(#"{\#(Self.draft4),"const":1}"#, valid: ["2"])
    }

    @Test("boolean schemas: true accepts everything, false nothing, also as subschemas")
    func booleanSchemas() throws {
        try expectValidation("true", valid: ["1", "null", "{}"])
        try expectValidation("false", invalid: ["1", "null", "{}"])
        try expectValidation(#"{"properties":{"yes":true,"no":false}}"#, valid: [#"{"yes":[]}"#], invalid: [#"{"no":1}"#])
    }

    @Test("an empty schema accepts everything")
    func emptySchema() throws {
        try expectValidation("{}", valid: ["1", "null", "{}", "[[]]", #""s""#])
    }
}
