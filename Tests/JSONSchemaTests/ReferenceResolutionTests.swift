import JSONModel
import JSONSchema
import Testing

@Suite("$ref resolution")
struct ReferenceResolutionTests {
    @Test("JSON pointers reach definitions, $defs, array items and escaped names")
    func pointers() throws {
        let schema = #"""
            {
              "definitions": {"positive": {"minimum": 1}, "a/b": {"type": "string"}, "t~e": {"type": "boolean"},
                              "per cent": {"type": "null"}},
              "$defs": {"short": {"maxLength": 2}},
              "x-limits": [{"minimum": 0}, {"maximum": 10}],
              "properties": {
                "n": {"$ref": "#/definitions/positive"},
                "slash": {"$ref": "#/definitions/a~1b"},
                "tilde": {"$ref": "#/definitions/t~0e"},
                "space": {"$ref": "#/definitions/per%20cent"},
                "s": {"$ref": "#/$defs/short"},
                "i": {"$ref": "#/x-limits/1"}
              }
            }
            """#
        try expectValidation(
            schema,
            valid: [#"{"n":1,"slash":"x","tilde":true,"space":null,"s":"ab","i":10}"#],
            invalid: [#"{"n":0}"#, #"{"slash":1}"#, #"{"tilde":1}"#, #"{"space":1}"#, #"{"s":"abc"}"#, #"{"i":11}"#])
    }

    @Test("draft-07 and earlier: $ref replaces its siblings")
    func siblingsIgnoredUpToDraft7() throws {
        let schema = ##"{"definitions":{"s":{"type":"string"}},"properties":{"a":{"$ref":"#/definitions/s","maxLength":2}}}"##
        try expectValidation(schema, valid: [#"{"a":"long string"}"#], invalid: [#"{"a":1}"#])
    }

    @Test("2019-09 on: $ref applies alongside its siblings")
    func siblingsAppliedFrom2019() throws {
        for uri in ["https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema"] {
            let schema = ##"{"$schema":"\##(uri)","$defs":{"s":{"type":"string"}},"properties":{"a":{"$ref":"#/$defs/s","maxLength":2}}}"##
            try expectValidation(schema, valid: [#"{"a":"ab"}"#], invalid: [#"{"a":"long string"}"#, #"{"a":1}"#])
        }
    }

    @Test("recursive schemas validate nested data and a bare self-cycle terminates")
    func recursion() throws {
        let tree = ##"{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#"}}}}"##
        try expectValidation(
            tree, valid: [#"{"value":1,"children":[{"value":2,"children":[]},{"children":[{"value":3}]}]}"#],
            invalid: [#"{"children":[{"children":[{"value":"x"}]}]}"#])
        try expectValidation(##"{"$ref":"#"}"##, valid: ["1", #"{"a":[]}"#])
        try expectValidation(
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a","type":"string"}"##,
            valid: [#""x""#], invalid: ["1"])
    }

    @Test("$id changes the base URI for relative references below it")
    func idBase() throws {
        let schema = #"""
            {
              "$id": "https://example.com/root.json",
              "definitions": {
                "inner": {
                  "$id": "folder/",
                  "definitions": {"leaf": {"$id": "leaf.json", "type": "integer"}},
                  "properties": {"x": {"$ref": "leaf.json"}}
                }
              },
              "properties": {
                "viaAbsolute": {"$ref": "https://example.com/folder/leaf.json"},
                "viaInner": {"$ref": "folder/"},
                "viaRelative": {"$ref": "folder/leaf.json"}
              }
            }
            """#
        try expectValidation(
            schema, valid: [#"{"viaAbsolute":1,"viaInner":{"x":2},"viaRelative":3}"#],
            invalid: [#"{"viaAbsolute":"a"}"#, #"{"viaInner":{"x":"b"}}"#, #"{"viaRelative":1.5}"#])
    }

    @Test("plain-name anchors: $id \"#name\" up to draft-07, $anchor from 2019-09")
    func anchors() throws {
        try expectValidation(
            ##"{"definitions":{"a":{"$id":"#positive","minimum":0}},"$ref":"#positive"}"##, valid: ["0"], invalid: ["-1"])
        try expectValidation(
            ##"{"$schema":"http://json-schema.org/draft-04/schema#","definitions":{"a":{"id":"#positive","minimum":0}},"properties":{"n":{"$ref":"#positive"}}}"##,
            valid: [#"{"n":0}"#], invalid: [#"{"n":-1}"#])
        try expectValidation(
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/s","$defs":{"a":{"$anchor":"positive","minimum":0}},"$ref":"#positive"}"##,
            valid: ["0"], invalid: ["-1"])
    }

    @Test("references to other documents use the $ref URL as the reference name, fragments included")
    func remoteDocuments() throws {
        let address = ##"{"type":"object","properties":{"zip":{"$ref":"#/definitions/zip"}},"required":["zip"],"definitions":{"zip":{"type":"string","pattern":"^[0-9]{5}$"}}}"##
        let person = #"{"type":"object","properties":{"home":{"$ref":"address.json"},"zip":{"$ref":"address.json#/definitions/zip"}}}"#
        try expectValidation(
            person, valid: [#"{"home":{"zip":"12345"},"zip":"54321"}"#],
            invalid: [#"{"home":{}}"#, #"{"home":{"zip":"1"}}"#, #"{"zip":"abc"}"#],
            references: ["address.json": address])
    }

    @Test("a remote reference resolves against the referrer's $id, and parsed documents carry their own references")
    func remoteWithIDs() throws {
        let zip = try JSONSchemaDocument(parsing: #"{"type":"string","minLength":5}"#)
        let address = try JSONSchemaDocument(
            parsing: #"{"$id":"https://acme.com/address.json","properties":{"zip":{"$ref":"zip.json"}}}"#,
            references: ["zip.json": zip])
        let person = try JSONSchemaDocument(
            parsing: #"{"$id":"https://acme.com/person.json","properties":{"address":{"$ref":"address.json"},"other":{"$ref":"https://acme.com/address.json"}}}"#,
            references: ["https://acme.com/address.json": address])
        let validator = JSONSchemaValidator(person)
        #expect(validator.isValid(json(#"{"address":{"zip":"12345"},"other":{"zip":"99999"}}"#)))
        #expect(!validator.isValid(json(#"{"address":{"zip":"1"}}"#)))
        #expect(!validator.isValid(json(#"{"other":{"zip":"1"}}"#)))
        #expect(person.referenceNames.sorted() == ["https://acme.com/address.json", "zip.json"])
    }

    @Test("documents that reference each other in a cycle parse and validate")
    func remoteCycle() throws {
        let a = #"{"properties":{"b":{"$ref":"b.json"},"n":{"type":"integer"}}}"#
        let b = #"{"properties":{"a":{"$ref":"a.json"}}}"#
        try expectValidation(
            #"{"$ref":"a.json"}"#, valid: [#"{"b":{"a":{"b":{"a":{"n":1}}}}}"#], invalid: [#"{"b":{"a":{"n":"x"}}}"#],
            references: ["a.json": a, "b.json": b])
    }

    @Test("a referenced document without $schema is read under the referrer's draft")
    func referencedDraft() throws {
        let limit = #"{"maximum":10,"exclusiveMaximum":true}"#
        try expectValidation(
            #"{"$schema":"http://json-schema.org/draft-04/schema#","$ref":"limit.json"}"#, valid: ["9"], invalid: ["10"],
            references: ["limit.json": limit])
    }

    @Test("a pointer into a keyword the draft does not know still reaches a schema")
    func pointerIntoUnknownKeyword() throws {
        try expectValidation(
            ##"{"x-shared":{"even":{"multipleOf":2}},"properties":{"n":{"$ref":"#/x-shared/even"}}}"##,
            valid: [#"{"n":4}"#], invalid: [#"{"n":3}"#])
    }
}
