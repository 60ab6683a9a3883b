import JSONModel
@testable import JSONSchema
import Testing

@Suite("Validation errors name the instance path, the schema path and the reason")
struct ValidationErrorTests {
    @Test("every failing keyword is reported, in schema order")
    func allErrors() throws {
        let schema = #"{"type":"object","required":["id"],"properties":{"tags":{"type":"array","items":{"type":"string"}},"age":{"minimum":0}}}"#
        let found = try errors(of: #"{"tags":["a",2,true],"age":-1}"#, against: schema)
        #expect(found.map(\.instancePath) == ["/", "/tags/1", "/tags/2", "/age"])
        #expect(found.map(\.schemaPath) == ["/required", "/properties/tags/items/type", "/properties/tags/items/type", "/properties/age/minimum"])
        #expect(found[0].message == #"the required property "id" is missing"#)
        #expect(found[1].message == #"expected type "string", found an integer"#)
        #expect(found[3].description == "/age: -1 must be at least 0 (/properties/age/minimum)")
    }

    @Test("errors behind a $ref show the evaluation path and where the keyword is written")
    func throughReferences() throws {
        let found = try errors(
            of: #"{"home":{"zip":5}}"#,
            against: ##"{"definitions":{"address":{"properties":{"zip":{"type":"string"}}}},"properties":{"home":{"$ref":"#/definitions/address"}}}"##)
        #expect(found.count == 1)
        #expect(found.first?.instancePath == "/home/zip")
        #expect(found.first?.schemaPath == "/properties/home/$ref/properties/zip/type")
        #expect(found.first?.schemaLocation == "#/definitions/address/properties/zip/type")
    }

    @Test("errors inside a referenced document give its reference name")
    func remoteLocation() throws {
        let document = try JSONSchemaDocument(parsing: #"{"$ref":"zip.json"}"#, referencedJSON: ["zip.json": json(#"{"type":"string"}"#)])
        let found = JSONSchemaValidator(document).validate(5)
        #expect(found.map(\.schemaLocation) == ["zip.json#/type"])
    }

    @Test("additionalProperties and unevaluatedProperties point at the offending member")
    func memberPaths() throws {
        let closed = try errors(of: #"{"a":1,"b~/":2}"#, against: #"{"properties":{"a":{}},"additionalProperties":false}"#)
        #expect(closed.map(\.instancePath) == ["/b~0~1"])
        #expect(closed.first?.message == #"the property "b~/" is not allowed"#)
    }

    @Test("a schema without references renders its paths only for errors, the same as one with them")
    func deferredPaths() throws {
        // Plain (no $ref): paths are kept as steps and rendered at the error.
        let plain = #"{"properties":{"a/b":{"type":"array","items":{"properties":{"~x":{"maximum":1}}}}}}"#
        let found = try errors(of: #"{"a/b":[{"~x":0},{"~x":2}]}"#, against: plain)
        #expect(found.map(\.instancePath) == ["/a~1b/1/~0x"])
        #expect(found.map(\.schemaPath) == ["/properties/a~1b/items/properties/~0x/maximum"])
        #expect(found.map(\.schemaLocation) == ["#/properties/a~1b/items/properties/~0x/maximum"])
        // The same schema with an unused definition behind a $ref takes the other path: same answer.
        let withReference = ##"{"definitions":{"n":{"$ref":"#/definitions/n"}},"##
            + String(plain.dropFirst())
        #expect(try errors(of: #"{"a/b":[{"~x":0},{"~x":2}]}"#, against: withReference) == found)
    }

    @Test("oneOf and anyOf report one error for the combination")
    func combinationMessages() throws {
        let found = try errors(of: "3", against: #"{"oneOf":[{"type":"integer"},{"minimum":2}]}"#)
        #expect(found.map(\.message) == [#"the value must match exactly one "oneOf" schema, it matches 2"#])
    }
}

@Suite("Validation keyword dispatch")
struct EvaluationKeywordTests {
    @Test("every keyword the evaluator acts on is found by its name, and nothing else is")
    func lookup() {
        let groups: [(EvaluationKeyword, [String])] = [
            (.ref, ["$ref"]), (.recursiveRef, ["$recursiveRef"]), (.dynamicRef, ["$dynamicRef"]), (.type, ["type"]),
            (.enumeration, ["enum"]), (.const, ["const"]),
            (.number, ["multipleOf", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"]),
            (.string, ["maxLength", "minLength", "pattern", "format"]),
            (.prefixItems, ["prefixItems"]), (.contains, ["contains"]), (.items, ["items"]),
            (.arraySize, ["maxItems", "minItems", "uniqueItems"]), (.propertyNames, ["propertyNames"]),
            (.properties, ["properties", "patternProperties", "additionalProperties"]),
            (.objectSize, ["required", "maxProperties", "minProperties"]), (.dependencies, ["dependencies"]),
            (.dependentKeywords, ["dependentRequired", "dependentSchemas"]),
            (.combination, ["allOf", "anyOf", "oneOf", "not"]), (.ifThenElse, ["if"]),
        ]
        for (keyword, names) in groups {
            for name in names { #expect(EvaluationKeyword.named(name) == keyword, "\(name)") }
        }
        for other in ["", "title", "$schema", "then", "else", "Type", "types", "propertie", "$id", "definitions", "unevaluatedItems", "é"] {
            #expect(EvaluationKeyword.named(other) == nil, "\(other)")
        }
    }
}
