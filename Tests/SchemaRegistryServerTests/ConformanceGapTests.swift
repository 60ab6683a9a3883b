import JSONModel
import SchemaRegistryCore
import Testing

/// Places where independent client test suites found us answering differently from Confluent
/// Schema Registry, each pinned to Confluent's answer.
@Suite("Conformance: answers as Confluent's current release gives them")
struct ConformanceGapTests {
    @Test("a numbered version to check against must exist, even in an empty or unknown subject; latest of nothing is compatible")
    func compatibilityAgainstMissingVersion() async throws {
        try await withServer { (client) async throws in
            let body = #"{"schema":"\"string\""}"#
            let unknown = try await client.call(.post, "/compatibility/subjects/nothing/versions/3", body: body)
            #expect(unknown.status == 404 && unknown.errorCode == 40402 && unknown.message == "Version 3 not found.")
            #expect(try await client.call(.post, "/compatibility/subjects/nothing/versions/latest", body: body).json == ["is_compatible": true])

            _ = try await client.register("gone", #""string""#)
            _ = try await client.call(.delete, "/subjects/gone")
            _ = try await client.call(.delete, "/subjects/gone?permanent=true")
            let hardDeleted = try await client.call(.post, "/compatibility/subjects/gone/versions/1", body: body)
            #expect(hardDeleted.status == 404 && hardDeleted.errorCode == 40402)
        }
    }

    @Test("global READONLY refuses PUT and DELETE /config with Confluent's text; the mode itself can still be changed")
    func globalReadOnlyConfig() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.put, "/mode", body: #"{"mode":"READONLY"}"#)
            let put = try await client.call(.put, "/config", body: #"{"compatibility":"FULL"}"#)
            #expect(put.status == 422 && put.errorCode == 42205 && put.message == "Subject null in context  is in read-only mode")
            let delete = try await client.call(.delete, "/config")
            #expect(delete.status == 422 && delete.errorCode == 42205 && delete.message == "Subject null in context  is in read-only mode")
            #expect(try await client.call(.get, "/config").json?.objectValue?["compatibilityLevel"] == "BACKWARD")
            // A subject without a config of its own is 40401 before the mode is looked at.
            #expect(try await client.call(.delete, "/config/none").errorCode == 40401)
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"READWRITE"}"#).status == 200)
            #expect(try await client.call(.put, "/config", body: #"{"compatibility":"FULL"}"#).status == 200)
        }
    }

    @Test("null metadata and ruleSet mean absent in lookups, as in registrations and checks")
    func nullMeansAbsentInLookup() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""string""#)
            for body in [
                #"{"schema":"\"string\"","ruleSet":null}"#, #"{"schema":"\"string\"","metadata":null}"#,
                #"{"schema":"\"string\"","ruleSet":null,"metadata":null}"#,
            ] {
                let found = try await client.call(.post, "/subjects/s", body: body)
                #expect(found.status == 200 && found.json?.objectValue?["version"] == 1, "\(body)")
            }
        }
    }

    @Test("null in PUT /config clears a metadata or rule-set default instead of storing null")
    func nullClearsConfigField() async throws {
        try await withServer { (client) async throws in
            let set = #"{"compatibility":"FULL","defaultRuleSet":{"domainRules":[]},"defaultMetadata":{"properties":{"a":"b"}}}"#
            #expect(try await client.call(.put, "/config/x", body: set).status == 200)
            #expect(try await client.call(.put, "/config/x", body: #"{"defaultRuleSet":null,"defaultMetadata":null}"#).status == 200)
            #expect(try await client.call(.get, "/config/x").json == ["compatibilityLevel": "FULL"])
        }
    }

    @Test("bodies in UTF-16 and UTF-32, with or without a byte-order mark, are read as Jackson reads them")
    func unicodeBodies() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""string""#)
            let text = #"{"schema":"\"string\""}"#
            let units16 = Array(text.utf16)
            let scalars = text.unicodeScalars.map(\.value)
            let bodies: [(String, [UInt8])] = [
                ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
                ("UTF-16BE", units16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
                ("UTF-16LE", units16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                ("UTF-16BE with BOM", [0xFE, 0xFF] + units16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
                ("UTF-16LE with BOM", [0xFF, 0xFE] + units16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                ("UTF-32BE", scalars.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }),
                ("UTF-32LE", scalars.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }),
                ("UTF-32BE with BOM", [0, 0, 0xFE, 0xFF] + scalars.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }),
                ("UTF-32LE with BOM", [0xFF, 0xFE, 0, 0] + scalars.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }),
            ]
            for (name, bytes) in bodies {
                let lookup = try await client.call(.post, "/subjects/s", bytes: bytes)
                #expect(lookup.status == 200 && lookup.json?.objectValue?["id"] == 1, "lookup in \(name)")
                let registered = try await client.call(.post, "/subjects/s/versions", bytes: bytes)
                #expect(registered.status == 200 && registered.json?.objectValue?["id"] == 1, "registration in \(name)")
            }
            // An odd number of bytes cannot be UTF-16: a clean 400, not a crash.
            let truncated = try await client.call(.post, "/subjects/s", bytes: [0x7B, 0x00, 0x22])
            #expect(truncated.status == 400 && truncated.errorCode == 400)
        }
    }

    @Test("a lookup without a schema finds nothing (40403), even in a subject with versions; an unknown subject stays 40401")
    func lookupWithoutSchema() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""string""#)
            let empty = try await client.call(.post, "/subjects/s", body: "{}")
            #expect(empty.status == 404 && empty.errorCode == 40403 && empty.message == "Schema not found")
            let blank = try await client.call(.post, "/subjects/s", body: #"{"schema":""}"#)
            #expect(blank.status == 404 && blank.errorCode == 40403)
            #expect(try await client.call(.post, "/subjects/other", body: "{}").errorCode == 40401)
        }
    }

    @Test("a compatibility check without a schema is 42201 Empty schema, with or without a version")
    func compatibilityWithoutSchema() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("s", #""string""#)
            for path in ["/compatibility/subjects/s/versions/latest", "/compatibility/subjects/s/versions", "/compatibility/subjects/s/versions/1"] {
                let empty = try await client.call(.post, path, body: "{}")
                #expect(empty.status == 422 && empty.errorCode == 42201 && empty.message == "Empty schema", "\(path)")
            }
            let verbose = try await client.call(.post, "/compatibility/subjects/s/versions/latest?verbose=true", body: "{}")
            #expect(verbose.status == 200 && verbose.json == ["is_compatible": false, "messages": ["Empty schema"]])
            // The version is looked at first.
            #expect(try await client.call(.post, "/compatibility/subjects/s/versions/7", body: "{}").errorCode == 40402)
        }
    }

    @Test("routing comes before content negotiation: 404 and 405 whatever the Accept and Content-Type, 406 only for a real route")
    func routingBeforeNegotiation() async throws {
        try await withServer { (client) async throws in
            let unknown = try await client.call(.get, "/no/such/path", accept: "text/html")
            #expect(unknown.status == 404 && unknown.text == #"{"error_code":404,"message":"HTTP 404 Not Found"}"#)
            let unknownPost = try await client.call(.post, "/no/such/path", body: "{}", contentType: "text/plain", accept: "text/html")
            #expect(unknownPost.status == 404)
            let wrongMethod = try await client.call(.put, "/schemas/types", body: "{}", accept: "text/html")
            #expect(wrongMethod.status == 405)
            #expect(try await client.call(.get, "/subjects", accept: "text/html").status == 406)
            let badType = try await client.call(.post, "/subjects/s/versions", body: "{}", contentType: "text/plain", accept: "text/html")
            #expect(badType.status == 415)
        }
    }

    @Test("an unknown compatibilityPolicy clears the field, as Confluent stores it")
    func unknownPolicy() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.put, "/config/s", body: #"{"compatibilityPolicy":"lenient"}"#)
            #expect(try await client.call(.get, "/config/s").json?.objectValue?["compatibilityPolicy"] == "LENIENT")
            _ = try await client.call(.put, "/config/s", body: #"{"compatibilityPolicy":"sloppy"}"#)
            #expect(try await client.call(.get, "/config/s").json?.objectValue?["compatibilityPolicy"] == nil)
        }
    }

    @Test("a new schema cannot reference a soft-deleted version; with validateNewSchemas off it can")
    func referenceToSoftDeleted() async throws {
        try await withServer { (client) async throws in
            _ = try await client.register("address", #"{"type":"record","name":"Address","fields":[{"name":"city","type":"string"}]}"#)
            _ = try await client.call(.delete, "/subjects/address/versions/1")
            let body = JSONWriter.string([
                "schema": #"{"type":"record","name":"User","fields":[{"name":"home","type":"Address"}]}"#,
                "references": [["name": "Address", "subject": "address", "version": 1]],
            ])
            #expect(try await client.call(.post, "/subjects/user/versions", body: body).errorCode == 42201)
            _ = try await client.call(.put, "/config/user", body: #"{"validateNewSchemas":false}"#)
            #expect(try await client.call(.post, "/subjects/user/versions", body: body).status == 200)
        }
    }

    @Test("PUT /config checks the level and rule sets before the mode; read-only texts name qualified subjects")
    func configCheckOrder() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.put, "/mode", body: #"{"mode":"READONLY"}"#)
            #expect(try await client.call(.put, "/config", body: #"{"compatibility":"bogus"}"#).errorCode == 42203)
            #expect(try await client.call(.put, "/config/s", body: #"{"defaultRuleSet":{"domainRules":[{"name":"r","type":"CEL","mode":"UPGRADE"}]}}"#).errorCode == 42210)
            _ = try await client.call(.put, "/mode", body: #"{"mode":"READWRITE"}"#)
            _ = try await client.call(.put, "/mode/:.ctx:", body: #"{"mode":"READONLY"}"#)
            let refused = try await client.register(":.ctx:foo", #""int""#)
            #expect(refused.message == "Subject :.ctx:foo in context :.ctx: is in read-only mode")
        }
    }

    @Test("PUT /mode echoes the mode as it was sent")
    func modeEcho() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"readonly"}"#).json == ["mode": "readonly"])
            #expect(try await client.call(.get, "/mode").json == ["mode": "READONLY"])
            #expect(try await client.call(.put, "/mode/s", body: #"{"mode":"ReadWrite"}"#).json == ["mode": "ReadWrite"])
        }
    }
}

