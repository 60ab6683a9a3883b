import JSONModel
import JSONSchema
import Testing

@Suite("Canonical and normalised text")
struct CanonicalTextTests {
    @Test("canonical text is compact JSON with the key order and unknown keywords as written")
    func canonical() throws {
        let text = """
            {
              "type": "object",
              "x-owner": {"team": "payments"},
              "properties": {"b": {"type": "integer"}, "a": {"type": "number", "maximum": 1.5E3}}
            }
            """
        let document = try JSONSchemaDocument(parsing: text)
        #expect(
            document.canonicalText
                == #"{"type":"object","x-owner":{"team":"payments"},"properties":{"b":{"type":"integer"},"a":{"type":"number","maximum":1500.0}}}"#
        )
        #expect(document.json.objectValue?["x-owner"] == ["team": "payments"])
    }

    @Test("a boolean schema's canonical text is the boolean")
    func boolean() throws {
        #expect(try JSONSchemaDocument(parsing: " true ").canonicalText == "true")
        #expect(try JSONSchemaDocument(parsing: "false").canonicalText == "false")
    }

    @Test("normalisation sorts keys recursively, leaves arrays in order, and keeps references working")
    func normalized() throws {
        let text = ##"{"required":["b","a"],"properties":{"b":{"$ref":"#/definitions/n"},"a":{"type":"string"}},"definitions":{"n":{"minimum":0,"type":"integer"}}}"##
        let normalized = try JSONSchemaDocument(parsing: text).normalized()
        #expect(
            normalized.canonicalText
                == ##"{"definitions":{"n":{"minimum":0,"type":"integer"}},"properties":{"a":{"type":"string"},"b":{"$ref":"#/definitions/n"}},"required":["b","a"]}"##
        )
        let validator = JSONSchemaValidator(normalized)
        #expect(validator.isValid(json(#"{"a":"x","b":3}"#)))
        #expect(!validator.isValid(json(#"{"a":"x","b":-3}"#)))
    }

    @Test("normalising twice changes nothing, and equal schemas in any key order normalise alike")
    func idempotent() throws {
        let one = try JSONSchemaDocument(parsing: #"{"type":"object","properties":{"y":{},"x":{}}}"#).normalized()
        let two = try JSONSchemaDocument(parsing: #"{"properties":{"x":{},"y":{}},"type":"object"}"#).normalized()
        #expect(one.canonicalText == two.canonicalText)
        #expect(one.normalized().canonicalText == one.canonicalText)
    }
}
