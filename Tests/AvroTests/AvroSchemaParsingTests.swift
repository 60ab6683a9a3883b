import Avro
import JSONModel
import Testing

/// Parses `text`, failing the test with the parser's message when it is not a schema.
func schema(_ text: String, references: [AvroSchema] = []) throws -> AvroSchema {
    try AvroSchema(parsing: text, references: references)
}

/// The error the parser reports for `text`, or `nil` when it parses.
func parseError(_ text: String, references: [AvroSchema] = []) -> AvroSchemaError? {
    do {
        _ = try AvroSchema(parsing: text, references: references)
        return nil
    } catch {
        return error
    }
}

@Suite("Avro schema parsing: valid schemas")
struct AvroSchemaParsingTests {
    @Test("every primitive, bare and as an object", arguments: AvroPrimitive.allCases)
    func primitives(_ kind: AvroPrimitive) throws {
        #expect(try schema("\"\(kind.rawValue)\"").root == .primitive(kind))
        #expect(try schema("{\"type\":\"\(kind.rawValue)\"}").root == .primitive(kind))
    }

    @Test("a record with every field attribute")
    func recordAttributes() throws {
        let s = try schema(
            #"{"type":"record","name":"User","namespace":"com.acme","doc":"a user","aliases":["Person","old.Human"],"#
                + #""fields":[{"name":"id","type":"long","doc":"key","order":"descending","aliases":["uid"],"x-pii":false},"#
                + #"{"name":"tags","type":{"type":"array","items":"string"},"default":[]}],"x-owner":"team"}"#)
        let record = try #require(s.record(s.root))
        #expect(record.name == AvroName(name: "User", namespace: "com.acme"))
        #expect(record.doc == "a user")
        #expect(record.aliases == ["com.acme.Person", "old.Human"])
        #expect(record.properties["x-owner"] == .string("team"))
        #expect(record.fields[0].order == .descending)
        #expect(record.fields[0].aliases == ["uid"])
        #expect(record.fields[0].properties["x-pii"] == .bool(false))
        #expect(record.fields[1].defaultValue == .array([]))
        #expect(record.fields[1].type == .array(items: .string, properties: [:]))
    }

    @Test("nested named types inherit the enclosing namespace; dotted names carry their own")
    func namespaces() throws {
        let s = try schema(
            #"{"type":"record","name":"Outer","namespace":"a","fields":["#
                + #"{"name":"e","type":{"type":"enum","name":"Color","symbols":["RED"]}},"#
                + #"{"name":"f","type":{"type":"fixed","name":"b.Hash","size":16}},"#
                + #"{"name":"g","type":{"type":"record","name":"Inner","namespace":"","fields":[]}},"#
                + #"{"name":"h","type":"Color"},{"name":"i","type":"b.Hash"},{"name":"j","type":"Inner"}]}"#)
        #expect(Set(s.types.keys) == ["a.Outer", "a.Color", "b.Hash", "Inner"])
        let record = try #require(s.record(s.root))
        #expect(record.fields.map(\.type) == [.named("a.Color"), .named("b.Hash"), .named("Inner"), .named("a.Color"), .named("b.Hash"), .named("Inner")])
    }

    @Test("a recursive record refers to itself")
    func recursion() throws {
        let s = try schema(
            #"{"type":"record","name":"Node","fields":[{"name":"children","type":{"type":"array","items":"Node"}},"#
                + #"{"name":"next","type":["null","Node"],"default":null}]}"#)
        let record = try #require(s.record(s.root))
        #expect(record.fields[0].type == .array(items: .named("Node"), properties: [:]))
    }

    @Test("enum with a default symbol, fixed, map and union")
    func complexTypes() throws {
        let s = try schema(
            #"[ "null", {"type":"enum","name":"Suit","symbols":["SPADES","HEARTS"],"default":"SPADES"}, "#
                + #"{"type":"map","values":{"type":"fixed","name":"Four","size":4}}]"#)
        guard case .union(let branches) = s.root else { Issue.record("not a union"); return }
        #expect(branches.count == 3)
        guard case .enumeration(let e)? = s.types["Suit"] else { Issue.record("no enum"); return }
        #expect(e.defaultSymbol == "SPADES")
        guard case .fixed(let f)? = s.types["Four"] else { Issue.record("no fixed"); return }
        #expect(f.size == 4)
    }

    @Test("`error` is a record that remembers it was declared as an error")
    func errorType() throws {
        let s = try schema(#"{"type":"error","name":"Oops","fields":[{"name":"message","type":"string"}]}"#)
        #expect(s.record(s.root)?.isError == true)
    }

    @Test("custom properties are kept in document order, on every kind of type")
    func customProperties() throws {
        let s = try schema(#"{"type":"map","values":{"type":"string","avro.java.string":"String","b":1},"z":[1],"a":{"k":null}}"#)
        guard case .map(let values, let props) = s.root, case .primitive(let p) = values else {
            Issue.record("not a map of string"); return
        }
        #expect(props.keys == ["z", "a"])
        #expect(p.properties.keys == ["avro.java.string", "b"])
    }

    @Test(
        "valid logical types",
        arguments: [
            (#"{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}"#, AvroLogicalType.decimal(precision: 9, scale: 2)),
            (#"{"type":"bytes","logicalType":"decimal","precision":4}"#, .decimal(precision: 4, scale: 0)),
            (#"{"type":"string","logicalType":"uuid"}"#, .uuid),
            (#"{"type":"int","logicalType":"date"}"#, .date),
            (#"{"type":"int","logicalType":"time-millis"}"#, .timeMillis),
            (#"{"type":"long","logicalType":"time-micros"}"#, .timeMicros),
            (#"{"type":"long","logicalType":"timestamp-millis"}"#, .timestampMillis),
            (#"{"type":"long","logicalType":"timestamp-micros"}"#, .timestampMicros),
            (#"{"type":"long","logicalType":"timestamp-nanos"}"#, .timestampNanos),
            (#"{"type":"long","logicalType":"local-timestamp-millis"}"#, .localTimestampMillis),
            (#"{"type":"long","logicalType":"local-timestamp-micros"}"#, .localTimestampMicros),
            (#"{"type":"long","logicalType":"local-timestamp-nanos"}"#, .localTimestampNanos),
        ])
    func logicalTypes(_ text: String, _ expected: AvroLogicalType) throws {
        guard case .primitive(let p) = try schema(text).root else { Issue.record("not primitive"); return }
        #expect(p.logicalType == expected)
        #expect(p.properties["logicalType"] == .string(expected.name))
    }

    @Test("logical types on fixed: decimal within the size's precision, duration on 12 bytes, uuid on 16")
    func fixedLogicalTypes() throws {
        func logical(_ text: String) throws -> AvroLogicalType? {
            let s = try schema(text)
            guard case .fixed(let f)? = s.types[s.rootName ?? ""] else { return nil }
            return f.logicalType
        }
        #expect(try logical(#"{"type":"fixed","name":"D","size":4,"logicalType":"decimal","precision":9}"#) == .decimal(precision: 9, scale: 0))
        #expect(try logical(#"{"type":"fixed","name":"D","size":4,"logicalType":"decimal","precision":10}"#) == nil)
        #expect(try logical(#"{"type":"fixed","name":"D","size":12,"logicalType":"duration"}"#) == .duration)
        #expect(try logical(#"{"type":"fixed","name":"D","size":11,"logicalType":"duration"}"#) == nil)
        #expect(try logical(#"{"type":"fixed","name":"D","size":16,"logicalType":"uuid"}"#) == .uuid)
    }

    @Test(
        "an invalid logical type falls back to the underlying type and stays a property",
        arguments: [
            #"{"type":"string","logicalType":"date"}"#,
            #"{"type":"bytes","logicalType":"decimal","precision":0}"#,
            #"{"type":"bytes","logicalType":"decimal","precision":2,"scale":3}"#,
            #"{"type":"bytes","logicalType":"decimal"}"#,
            #"{"type":"int","logicalType":"timestamp-millis"}"#,
            #"{"type":"long","logicalType":"no-such-type"}"#,
        ])
    func invalidLogicalTypes(_ text: String) throws {
        guard case .primitive(let p) = try schema(text).root else { Issue.record("not primitive"); return }
        #expect(p.logicalType == nil)
        #expect(p.properties["logicalType"] != nil)
    }

    @Test("valid defaults of every type; a union's default may match any branch (Avro 1.12)")
    func validDefaults() throws {
        _ = try schema(
            #"{"type":"record","name":"D","fields":["#
                + #"{"name":"a","type":"null","default":null},{"name":"b","type":"boolean","default":true},"#
                + #"{"name":"c","type":"int","default":-2147483648},{"name":"d","type":"long","default":9223372036854775807},"#
                + #"{"name":"e","type":"float","default":1},{"name":"f","type":"double","default":"NaN"},"#
                + #"{"name":"g","type":"bytes","default":"\u00ff"},{"name":"h","type":"string","default":""},"#
                + #"{"name":"i","type":{"type":"enum","name":"E","symbols":["X"]},"default":"X"},"#
                + #"{"name":"j","type":{"type":"fixed","name":"F","size":2},"default":"ab"},"#
                + #"{"name":"k","type":{"type":"array","items":"int"},"default":[1,2]},"#
                + #"{"name":"l","type":{"type":"map","values":"long"},"default":{"x":1}},"#
                + #"{"name":"m","type":["null","string"],"default":null},{"name":"n","type":["string","null"],"default":"s"},"#
                + #"{"name":"n2","type":["null","string"],"default":"later branch"},"#
                + #"{"name":"o","type":{"type":"record","name":"P","fields":[{"name":"x","type":"int"},{"name":"y","type":"int","default":0}]},"default":{"x":1}}"#
                + #"]}"#)
    }

    @Test("schema references: named types of earlier schemas resolve by name")
    func references() throws {
        let address = try schema(#"{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]}"#)
        let user = try schema(
            #"{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":"com.acme.Address"}]}"#,
            references: [address])
        #expect(user.referencedTypeNames == ["com.acme.Address"])
        #expect(user.types["com.acme.Address"] != nil)
        #expect(user.record(user.root)?.fields.map(\.type) == [.named("com.acme.Address"), .named("com.acme.Address")])
    }
}

@Suite("Avro schema parsing: invalid schemas name the path and the reason")
struct AvroSchemaRejectionTests {
    @Test(
        "rejections",
        arguments: [
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"c","type":"strin"}]}"#,
                #"/fields/2/type: unknown type "strin""#),
            (#"{"type":"record","name":"1R","fields":[]}"#, #"/name: invalid name "1R": a name starts with a letter or _ and holds only letters, digits and _"#),
            (#"{"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]}"#, "/fields/0/name: invalid name \"a-b\": a name starts with a letter or _ and holds only letters, digits and _"),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"long"}]}"#, #"/fields/1/name: duplicate field "a""#),
            (#"{"type":"enum","name":"E","symbols":["A","B","A"]}"#, #"/symbols/2: duplicate enum symbol "A""#),
            (#"{"type":"enum","name":"E","symbols":["A","B-"]}"#, "/symbols/1: invalid name \"B-\": a name starts with a letter or _ and holds only letters, digits and _"),
            (#"{"type":"enum","name":"E","symbols":["A"],"default":"Z"}"#, #"/default: enum default "Z" is not one of the symbols"#),
            (#"["int","string","int"]"#, #"/2: duplicate type "int" in union"#),
            (#"["null",["int"]]"#, "/1: a union may not directly contain a union"),
            (#"[{"type":"array","items":"int"},{"type":"array","items":"long"}]"#, #"/1: duplicate type "array" in union"#),
            (#"[{"type":"fixed","name":"F","size":1},"F"]"#, #"/1: duplicate type "F" in union"#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}"#,
                #"/fields/0/default: Invalid default for field a: "x" not a "int""#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":2147483648}]}"#,
                #"/fields/0/default: Invalid default for field a: 2147483648 not a "int""#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":["null","int"],"default":"x"}]}"#,
                #"/fields/0/default: Invalid default for field a: "x" not a ["null","int"]"#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"int"},"default":[1,"2"]}]}"#,
                #"/fields/0/default: Invalid default for field a: [1,"2"] not a {"type":"array","items":"int"}"#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]},"default":{}}]}"#,
                #"/fields/0/default: Invalid default for field a: {} not a "S""#),
            (#"{"type":"record","name":"R","namespace":"foo-bar-baz","fields":[]}"#,
                #"/namespace: Namespace part "foo-bar-baz" is invalid: Illegal character in: foo-bar-baz"#),
            (#"{"type":"record","name":"a..R","fields":[]}"#, #"/namespace: Namespace part "" is invalid: Empty name"#),
            (#"{"type":"record","name":"R","fields":[{"name":"r","type":{"type":"record","name":"R","fields":[]}}]}"#,
                #"/fields/0/type/name: the name "R" is already defined"#),
            (#"{"type":"record","name":"R"}"#, #"/: missing "fields""#),
            (#"{"type":"record","fields":[]}"#, #"/: missing "name""#),
            (#"{"type":"fixed","name":"F","size":-1}"#, #"/size: "size" must be a non-negative integer"#),
            (#"{"type":"fixed","name":"F"}"#, #"/: missing "size""#),
            (#"{"type":"array"}"#, #"/: missing "items""#),
            (#"{"type":"map"}"#, #"/: missing "values""#),
            (#"{"items":"int"}"#, #"/: missing "type""#),
            (#"{"type":{"type":"int"}}"#, #"/type: "type" must be a string"#),
            (#"42"#, #"/: "type" must be a type name, an object or a union array"#),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","order":"up"}]}"#,
                #"/fields/0/order: "order" must be "ascending", "descending" or "ignore""#),
            (#"{"type":"record","name":"R","fields":[{"type":"int"}]}"#, #"/fields/0: missing "name""#),
            (#"{"type":"record","name":"int","fields":[]}"#, #"/name: the name "int" is already defined"#),
            (#"{"type":"enum","name":"E","symbols":"A"}"#, #"/symbols: "symbols" must be an array of strings"#),
            (#"{"type":"record","name":"R","fields":[],"aliases":"x"}"#, #"/aliases: "aliases" must be an array of strings"#),
        ])
    func rejected(_ text: String, _ expected: String) {
        #expect(parseError(text)?.description == expected)
    }

    @Test("malformed JSON is reported as such")
    func malformed() {
        let error = parseError(#"{"type":"record","#)
        guard case .malformedJSON? = error?.reason else { Issue.record("expected malformedJSON, got \(String(describing: error))"); return }
        #expect(error?.path == "/")
    }

    @Test("a referenced type cannot be redefined")
    func redefineReference() throws {
        let ref = try schema(#"{"type":"fixed","name":"Id","size":16}"#)
        #expect(parseError(#"{"type":"fixed","name":"Id","size":8}"#, references: [ref])?.reason == .redefinedName("Id"))
    }

    @Test("a name unknown in the enclosing namespace is looked up in the null namespace only")
    func lookupRules() throws {
        _ = try schema(#"{"type":"record","name":"a.R","fields":[{"name":"x","type":{"type":"fixed","name":"G","namespace":"","size":1}},{"name":"y","type":"G"}]}"#)
        #expect(parseError(#"{"type":"record","name":"a.R","fields":[{"name":"x","type":{"type":"fixed","name":"b.G","size":1}},{"name":"y","type":"G"}]}"#)?.reason == .unknownType("G"))
    }
}

@Suite("Avro parsing options: new schemas strictly, existing schemas as they were accepted")
struct AvroParsingOptionsTests {
    @Test("new schemas: ASCII names and namespaces, defaults checked")
    func newSchemas() {
        let cases: [(String, AvroSchemaError.Reason)] = [
            (#"{"type":"record","name":"R","namespace":"foo-bar-baz","fields":[]}"#, .invalidNamespace(part: "foo-bar-baz")),
            (#"{"type":"record","name":"Rä","fields":[]}"#, .invalidName("Rä")),
            (#"{"type":"enum","name":"E","namespace":"a.ö","symbols":["A"]}"#, .invalidNamespace(part: "ö")),
            (#"{"type":"record","name":"R","fields":[{"name":"f","type":"string","default":null}]}"#,
                .invalidDefault(field: "f", value: "null", type: #""string""#)),
            (#"{"type":"record","name":"R","fields":[{"name":"d","type":{"type":"int","logicalType":"date"},"default":"x"}]}"#,
                .invalidDefault(field: "d", value: #""x""#, type: #"{"type":"int","logicalType":"date"}"#)),
        ]
        for (text, reason) in cases {
            let error = #expect(throws: AvroSchemaError.self, "\(text)") { try AvroSchema(parsing: text, options: .newSchema) }
            #expect(error?.reason == reason, "\(text)")
        }
        #expect(throws: Never.self) { try AvroSchema(parsing: #"{"type":"record","name":"R","namespace":"","fields":[]}"#, options: .newSchema) }
    }

    @Test("existing schemas: Unicode names, any namespace, defaults as written (and kept)")
    func existingSchemas() throws {
        let lax = try AvroSchema(
            parsing: #"{"type":"record","name":"Rä","namespace":"foo-bar-baz","fields":[{"name":"f","type":"string","default":null}]}"#,
            options: .existingSchema)
        #expect(lax.record(lax.root)?.fields.first?.defaultValue == .null)
        // Names themselves are still checked, as Confluent's validateNames does.
        #expect(throws: AvroSchemaError.self) { try AvroSchema(parsing: #"{"type":"record","name":"bad-name","fields":[]}"#, options: .existingSchema) }
    }

    @Test("a union default that matches a later branch is encoded as that branch")
    func laterBranchDefault() throws {
        let schema = try AvroSchema(parsing: #"{"type":"record","name":"R","fields":[{"name":"u","type":["null","int"],"default":7}]}"#)
        guard case .record(let r)? = schema.types["R"], let d = r.fields.first?.defaultValue else {
            Issue.record("no default")
            return
        }
        #expect(try AvroJSONCodec.defaultValue(d, for: r.fields[0].type, in: schema) == .union(branch: 1, value: .int(7)))
    }
}
