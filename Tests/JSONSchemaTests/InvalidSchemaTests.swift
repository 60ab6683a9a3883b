import JSONModel
import JSONSchema
import Testing

@Suite("Invalid schemas are rejected with a path and a reason")
struct InvalidSchemaTests {
    @Test(
        "each rejected schema names the offending place",
        arguments: [
            (#"{"properties":{"age":{"type":"integr"}}}"#, #"/properties/age/type: unknown type "integr""#),
            (#"{"type":["string","strin"]}"#, #"/type/1: unknown type "strin""#),
            (#"{"type":["string","string"]}"#, #"/type/1: "type" must be an array of distinct type names"#),
            (##"{"properties":{"x":{"$ref":"#/definitions/missing"}}}"##, ##"/properties/x/$ref: unresolved reference "#/definitions/missing""##),
            (#"{"$ref":"other.json"}"#, #"/$ref: unresolved reference "other.json""#),
            (##"{"$ref":"#nowhere"}"##, ##"/$ref: unresolved reference "#nowhere""##),
            (#"{"minimum":"3"}"#, #"/minimum: "minimum" must be a number"#),
            (#"{"maxLength":-1}"#, #"/maxLength: "maxLength" must be a non-negative integer"#),
            (#"{"minItems":1.5}"#, #"/minItems: "minItems" must be a non-negative integer"#),
            (#"{"multipleOf":0}"#, #"/multipleOf: "multipleOf" must be a number greater than 0"#),
            (#"{"required":"a"}"#, #"/required: "required" must be an array of distinct property names"#),
            (#"{"required":["a","a"]}"#, #"/required: "required" must be an array of distinct property names"#),
            (#"{"properties":{"a":{"required":true}}}"#, #"/properties/a/required: "required" must be an array of property names (a boolean "required" is draft-03)"#),
            (#"{"pattern":"(unclosed"}"#, #"/pattern: invalid regular expression "(unclosed""#),
            (#"{"patternProperties":{"[":{}}}"#, #"/patternProperties/[: invalid regular expression "[""#),
            (#"{"properties":{"a":1}}"#, "/properties/a: expected a schema (an object or a boolean), found an integer"),
            (#"{"properties":[]}"#, #"/properties: "properties" must be an object of schemas"#),
            (#"{"allOf":[]}"#, #"/allOf: "allOf" must be a non-empty array of schemas"#),
            (#"{"anyOf":[{},"x"]}"#, "/anyOf/1: expected a schema (an object or a boolean), found a string"),
            (#"{"items":[1]}"#, "/items/0: expected a schema (an object or a boolean), found an integer"),
            (#"{"exclusiveMinimum":true}"#, #"/exclusiveMinimum: "exclusiveMinimum" must be a number (the boolean form is draft-04)"#),
            (#"{"dependencies":{"a":["b",1]}}"#, #"/dependencies/a: "dependencies" must be an array of distinct property names"#),
            (#"{"uniqueItems":"yes"}"#, #"/uniqueItems: "uniqueItems" must be a boolean"#),
            ("[]", "/: expected an object or a boolean, found an array"),
            ("12", "/: expected an object or a boolean, found an integer"),
            (#"{"type":"#, "/: invalid JSON: unexpected end of input at offset 8"),
        ])
    func rejected(_ schema: String, _ message: String) {
        #expect(parseError(schema)?.description == message)
    }

    @Test("draft-04 rules: boolean exclusive bounds, no boolean subschemas except additional*, non-empty required")
    func draft4() {
        let prefix = #"{"$schema":"http://json-schema.org/draft-04/schema#","#
        #expect(parseError(prefix + #""exclusiveMaximum":5}"#)?.path == "/exclusiveMaximum")
        #expect(parseError(prefix + #""properties":{"a":true}}"#)?.path == "/properties/a")
        #expect(parseError(prefix + #""required":[]}"#)?.path == "/required")
        #expect(parseError(prefix + #""enum":[]}"#)?.path == "/enum")
        #expect(parseError(prefix + #""additionalProperties":false,"additionalItems":true,"maximum":3,"exclusiveMaximum":true}"#) == nil)
    }

    @Test("2020-12 rejects the array form of items; tuples are prefixItems")
    func arrayItemsIn2020() {
        let error = parseError(#"{"$schema":"https://json-schema.org/draft/2020-12/schema","items":[{}]}"#)
        #expect(error?.path == "/items")
        #expect(parseError(#"{"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":[{}],"items":false}"#) == nil)
    }

    @Test("keywords a draft does not define are kept and not checked")
    func unknownKeywordsKept() throws {
        #expect(parseError(#"{"prefixItems":"not checked in draft-07","x-custom":{"type":"bogus"},"if":{}}"#) == nil)
        #expect(parseError(#"{"$schema":"http://json-schema.org/draft-06/schema#","if":"not a keyword before draft-07"}"#) == nil)
    }

    @Test("problems inside a referenced document name that document")
    func inReferencedDocument() {
        let error = parseError(#"{"$ref":"address.json"}"#, referencedJSON: ["address.json": #"{"properties":{"zip":{"type":"strin"}}}"#])
        #expect(error?.document == "address.json")
        #expect(error?.description == #"address.json#/properties/zip/type: unknown type "strin""#)
    }

    @Test("an anchor in another resource is not found by a bare fragment")
    func anchorScope() {
        let schema = ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"a":{"$id":"https://example.com/a","$anchor":"x"}},"$ref":"#x"}"##
        #expect(parseError(schema)?.reason == .unresolvedReference("#x"))
    }
}