/// Confluent 8.0.4 / 8.1.2 / 8.2 and later: new schemas are validated strictly, existing ones
/// are taken as they are, under `validateNewSchemas`.
@Suite("Conformance: validation of new Avro schemas")
struct NewSchemaValidationTests {
    static let badNamespace = #"{"type":"record","name":"R","namespace":"foo-bar-baz","fields":[]}"#
    static let badDefault = #"{"type":"record","name":"D","fields":[{"name":"f","type":"string","default":null}]}"#

    @Test("namespaces and defaults of new schemas are checked: 42201 naming the problem, for registrations and checks")
    func strictByDefault() async throws {
        try await withServer { (client) async throws in
            let namespace = try await client.register("s", Self.badNamespace)
            #expect(namespace.status == 422 && namespace.errorCode == 42201)
            #expect(namespace.message?.contains(#"Namespace part "foo-bar-baz" is invalid: Illegal character in: foo-bar-baz"#) == true)
            let defaultValue = try await client.register("s", Self.badDefault)
            #expect(defaultValue.errorCode == 42201)
            #expect(defaultValue.message?.contains(#"Invalid default for field f: null not a "string""#) == true)
            _ = try await client.register("s", #""string""#)
            let check = try await client.call(
                .post, "/compatibility/subjects/s/versions/latest", body: JSONWriter.string(["schema": .string(Self.badNamespace)]))
            #expect(check.errorCode == 42201)
        }
    }

    @Test("content already registered is found again even when it would not pass as new: producers re-register at start")
    func reRegistrationOfLaxSchema() async throws {
        try await withServer { (client) async throws in
            _ = try await client.call(.put, "/config/legacy", body: #"{"validateNewSchemas":false}"#)
            let first = try await client.register("legacy", Self.badNamespace)
            #expect(first.status == 200)
            _ = try await client.call(.delete, "/config/legacy")
            let again = try await client.register("legacy", Self.badNamespace)
            #expect(again.status == 200 && again.json?.objectValue?["id"] == first.json?.objectValue?["id"])
            // A new version is held to the rules.
            let other = #"{"type":"record","name":"R2","namespace":"foo-bar-baz","fields":[]}"#
            #expect(try await client.register("legacy", other).errorCode == 42201)
        }
    }

    @Test("a compatibility check parses the schema even when the subject has nothing to compare with")
    func checkAgainstNothingStillParses() async throws {
        try await withServer { (client) async throws in
            let body = JSONWriter.string(["schema": .string(Self.badNamespace)])
            #expect(try await client.call(.post, "/compatibility/subjects/empty/versions/latest", body: body).errorCode == 42201)
            let verbose = try await client.call(.post, "/compatibility/subjects/empty/versions?verbose=true", body: body)
            #expect(verbose.status == 200 && verbose.json?.objectValue?["is_compatible"] == false)
            // Whitespace is no schema, as Confluent trims it.
            #expect(try await client.call(.post, "/compatibility/subjects/empty/versions/latest", body: #"{"schema":"  "}"#).message == "Empty schema")
        }
    }

    @Test("a union default may match any branch, as in Avro 1.12")
    func unionDefaultAnyBranch() async throws {
        try await withServer { (client) async throws in
            let later = #"{"type":"record","name":"U","fields":[{"name":"u","type":["null","string"],"default":"x"}]}"#
            #expect(try await client.register("u", later).status == 200)
        }
    }

    @Test("validateNewSchemas is stored, returned and obeyed at global and subject level")
    func configField() async throws {
        try await withServer { (client) async throws in
            let put = try await client.call(.put, "/config", body: #"{"validateNewSchemas":false}"#)
            #expect(put.status == 200 && put.json == ["validateNewSchemas": false])
            #expect(try await client.call(.get, "/config").json?.objectValue?["validateNewSchemas"] == false)
            #expect(try await client.register("lax", Self.badNamespace).status == 200)

            #expect(try await client.call(.put, "/config/strict", body: #"{"validateNewSchemas":true}"#).status == 200)
            #expect(try await client.call(.get, "/config/strict").json?.objectValue?["validateNewSchemas"] == true)
            #expect(try await client.register("strict", Self.badDefault).errorCode == 42201)
            #expect(try await client.call(.get, "/config/other?defaultToGlobal=true").json?.objectValue?["validateNewSchemas"] == false)
        }
    }

    @Test("the server option turns it off where no config sets it; GET /config does not show the option")
    func serverOption() async throws {
        try await withServer(options: RegistryOptions(validateNewSchemas: false)) { (client) async throws in
            #expect(try await client.register("s", Self.badDefault).status == 200)
            #expect(try await client.call(.get, "/config").json == ["compatibilityLevel": "BACKWARD"])
        }
    }

    @Test("IMPORT registrations are not validated, and lookups find such schemas without validating them")
    func importAndLookup() async throws {
        try await withServer { (client) async throws in
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"IMPORT"}"#).status == 200)
            let body = JSONWriter.string(["schema": .string(Self.badDefault), "id": 10, "version": 1])
            let imported = try await client.call(.post, "/subjects/imported/versions", body: body)
            #expect(imported.status == 200 && imported.json?.objectValue?["id"] == 10)
            #expect(try await client.call(.put, "/mode", body: #"{"mode":"READWRITE"}"#).status == 200)
            let found = try await client.call(.post, "/subjects/imported", body: JSONWriter.string(["schema": .string(Self.badDefault)]))
            #expect(found.status == 200 && found.json?.objectValue?["id"] == 10)
            // The stored schema still serves reads and is the base of later checks.
            #expect(try await client.call(.get, "/schemas/ids/10").status == 200)
        }
    }
}
