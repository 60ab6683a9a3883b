import JSONModel
import JSONSchema
import Testing

@Suite("Draft detection from $schema")
struct DraftDetectionTests {
    @Test(
        "each published meta-schema URI names its draft, over http or https, with or without a trailing #",
        arguments: [
            ("http://json-schema.org/draft-04/schema#", JSONSchemaDraft.draft4),
            ("https://json-schema.org/draft-04/schema", .draft4),
            ("http://json-schema.org/schema#", .draft4),
            ("https://json-schema.org/schema", .draft4),
            ("http://json-schema.org/draft-06/schema#", .draft6),
            ("https://json-schema.org/draft-06/schema", .draft6),
            ("http://json-schema.org/draft-07/schema#", .draft7),
            ("https://json-schema.org/draft-07/schema", .draft7),
            ("https://json-schema.org/draft/2019-09/schema", .draft2019_09),
            ("http://json-schema.org/draft/2019-09/schema#", .draft2019_09),
            ("https://json-schema.org/draft/2020-12/schema", .draft2020_12),
            ("http://json-schema.org/draft/2020-12/schema#", .draft2020_12),
        ])
    func knownURIs(_ uri: String, _ draft: JSONSchemaDraft) {
        #expect(JSONSchemaDraft(schemaURI: uri) == draft)
    }

    @Test(
        "a missing, unknown or misspelt $schema falls back to draft-07",
        arguments: [
            nil, "", "http://json-schema.org/draft-03/schema#", "json-schema.org/draft-04/schema",
            "https://example.com/my-meta-schema", "http://json-schema.org/draft-04/schema##",
        ] as [String?])
    func fallback(_ uri: String?) {
        #expect(JSONSchemaDraft(schemaURI: uri) == .draft7)
    }

    @Test("documents take their draft from the root $schema; a boolean root is draft-07")
    func documents() throws {
        #expect(try JSONSchemaDocument(parsing: #"{"$schema":"http://json-schema.org/draft-04/schema#"}"#).draft == .draft4)
        #expect(try JSONSchemaDocument(parsing: #"{"type":"string"}"#).draft == .draft7)
        #expect(try JSONSchemaDocument(parsing: "true").draft == .draft7)
        #expect(JSONSchemaDraft(detectingIn: ["$schema": 42]) == .draft7)
    }

    @Test("drafts are ordered by publication and name their meta-schema")
    func ordering() {
        #expect(JSONSchemaDraft.allCases == JSONSchemaDraft.allCases.sorted())
        #expect(JSONSchemaDraft.draft4 < .draft2020_12)
        for draft in JSONSchemaDraft.allCases {
            #expect(JSONSchemaDraft(schemaURI: draft.metaSchemaURI) == draft)
        }
    }
}
