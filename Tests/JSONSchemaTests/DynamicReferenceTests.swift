import JSONModel
import JSONSchema
import Testing

@Suite("Validation: $recursiveRef (2019-09) and $dynamicRef (2020-12)")
struct DynamicReferenceTests {
    @Test("$recursiveRef lets an extending schema tighten every level of a recursive base")
    func recursiveRef() throws {
        let tree = ##"{"$schema":"https://json-schema.org/draft/2019-09/schema","$id":"https://example.com/tree","$recursiveAnchor":true,"type":"object","properties":{"data":true,"children":{"type":"array","items":{"$recursiveRef":"#"}}}}"##
        let strict = #"{"$schema":"https://json-schema.org/draft/2019-09/schema","$id":"https://example.com/strict-tree","$recursiveAnchor":true,"$ref":"tree","unevaluatedProperties":false}"#
        try expectValidation(
            strict, valid: [#"{"children":[{"data":1,"children":[]}]}"#], invalid: [#"{"children":[{"daat":1}]}"#],
            references: ["tree": tree])
        try expectValidation(tree, valid: [#"{"children":[{"daat":1}]}"#], invalid: [#"{"children":[1]}"#])
    }

    @Test("$dynamicRef resolves to the outermost matching $dynamicAnchor in the dynamic scope")
    func dynamicRef() throws {
        let tree = ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/tree","$dynamicAnchor":"node","type":"object","properties":{"data":true,"children":{"type":"array","items":{"$dynamicRef":"#node"}}}}"##
        let strict = #"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/strict-tree","$dynamicAnchor":"node","$ref":"tree","unevaluatedProperties":false}"#
        try expectValidation(
            strict, valid: [#"{"children":[{"data":1}]}"#], invalid: [#"{"children":[{"daat":1}]}"#], references: ["tree": tree])
        try expectValidation(tree, valid: [#"{"children":[{"daat":1}]}"#])
    }

    @Test("$dynamicRef to a plain anchor or pointer behaves like $ref")
    func staticFallback() throws {
        try expectValidation(
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"s":{"type":"string"}},"$dynamicRef":"#/$defs/s"}"##,
            valid: [#""x""#], invalid: ["1"])
    }
}
