import Foundation
import JSONModel
import Testing

@testable import JSONSchema

/// The policy sets, Confluent's message texts, the checker's role wiring, `$ref` resolution and
/// recursive schemas.
@Suite("JSON Schema compatibility checker")
struct CompatibilityCheckerTests {
    // MARK: Policies

    @Test func policySetsHaveConfluentsSizes() {
        #expect(JSONSchemaDifferenceType.allCases.count == 132)
        #expect(JSONSchemaCompatibilityPolicy.strict.compatibleTypes.count == 65)
        #expect(JSONSchemaCompatibilityPolicy.lenient.compatibleTypes.count == 74)
        #expect(JSONSchemaCompatibilityPolicy.strict.compatibleTypes.isSubset(of: JSONSchemaCompatibilityPolicy.lenient.compatibleTypes))
    }

    @Test func lenientAddsExactlyTheseTypes() {
        let added = JSONSchemaCompatibilityPolicy.lenient.compatibleTypes
            .subtracting(JSONSchemaCompatibilityPolicy.strict.compatibleTypes).map(\.rawValue).sorted()
        #expect(added == [
            "ADDITIONAL_PROPERTIES_NARROWED", "ADDITIONAL_PROPERTIES_REMOVED",
            "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "UNEVALUATED_PROPERTIES_NARROWED",
            "UNEVALUATED_PROPERTIES_REMOVED",
        ])
    }

    @Test func typesNoDiffProducesAreNeverCompatible() {
        for type in [JSONSchemaDifferenceType.propertyAddedToOpenContentModel, .reservedPropertyRemoved,
                     .reservedPropertyConflictsWithProperty] {
            #expect(!JSONSchemaCompatibilityPolicy.lenient.allows(type))
        }
    }

    @Test func everyProducibleTypeHasASpecificationRow() {
        let rows = CompatibilityScalarDiffTests.meta + CompatibilityScalarDiffTests.strings
            + CompatibilityScalarDiffTests.numbers + CompatibilityScalarDiffTests.enums
            + CompatibilityObjectDiffTests.attributes + CompatibilityObjectDiffTests.additionalProperties
            + CompatibilityObjectDiffTests.unevaluated + CompatibilityObjectDiffTests.openContentModel
            + CompatibilityObjectDiffTests.closedContentModel + CompatibilityObjectDiffTests.partiallyOpenContentModel
            + CompatibilityArrayAndCombinedDiffTests.arrayAttributes + CompatibilityArrayAndCombinedDiffTests.additionalItems
            + CompatibilityArrayAndCombinedDiffTests.tupleItems + CompatibilityArrayAndCombinedDiffTests.combined
            + CompatibilityArrayAndCombinedDiffTests.booleans
        let covered = Set(rows.flatMap { $0.changes.map { String($0.split(separator: " ")[0]) } })
        let unproduced: Set<String> = ["PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "RESERVED_PROPERTY_REMOVED",
                                       "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY"]
        let missing = Set(JSONSchemaDifferenceType.allCases.map(\.rawValue)).subtracting(covered).subtracting(unproduced)
        #expect(missing.isEmpty, "no row for \(missing.sorted())")
    }

    // MARK: Messages

    @Test(arguments: [
        (JSONSchemaDifferenceType.maxLengthAdded, "#/maxLength",
         "The keyword at path '#/maxLength' in the new schema is not present in the old schema"),
        (.minimumIncreased, "#/minimum", "The value at path '#/minimum' in the new schema is more than its value in the old schema"),
        (.maxItemsDecreased, "#/maxItems", "The value at path '#/maxItems' in the new schema is less than its value in the old schema"),
        (.patternChanged, "#/pattern", "The value at path '#/pattern' is different between the new and old schema"),
        (.enumArrayNarrowed, "#/enum", "An array or combined type at path '#/enum' has fewer elements in the new schema than the old schema"),
        (.notTypeExtended, "#/not", "An array or combined type at path '#/not' has more elements in the new schema than the old schema"),
        (.typeChanged, "#/", "A type at path '#/' is different between the new schema and the old schema"),
        (.optionalPropertyAddedToOpenContentModel, "#/properties/a",
         "The new schema has an open content model and has a property or item at path '#/properties/a' which is missing in the old schema"),
        (.requiredPropertyAddedToUnopenContentModel, "#/properties/a",
         "The new schema has an unopen content model and has a required property at path '#/properties/a' which is missing in the old schema"),
        (.propertyRemovedFromClosedContentModel, "#/properties/a",
         "The new has a closed content model and is missing a property or item present at path '#/properties/a' in the old schema"),
        (.itemRemovedNotCoveredByPartiallyOpenContentModel, "#/items/1",
         "A property or item is missing in the new schema but present at path '#/items/1' in the old schema and is not covered by its partially open content model"),
        (.propertyAddedNotCoveredByPartiallyOpenContentModel, "#/properties/a",
         "The new schema has a property or item at path '#/properties/a' which is missing in the old schema and is not covered by its partially open content model"),
        (.reservedPropertyRemoved, "cost",
         "The new schema has reserved property 'cost' removed from its metadata which is present in the old schema."),
        (.reservedPropertyConflictsWithProperty, "#/properties/cost",
         "The new schema has property at path '#/properties/cost' that conflicts with the reserved properties which is missing in the old schema."),
        (.schemaAdded, "#/items", ""),
    ])
    func descriptionTemplates(type: JSONSchemaDifferenceType, path: String, expected: String) {
        let d = JSONSchemaDifference(type: type, path: path)
        #expect(d.confluentDescription(readerRole: "new", writerRole: "old") == expected)
    }

    @Test func messageKeepsConfluentsMismatchedQuotes() {
        let d = JSONSchemaDifference(type: .typeNarrowed, path: "#/properties/age")
        #expect(d.confluentMessage(readerRole: "old", writerRole: "new")
            == "{errorType:\"TYPE_NARROWED\", description:\"A type at path '#/properties/age' is different between the old schema and the new schema'}")
    }

    // MARK: Checker wiring

    @Test func backwardReadsOldAsOriginalAndForwardSwaps() throws {
        let old = json(#"{"type":"object","properties":{"a":{"type":"string"}}}"#)
        let new = json(#"{"type":"object"}"#)
        // BACKWARD: new (open) reads old: removing a property from an open object is fine.
        #expect(try JSONSchemaCompatibilityChecker.incompatibilities(reader: new, writer: old).isEmpty)
        // FORWARD: old reads new: old adds an optional property to new's open model.
        let forward = try JSONSchemaCompatibilityChecker.incompatibilities(reader: old, writer: new)
        #expect(forward.map(\.description) == ["OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a"])
        #expect(try JSONSchemaCompatibilityChecker.incompatibilities(reader: old, writer: new, policy: .lenient).isEmpty)
        #expect(JSONSchemaCompatibilityChecker.isCompatible(reader: new, writer: old))
    }

    @Test func onlyIncompatibleDifferencesAreReturned() throws {
        let old = json(#"{"type":"string","maxLength":5,"title":"x"}"#)
        let new = json(#"{"type":"string","maxLength":9,"title":"y","pattern":"^a"}"#)
        let found = try JSONSchemaCompatibilityChecker.incompatibilities(reader: new, writer: old)
        #expect(found.map(\.description) == ["PATTERN_ADDED #/pattern"])
    }

    // MARK: References

    @Test func localDefinitionsAreFollowed() throws {
        let old = ##"{"definitions":{"n":{"type":"string"}},"properties":{"x":{"$ref":"#/definitions/n"}}}"##
        let new = ##"{"definitions":{"n":{"type":"integer"}},"properties":{"x":{"$ref":"#/definitions/n"}}}"##
        #expect(try changes(old, new) == ["TYPE_CHANGED #/properties/x"])
    }

    @Test func dollarDefsFindsABodyKeptUnderDefinitions() throws {
        let old = ##"{"definitions":{"n":{"type":"string"}},"properties":{"x":{"$ref":"#/$defs/n"}}}"##
        let new = #"{"properties":{"x":{"type":"string","maxLength":2}}}"#
        #expect(try changes(old, new) == ["MAX_LENGTH_ADDED #/properties/x/maxLength"])
    }

    @Test func externalDocumentsComeFromTheResolver() throws {
        let documents: [String: JSONValue] = [
            "address.json": json(#"{"type":"object","properties":{"zip":{"type":"string"}},"definitions":{"c":{"type":"string"}}}"#),
        ]
        let old = ##"{"properties":{"home":{"$ref":"address.json"},"city":{"$ref":"address.json#/definitions/c"}}}"##
        let new = #"{"properties":{"home":{"type":"object","properties":{"zip":{"type":"integer"}}},"city":{"type":"string"}}}"#
        #expect(try changes(old, new, resolver: { documents[$0] }) == ["TYPE_CHANGED #/properties/home/properties/zip"])
    }

    @Test func anUnresolvedReferenceIsAnError() throws {
        #expect(throws: JSONSchemaCompatibilityError.unresolvedReference("#/definitions/missing")) {
            try changes(##"{"$ref":"#/definitions/missing"}"##, "{}")
        }
        #expect(throws: JSONSchemaCompatibilityError.unresolvedReference("other.json")) {
            try changes(##"{"$ref":"other.json"}"##, "{}")
        }
    }

    @Test func aNonSchemaRootIsAnError() throws {
        #expect(throws: JSONSchemaCompatibilityError.self) { try changes("3", "{}") }
        #expect(throws: JSONSchemaCompatibilityError.self) { try changes(#"{"type":"text"}"#, "{}") }
    }

    // MARK: Recursion

    static let linkedList = ##"{"type":"object","properties":{"value":{"type":"string"},"next":{"$ref":"#"}}}"##

    @Test func identicalRecursiveSchemasTerminateWithoutDifferences() throws {
        #expect(try changes(Self.linkedList, Self.linkedList) == [])
    }

    @Test func aChangeInsideARecursiveSchemaIsFoundAndTerminates() throws {
        let changed = ##"{"type":"object","properties":{"value":{"type":"integer"},"next":{"$ref":"#"}}}"##
        let found = try changes(Self.linkedList, changed)
        #expect(found.contains("TYPE_CHANGED #/properties/value"))
        #expect(found.contains("TYPE_CHANGED #/properties/next/properties/value"))
        #expect(try !backwardCompatible(Self.linkedList, changed, policy: .lenient))
    }

    @Test func mutuallyRecursiveDefinitionsInUnionsTerminate() throws {
        let tree = ##"""
        {"$ref":"#/definitions/node","definitions":{
          "node":{"oneOf":[{"$ref":"#/definitions/leaf"},{"$ref":"#/definitions/branch"}]},
          "leaf":{"type":"object","properties":{"v":{"type":"string"}}},
          "branch":{"type":"object","properties":{"kids":{"type":"array","items":{"$ref":"#/definitions/node"}}}}}}
        """##
        let widened = tree.replacingOccurrences(of: #"{"v":{"type":"string"}}"#, with: #"{"v":{"type":["string","null"]}}"#)
        #expect(try changes(tree, tree) == [])
        #expect(try backwardCompatible(tree, widened, policy: .strict))
        #expect(try !backwardCompatible(widened, tree, policy: .strict))
    }
}
