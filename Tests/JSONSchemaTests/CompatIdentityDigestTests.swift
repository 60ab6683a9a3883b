import JSONModel
import Testing

@testable import JSONSchema

/// The digest the diff uses to skip unchanged subschemas agrees with `JSONValue`'s equality.
@Suite("JSON Schema diff: identity digests")
struct CompatIdentityDigestTests {
    func digest(_ text: String) -> CompatIdentityDigest { CompatIdentityDigest(json(text)) }

    @Test("equal JSON has equal digests, whatever the member order")
    func memberOrder() {
        #expect(digest(#"{"type":"object","properties":{"a":{"type":"string"},"b":{}}}"#)
            == digest(#"{"properties":{"b":{},"a":{"type":"string"}},"type":"object"}"#))
        #expect(digest("0.0") == digest("-0.0"))
    }

    @Test("any difference changes the digest", arguments: [
        (#"{"type":"string"}"#, #"{"type":"number"}"#),
        (#"{"a":1}"#, #"{"a":1.0}"#),  // an integer and a double are different JSON values
        (#"{"a":[1,2]}"#, #"{"a":[2,1]}"#),
        (#"{"a":"b"}"#, #"{"ab":""}"#),
        (#"["a","b"]"#, #"["ab"]"#),
        (#"{"a":null}"#, #"{"a":false}"#),
        (#"{}"#, "[]"),
    ])
    func differences(_ pair: (String, String)) {
        #expect(digest(pair.0) != digest(pair.1))
    }

    @Test("a part's digest is told apart from the whole object's and from other parts'")
    func parts() {
        let object = json(#"{"type":"string","maxLength":3}"#)
        let whole = CompatIdentityDigest(object)
        let asString = CompatIdentityDigest(tag: "string", whole)
        #expect(asString != whole)
        #expect(asString != CompatIdentityDigest(tag: "enum", whole))
        #expect(asString == CompatIdentityDigest(tag: "string", CompatIdentityDigest(object)))
    }

    @Test("a wide object whose versions append, drop or reorder properties: models and plain JSON agree")
    func wideObjectVersions() throws {
        func version(_ names: [String]) -> String {
            let properties = names.map { #""\#($0)":{"type":"integer","minimum":0}"# }.joined(separator: ",")
            return #"{"type":"object","properties":{\#(properties)},"additionalProperties":{"type":"integer"}}"#
        }
        let base = (0..<30).map { "p\($0)" }
        for update in [base + ["q"], Array(base.dropLast(3)), Array(base.reversed()), ["q"] + base] {
            for policy in [JSONSchemaCompatibilityPolicy.strict, .lenient] {
                _ = try backwardCompatible(version(base), version(update), policy: policy)  // compares both ways itself
                _ = try backwardCompatible(version(update), version(base), policy: policy)
            }
        }
        let added = try changes(version(base), version(base + ["q"]))
        // The new property narrows what the open content model allowed for its name (a minimum).
        #expect(
            added == [
                "MINIMUM_ADDED #/properties/q/minimum", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/q",
                "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/q",
            ])
    }
}
