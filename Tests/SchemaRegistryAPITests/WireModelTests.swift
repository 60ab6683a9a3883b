import JSONModel
import SchemaRegistryAPI
import Testing

/// The wire model both the server and the client use: what one side writes, the other reads.
@Suite("Wire model: Confluent's shapes, written once")
struct WireModelTests {
    @Test("a registration request round-trips, with Jackson's coercions on the way in")
    func registerRequest() throws {
        let request = RegisterSchemaRequest(
            schema: #""int""#, schemaType: "AVRO", references: [SchemaReference(name: "a", subject: "s", version: 2)],
            metadata: ["properties": ["owner": "team"]], id: 7, version: 3,
            schemaTagsToAdd: [SchemaTagsEntity(entityPath: "R.f", entityType: "sr_field", tags: ["PII"])], propagateSchemaTags: true)
        #expect(try RegisterSchemaRequest(json: request.json) == request)
        let coerced = try RegisterSchemaRequest(json: try JSONParser().parse(#"{"schema":5,"id":"12","ruleSet":null,"bogus":1}"#))
        #expect(coerced.schema == "5" && coerced.id == 12 && coerced.ruleSet == nil)
        #expect(throws: WireError("Numeric value (4294967296) out of range of int (field 'version')")) {
            try RegisterSchemaRequest(json: try JSONParser().parse(#"{"version":4294967296}"#))
        }
        // What a client sends always names the type and the references, as Confluent's clients do.
        #expect(RegisterSchemaRequest(schema: "x").json == ["schema": "x", "schemaType": "AVRO", "references": []])
    }

    @Test("schema entities in each endpoint's member order, read back whatever the order")
    func schemaEntity() throws {
        let entity = SchemaEntity(
            subject: "s", version: 1, id: 3, guid: "g", schema: #""int""#, references: [SchemaReference(name: "a", subject: "t", version: 1)],
            timestamp: 9, deleted: false)
        let versionText = JSONWriter.string(entity.json(.subjectVersion))
        #expect(versionText == #"{"subject":"s","version":1,"id":3,"guid":"g","schemaType":"AVRO","schema":"\"int\"","references":[{"name":"a","subject":"t","version":1}],"ts":9,"deleted":false}"#)
        #expect(try SchemaEntity(json: entity.json(.subjectVersion)) == entity)
        #expect(JSONWriter.string(SchemaEntity(id: 3, schema: "x").json(.registration)) == #"{"id":3,"schemaType":"AVRO","schema":"x"}"#)
        #expect(JSONWriter.string(SchemaEntity(guid: "g", schema: "x", maxId: 4).json(.byId)) == #"{"schemaType":"AVRO","schema":"x","guid":"g","maxId":4}"#)
        // A 7.x registration answer: only the id.
        let old = try SchemaEntity(json: ["id": 5])
        #expect(old.id == 5 && old.schema == nil && old.schemaType == "AVRO")
        #expect(throws: WireError.self) { try SchemaEntity(json: ["id": "five"]) }
    }

    @Test("errors and compatibility answers")
    func smallEntities() throws {
        #expect(ErrorEntity(json: ErrorEntity(errorCode: 40401, message: "Subject 's' not found.").json)?.errorCode == 40401)
        #expect(ErrorEntity(json: "<html>") == nil)
        let verbose = CompatibilityCheckEntity(isCompatible: false, messages: ["m"])
        #expect(try CompatibilityCheckEntity(json: verbose.json) == verbose)
        #expect(CompatibilityCheckEntity(isCompatible: true).json == ["is_compatible": true])
    }

    @Test("version selectors: latest in any case, -1, positive 32-bit numbers")
    func versions() {
        #expect(VersionSelector(text: " LATEST ") == .latest)
        #expect(VersionSelector(text: "-1") == .latest)
        #expect(VersionSelector(text: "2147483647") == .number(2_147_483_647))
        for bad in ["0", "-2", "2147483648", "one", ""] { #expect(VersionSelector(text: bad) == nil, "\(bad)") }
        #expect(VersionSelector.number(4).description == "4")
    }

    @Test("the error-code table gives each code's HTTP status")
    func errorCodes() {
        #expect(ErrorCode.subjectNotFound.httpStatus == 404)
        #expect(ErrorCode.incompatibleSchema.httpStatus == 409)
        #expect(ErrorCode.invalidAssociation.httpStatus == 422)
        #expect(ErrorCode.storeError.httpStatus == 500)
        #expect(ErrorCode(rawValue: 40408) == .subjectCompatibilityNotConfigured)
    }

    @Test("metadata and rule sets are read in Confluent's types: scalars become strings, unknown members go, wrong shapes are refused")
    func dataContracts() throws {
        let body = try JSONParser().parse(
            #"""
            {"metadata":{"properties":{"owner":5,"pii":true,"gone":null},"tags":{"R.f":["PII",1]},"sensitive":["a"],"other":1},
             "ruleSet":{"domainRules":[{"name":"r","kind":"CONDITION","type":"CEL","mode":"WRITE","params":{"n":5},"disabled":"true","x":1}],
                        "enableAt":{}}}
            """#)
        let request = try RegisterSchemaRequest(json: body)
        #expect(request.metadata == (try JSONParser().parse(#"{"tags":{"R.f":["PII","1"]},"properties":{"owner":"5","pii":"true","gone":null},"sensitive":["a"]}"#)))
        #expect(request.ruleSet == (try JSONParser().parse(#"{"domainRules":[{"name":"r","kind":"CONDITION","mode":"WRITE","type":"CEL","params":{"n":"5"},"disabled":true}]}"#)))
        for (text, message) in [
            (#"{"metadata":5}"#, "Cannot deserialize value of type `Metadata` from an integer (field 'metadata')"),
            (#"{"metadata":{"sensitive":"x"}}"#, "Cannot deserialize value of type `java.util.Set` from a string (field 'sensitive')"),
            (#"{"metadata":{"properties":{"a":{}}}}"#, "Cannot deserialize value of type `java.lang.String` from an object (field 'a')"),
            (#"{"ruleSet":[]}"#, "Cannot deserialize value of type `RuleSet` from an array (field 'ruleSet')"),
            (
                #"{"ruleSet":{"domainRules":[{"kind":"BAD"}]}}"#,
                "Cannot deserialize value of type `RuleKind` from String \"BAD\": not one of the values accepted for Enum class: [TRANSFORM, CONDITION] (field 'kind')"
            ),
            (#"{"ruleSet":{"domainRules":[{"onSuccess":{}}]}}"#, "Cannot deserialize value of type `java.lang.String` from an object (field 'onSuccess')"),
        ] {
            #expect(throws: WireError(message), "\(text)") { try RegisterSchemaRequest(json: try JSONParser().parse(text)) }
        }
    }
}
