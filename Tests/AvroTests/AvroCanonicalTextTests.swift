import Avro
import Testing

@Suite("Confluent canonical text (Java Avro's Schema.toString)")
struct AvroCanonicalTextTests {
    @Test(
        "renderings",
        arguments: [
            // A primitive object without properties collapses to its name.
            (#"{"type":"string"}"#, #""string""#),
            (#" "long" "#, #""long""#),
            // Properties stay, in document order; reserved attributes on primitives are dropped.
            (#"{"doc":"x","type":"string","avro.java.string":"String","logicalType":"uuid"}"#,
                #"{"type":"string","avro.java.string":"String","logicalType":"uuid"}"#),
            (#"{"type":"bytes","scale":2,"logicalType":"decimal","precision":4}"#,
                #"{"type":"bytes","scale":2,"logicalType":"decimal","precision":4}"#),
            // Record key order: type, name, namespace, doc, fields, properties, aliases.
            (#"{"aliases":["Old"],"x":1,"fields":[],"doc":"d","namespace":"n","name":"R","type":"record"}"#,
                #"{"type":"record","name":"R","namespace":"n","doc":"d","fields":[],"x":1,"aliases":["Old"]}"#),
            // Field key order: name, type, doc, default, order (only when not ascending), aliases, properties.
            (#"{"type":"record","name":"R","fields":[{"x":true,"aliases":["b"],"order":"ignore","default":1.5,"doc":"f","type":"double","name":"a"},{"name":"c","type":"int","order":"ascending"}]}"#,
                #"{"type":"record","name":"R","fields":[{"name":"a","type":"double","doc":"f","default":1.5,"order":"ignore","aliases":["b"],"x":true},{"name":"c","type":"int"}]}"#),
            // Nested types in the same namespace drop it; a different one is written; the null namespace inside a named one is "".
            (#"{"type":"record","name":"a.R","fields":[{"name":"s","type":{"type":"record","name":"S","fields":[]}},{"name":"t","type":{"type":"record","name":"b.T","fields":[{"name":"u","type":{"type":"enum","name":"U","symbols":["X"]}}]}},{"name":"v","type":{"type":"fixed","name":"V","namespace":"","size":1}}]}"#,
                #"{"type":"record","name":"R","namespace":"a","fields":[{"name":"s","type":{"type":"record","name":"S","fields":[]}},{"name":"t","type":{"type":"record","name":"T","namespace":"b","fields":[{"name":"u","type":{"type":"enum","name":"U","symbols":["X"]}}]}},{"name":"v","type":{"type":"fixed","name":"V","namespace":"","size":1}}]}"#),
            // Second occurrences are names, short when the namespace agrees.
            (#"{"type":"record","name":"a.R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["X"],"default":"X","doc":"d"}},{"name":"f","type":"E"},{"name":"g","type":{"type":"fixed","name":"b.F","size":2}},{"name":"h","type":["null","b.F","R"]}]}"#,
                #"{"type":"record","name":"R","namespace":"a","fields":[{"name":"e","type":{"type":"enum","name":"E","doc":"d","symbols":["X"],"default":"X"}},{"name":"f","type":"E"},{"name":"g","type":{"type":"fixed","name":"F","namespace":"b","size":2}},{"name":"h","type":["null","b.F","R"]}]}"#),
            // A short name that is also a type name is written in full.
            (#"{"type":"record","name":"a.R","fields":[{"name":"x","type":{"type":"fixed","name":"int","namespace":"a","size":1}},{"name":"y","type":"a.int"}]}"#,
                #"{"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":{"type":"fixed","name":"int","size":1}},{"name":"y","type":"a.int"}]}"#),
            // Aliases are written relative to the type's own namespace.
            (#"{"type":"record","name":"a.R","aliases":["Q","c.P"],"fields":[]}"#,
                #"{"type":"record","name":"R","namespace":"a","fields":[],"aliases":["Q","c.P"]}"#),
            // Error, arrays and maps with properties, and defaults with escapes and numbers as Jackson writes them.
            (#"{"type":"error","name":"E","fields":[{"name":"m","type":{"type":"map","values":{"type":"array","items":"int","p":1}},"default":{"k\n":[1]}},{"name":"d","type":"double","default":1e20},{"name":"s","type":"string","default":"\u0001é\"/"}]}"#,
                #"{"type":"error","name":"E","fields":[{"name":"m","type":{"type":"map","values":{"type":"array","items":"int","p":1}},"default":{"k\n":[1]}},{"name":"d","type":"double","default":1.0E20},{"name":"s","type":"string","default":"\u0001é\"/"}]}"#),
        ])
    func rendering(_ input: String, _ expected: String) throws {
        #expect(try schema(input).canonicalText == expected)
    }

    @Test("types from references are written by name")
    func references() throws {
        let address = try schema(#"{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]}"#)
        let user = try schema(
            #"{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"other","type":{"type":"record","name":"x.Other","fields":[{"name":"a","type":"com.acme.Address"}]}}]}"#,
            references: [address])
        #expect(
            user.canonicalText
                == #"{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"other","type":{"type":"record","name":"Other","namespace":"x","fields":[{"name":"a","type":"com.acme.Address"}]}}]}"#
        )
    }

    @Test("the canonical text parses back to the same schema")
    func roundTrip() throws {
        let text = #"{"type":"record","name":"a.R","doc":"x","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"],"default":"Y"}},{"name":"n","type":["null",{"type":"array","items":"R"}],"default":null}]}"#
        let parsed = try schema(text)
        #expect(try schema(parsed.canonicalText) == parsed)
    }
}

@Suite("Parsing Canonical Form and fingerprints")
struct AvroParsingCanonicalFormTests {
    // Expected fingerprints were computed independently with the Python `avro` package.
    @Test(
        "canonical form and fingerprints",
        arguments: [
            (#""int""#, #""int""#, Int64(8_247_732_601_305_521_295), "ef524ea1b91e73173d938ade36c1db32",
                "3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45"),
            (#"{"type":"record","name":"R","namespace":"a.b","doc":"d","fields":[{"name":"f","type":{"type":"enum","name":"E","symbols":["A","B"]}},{"name":"g","type":["null","a.b.E",{"type":"fixed","name":"x.F","size":4}]}]}"#,
                #"{"name":"a.b.R","type":"record","fields":[{"name":"f","type":{"name":"a.b.E","type":"enum","symbols":["A","B"]}},{"name":"g","type":["null","a.b.E",{"name":"x.F","type":"fixed","size":4}]}]}"#,
                6_151_834_345_033_390_978, "d465b965daa3cdf9907313375163a8fb",
                "23d89390c64cf53bf1d127236348e3d559a104c863dc6ed84dd701dbf79318b2"),
            (#"{"type":"array","items":{"type":"map","values":"long"}}"#, #"{"type":"array","items":{"type":"map","values":"long"}}"#,
                -3_209_016_105_339_290_947, "cba7053b58d9826851bc79ad548071a3",
                "6f2675687f54a0bae07de14fe35eb5560cb62eee69556c1994ab75c29331277f"),
            (#"{"type":"record","name":"Node","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","Node"],"default":null}]}"#,
                #"{"name":"Node","type":"record","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","Node"]}]}"#,
                497_345_529_349_753_371, "ec634bf07a21ac3ab03bea165b41467c",
                "45fd47b24ac666da1f29d7b3f056bb92a976dd2e2c4469a5621d7f71f6375782"),
        ])
    func vectors(_ input: String, _ pcf: String, _ rabin: Int64, _ md5: String, _ sha256: String) throws {
        let s = try schema(input)
        #expect(s.parsingCanonicalForm == pcf)
        #expect(s.rabinFingerprint == rabin)
        #expect(hex(s.fingerprint(.md5)) == md5)
        #expect(hex(s.fingerprint(.sha256)) == sha256)
        let le = s.fingerprint(.rabin)
        #expect(le.count == 8)
        #expect(Int64(bitPattern: le.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }) == rabin)
    }

    @Test("the form strips doc, aliases, defaults, order, logical types and properties; error becomes record")
    func stripping() throws {
        let s = try schema(
            #"{"type":"error","name":"E","namespace":"n","aliases":["A"],"doc":"d","x":1,"fields":[{"name":"f","type":{"type":"long","logicalType":"timestamp-millis"},"default":0,"order":"ignore","aliases":["g"],"doc":"z"}]}"#)
        #expect(s.parsingCanonicalForm == #"{"name":"n.E","type":"record","fields":[{"name":"f","type":"long"}]}"#)
    }

    @Test("JSON escapes in the input become plain characters")
    func strings() throws {
        #expect(try schema(#"{"type":"enum","name":"\u0045","symbols":["\u0041"]}"#).parsingCanonicalForm == #"{"name":"E","type":"enum","symbols":["A"]}"#)
    }
}

@Suite("Normalised form (normalize=true)")
struct AvroNormalizedFormTests {
    @Test("sorts properties (logical type first) and aliases, drops empty docs, gives defaults the field's number kind")
    func normalisation() throws {
        let s = try schema(
            #"{"type":"error","name":"R","namespace":"a","doc":"","aliases":["Z","B"],"z":1,"b":2,"fields":[{"name":"f","type":"float","default":1,"aliases":["y","x"],"q":1,"c":2},{"name":"g","type":{"type":"bytes","z":0,"scale":2,"precision":5,"logicalType":"decimal"}},{"name":"h","type":["double","null"],"default":2}]}"#)
        #expect(
            s.normalized().canonicalText
                == #"{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":"float","default":1.0,"aliases":["x","y"],"c":2,"q":1},{"name":"g","type":{"type":"bytes","logicalType":"decimal","precision":5,"scale":2,"z":0}},{"name":"h","type":["double","null"],"default":2.0}],"b":2,"z":1,"aliases":["B","Z"]}"#
        )
    }

    @Test("texts that differ only in presentation normalise to the same text")
    func equivalence() throws {
        let a = try schema(#"{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"string","b":1,"a":2}}],"y":1,"x":2}"#)
        let b = try schema(#"{"fields":[{"type":{"a":2,"type":"string","b":1},"name":"f"}],"x":2,"name":"R","type":"record","y":1}"#)
        #expect(a.canonicalText != b.canonicalText)
        #expect(a.normalized().canonicalText == b.normalized().canonicalText)
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
