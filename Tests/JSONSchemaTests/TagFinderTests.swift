import JSONModel
import JSONSchema
import Testing

/// `confluent:tags` are found at the paths Confluent's `inlineTaggedEntities()` gives them,
/// which follow everit's object model rather than the JSON text.
@Suite("JSON Schema tagged entities")
struct TagFinderTests {
    /// Each entity as `record|field path tag,tag`.
    static func found(_ schema: String) throws -> [String] {
        try JSONSchemaTagFinder.taggedEntities(in: json(schema)).map { entity in
            "\(entity.kind == .record ? "record" : "field") \(entity.path) \(entity.tags.joined(separator: ","))"
        }
    }

    @Test("an object's own tags name the record; a property's tags name the field")
    func objectAndProperties() throws {
        let schema = #"""
            {"type":"object","confluent:tags":["PUBLIC"],"properties":{
              "ssn":{"type":"string","confluent:tags":["PII","SENSITIVE","PII"]},
              "name":{"type":"string"}}}
            """#
        #expect(try Self.found(schema) == ["record object PUBLIC", "field object.ssn PII,SENSITIVE"])
    }

    @Test("properties and definitions come in the order Java's HashMap iterates their names, as in Confluent")
    func hashMapOrder() throws {
        let schema = #"""
            {"type":"object","properties":{
              "email":{"type":"string","confluent:tags":["E"]},"age":{"type":"integer","confluent:tags":["A"]},
              "name":{"type":"string","confluent:tags":["N"]}},
             "definitions":{"Person":{"type":"object","confluent:tags":["P"]},"Address":{"type":"object","confluent:tags":["AD"]},
              "Card":{"type":"object","confluent:tags":["C"]}}}
            """#
        // OpenJDK iterates {email, age, name} as name, email, age and {Person, Address, Card}
        // as Address, Person, Card.
        #expect(
            try Self.found(schema) == [
                "field object.name N", "field object.email E", "field object.age A",
                "record object.definitions.Address.object AD", "record object.definitions.Person.object P",
                "record object.definitions.Card.object C",
            ])
    }

    @Test("an object that is a property's schema is the field; objects inside arrays are records again")
    func nesting() throws {
        let schema = #"""
            {"type":"object","properties":{
              "address":{"type":"object","confluent:tags":["HOME"],"properties":{"street":{"type":"string","confluent:tags":["PII"]}}},
              "orders":{"type":"array","items":{"type":"object","confluent:tags":["ORDER"],"properties":{"card":{"type":"string","confluent:tags":["PCI"]}}}}}}
            """#
        #expect(
            try Self.found(schema) == [
                "field object.address HOME", "field object.address.object.street PII",
                "record object.orders.array.object ORDER", "field object.orders.array.object.card PCI",
            ])
    }

    @Test("a type list is an anyOf whose members are numbered in Confluent's order, not as written")
    func typeList() throws {
        // everit orders by class name: NullSchema before ObjectSchema, whichever is written first.
        let schema = #"{"type":["object","null"],"confluent:tags":["OUTER"],"properties":{"a":{"type":"string","confluent:tags":["A"]}}}"#
        #expect(try Self.found(schema) == ["field anyof.1.object.a A"])
    }

    @Test("oneOf members are ordered by kind, then title")
    func combinedOrder() throws {
        let schema = #"""
            {"oneOf":[
              {"type":"object","title":"B","properties":{"b":{"type":"string","confluent:tags":["TB"]}}},
              {"type":"string"},
              {"type":"object","title":"A","properties":{"a":{"type":"string","confluent:tags":["TA"]}}}]}
            """#
        // ObjectSchema sorts before StringSchema, and title A before B; the walk follows that order.
        #expect(try Self.found(schema) == ["field oneof.0.object.a TA", "field oneof.1.object.b TB"])
    }

    @Test("several kinds of keywords make a synthetic allOf, whose parts carry no tags of their own")
    func syntheticAllOf() throws {
        let schema = #"{"type":"object","enum":[{}],"confluent:tags":["LOST"],"properties":{"x":{"type":"string","confluent:tags":["X"]}}}"#
        // Parts: EnumSchema and ObjectSchema; ENUM sorts before OBJECT.
        #expect(try Self.found(schema) == ["field allof.1.object.x X"])
    }

    @Test("an object with if/then/else is a synthetic allOf: the conditional first, then the object")
    func conditionalBesideObject() throws {
        let schema = #"""
            {"type":"object","properties":{"plan":{"enum":["free","paid"],"confluent:tags":["P"]}},
             "if":{"properties":{"plan":{"const":"paid"}},"confluent:tags":["IF"]},
             "then":{"properties":{"iban":{"type":"string","confluent:tags":["PCI"]}}},
             "confluent:tags":["ROOT"]}
            """#
        // Confluent's own tests name these paths (allof.0.conditional..., allof.1.object...);
        // the root's tags belong to no part, as with any synthetic allOf.
        #expect(
            try Self.found(schema).sorted() == [
                "field allof.0.conditional.then.object.iban PCI", "field allof.1.object.plan P", "record allof.0.conditional.if.object IF",
            ])
    }

    @Test("definitions are walked as schemas of their own; $refs are not followed")
    func definitions() throws {
        let schema = #"""
            {"type":"object","properties":{"home":{"$ref":"#/definitions/Address","confluent:tags":["REF"]}},
             "definitions":{"Address":{"type":"object","confluent:tags":["ADDR"],"properties":{
               "zip":{"type":"string","confluent:tags":["PII"]},"next":{"$ref":"#/definitions/Address"}}}}}
            """#
        #expect(
            try Self.found(schema) == [
                "field object.home REF", "record object.definitions.Address.object ADDR",
                "field object.definitions.Address.object.zip PII",
            ])
    }

    @Test("if, then and else, and not, each have a scope")
    func conditionalAndNot() throws {
        let schema = #"""
            {"if":{"type":"object","properties":{"kind":{"const":"card","confluent:tags":["K"]}}},
             "then":{"type":"object","properties":{"number":{"type":"string","confluent:tags":["PCI"]}}},
             "else":{"not":{"type":"object","confluent:tags":["NEVER"]}}}
            """#
        #expect(
            try Self.found(schema) == [
                "field conditional.if.object.kind K", "field conditional.then.object.number PCI",
                "record conditional.else.not.object NEVER",
            ])
    }

    @Test("2020-12 $defs are schemas too, and top-level definitions are bridged into them")
    func modernDefs() throws {
        let schema = #"""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "properties":{"a":{"$ref":"#/$defs/A"}},
             "$defs":{"A":{"type":"object","properties":{"x":{"type":"string","confluent:tags":["X"]}}}},
             "definitions":{"B":{"type":"object","properties":{"y":{"type":"string","confluent:tags":["Y"]}}}}}
            """#
        #expect(
            try Self.found(schema) == [
                "field object.definitions.B.object.y Y", "field object.$defs.A.object.x X", "field object.$defs.B.object.y Y",
            ])
    }

    @Test("an entity path leads back to its object in the JSON, as Confluent's findMatchingEntity reads it")
    func locations() throws {
        let combined = json(#"""
            {"oneOf":[
              {"type":"object","title":"B","properties":{"b":{"type":"string"}}},
              {"type":"string"},
              {"type":"object","title":"A","properties":{"a":{"type":"string"},"x.y":{"type":"object","properties":{"z":{}}}}}]}
            """#)
        #expect(JSONSchemaTagFinder.location(of: "oneof.0.object.a", isRecord: false, in: combined) == [.key("oneOf"), .index(2), .key("properties"), .key("a")])
        #expect(JSONSchemaTagFinder.location(of: "oneof.1.object", isRecord: true, in: combined) == [.key("oneOf"), .index(0)])
        // Words are joined with dots until a property of that name exists.
        #expect(
            JSONSchemaTagFinder.location(of: "oneof.0.object.x.y.object.z", isRecord: false, in: combined)
                == [.key("oneOf"), .index(2), .key("properties"), .key("x.y"), .key("properties"), .key("z")])
        let typeList = json(#"{"type":["object","null"],"properties":{"a":{"type":"string"}}}"#)
        #expect(JSONSchemaTagFinder.location(of: "anyof.1.object.a", isRecord: false, in: typeList) == [.key("properties"), .key("a")])
        let conditional = json(#"{"if":{"type":"object"},"then":{"type":"object","properties":{"n":{}}}}"#)
        // A synthetic allOf around a conditional: the index is skipped, the branch named.
        #expect(
            JSONSchemaTagFinder.location(of: "allof.0.conditional.then.object.n", isRecord: false, in: conditional)
                == [.key("then"), .key("properties"), .key("n")])
        #expect(JSONSchemaTagFinder.location(of: "object.missing", isRecord: false, in: typeList) == nil)
        #expect(JSONSchemaTagFinder.location(of: "object.definitions.A", isRecord: false, in: json(#"{"definitions":{"A":{}}}"#)) == [.key("definitions"), .key("A")])
    }

    @Test("a schema without tags has no entities")
    func none() throws {
        #expect(try Self.found(#"{"type":"object","properties":{"a":{"type":"string"}}}"#) == [])
        #expect(try Self.found("true") == [])
    }
}
