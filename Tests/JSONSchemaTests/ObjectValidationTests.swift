import JSONModel
import JSONSchema
import Testing

@Suite("Validation: objects")
struct ObjectValidationTests {
    static let draft2019 = #""$schema":"https://json-schema.org/draft/2019-09/schema""#

    @Test("properties, patternProperties and additionalProperties divide the members between them")
    func memberSchemas() throws {
        let schema = #"{"properties":{"id":{"type":"integer"}},"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":{"type":"boolean"}}"#
        try expectValidation(
            schema, valid: [#"{"id":1,"x-a":"s","flag":true}"#, "[]"],
            invalid: [#"{"id":"1"}"#, #"{"x-a":1}"#, #"{"flag":"yes"}"#])
        try expectValidation(#"{"properties":{"a":{}},"additionalProperties":false}"#, valid: [#"{"a":1}"#], invalid: [#"{"b":1}"#])
        try expectValidation(
            #"{"patternProperties":{"a":{"minimum":2},"b":{"maximum":3}}}"#, valid: [#"{"ab":2.5}"#], invalid: [#"{"ab":4}"#, #"{"ab":1}"#])
    }

    @Test("required lists members that must be present; other kinds of value pass")
    func required() throws {
        try expectValidation(#"{"required":["a","b"]}"#, valid: [#"{"a":null,"b":0}"#, "[]"], invalid: [#"{"a":1}"#, "{}"])
        try expectValidation(#"{"required":[]}"#, valid: ["{}"])
    }

    @Test("minProperties and maxProperties count members")
    func sizes() throws {
        try expectValidation(#"{"minProperties":1,"maxProperties":2}"#, valid: [#"{"a":1}"#, "[]"], invalid: ["{}", #"{"a":1,"b":2,"c":3}"#])
    }

    @Test("propertyNames constrains every member name (draft-06 on)")
    func propertyNames() throws {
        try expectValidation(#"{"propertyNames":{"maxLength":3}}"#, valid: [#"{"abc":1}"#], invalid: [#"{"abcd":1}"#])
        try expectValidation(#"{"propertyNames":false}"#, valid: ["{}"], invalid: [#"{"a":1}"#])
    }

    @Test("dependencies: a present member requires names or a schema (kept after 2019-09 for compatibility)")
    func dependencies() throws {
        let schema = #"{"dependencies":{"card":["billing"],"vip":{"required":["level"]}}}"#
        try expectValidation(
            schema, valid: ["{}", #"{"card":1,"billing":2}"#, #"{"vip":true,"level":1}"#, #"{"billing":1}"#],
            invalid: [#"{"card":1}"#, #"{"vip":true}"#])
        try expectValidation(#"{\#(Self.draft2019),"dependencies":{"a":["b"]}}"#, valid: [#"{"a":1,"b":2}"#], invalid: [#"{"a":1}"#])
    }

    @Test("2019-09 on: dependentRequired and dependentSchemas split the two meanings")
    func dependentKeywords() throws {
        let schema = #"{\#(Self.draft2019),"dependentRequired":{"card":["billing"]},"dependentSchemas":{"vip":{"required":["level"]}}}"#
        try expectValidation(schema, valid: [#"{"card":1,"billing":2}"#, #"{"vip":1,"level":1}"#], invalid: [#"{"card":1}"#, #"{"vip":1}"#])
        try expectValidation(#"{"dependentRequired":{"a":["b"]}}"#, valid: [#"{"a":1}"#])
    }
}
