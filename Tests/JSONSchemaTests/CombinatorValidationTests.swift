import JSONModel
import JSONSchema
import Testing

@Suite("Validation: allOf, anyOf, oneOf, not, if/then/else")
struct CombinatorValidationTests {
    @Test("allOf needs every branch, anyOf at least one, oneOf exactly one")
    func combinators() throws {
        try expectValidation(#"{"allOf":[{"minimum":1},{"maximum":3}]}"#, valid: ["2"], invalid: ["0", "4"])
        try expectValidation(#"{"anyOf":[{"type":"string"},{"minimum":3}]}"#, valid: [#""a""#, "5"], invalid: ["1"])
        try expectValidation(#"{"oneOf":[{"type":"integer"},{"minimum":2}]}"#, valid: ["1", "2.5"], invalid: ["3", "1.5"])
    }

    @Test("not inverts its schema")
    func not() throws {
        try expectValidation(#"{"not":{"type":"string"}}"#, valid: ["1", "null"], invalid: [#""a""#])
        try expectValidation(#"{"not":true}"#, invalid: ["1"])
    }

    @Test("if selects then or else (draft-07 on); without if they do nothing")
    func conditional() throws {
        let schema = #"{"if":{"properties":{"kind":{"const":"a"}},"required":["kind"]},"then":{"required":["alpha"]},"else":{"required":["other"]}}"#
        try expectValidation(
            schema, valid: [#"{"kind":"a","alpha":1}"#, #"{"kind":"b","other":1}"#, #"{"other":1}"#],
            invalid: [#"{"kind":"a"}"#, #"{"kind":"b","alpha":1}"#])
        try expectValidation(#"{"then":false,"else":false}"#, valid: ["1"])
        try expectValidation(#"{"$schema":"http://json-schema.org/draft-06/schema#","if":true,"then":false}"#, valid: ["1"])
    }
}
