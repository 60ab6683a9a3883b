import Testing
import JSONModel

@Suite("JSON parsing")
struct JSONParserTests {
    @Test("keeps object member order and exact 64-bit integers")
    func orderAndIntegers() throws {
        let value = try JSONParser().parse(#"{"z":1,"a":-9223372036854775808,"m":9223372036854775807}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(object["a"] == .integer(Int64.min))
        #expect(object["m"] == .integer(Int64.max))
    }

    @Test("integers beyond 64 bits and decimals become doubles")
    func doubles() throws {
        #expect(try JSONParser().parse("18446744073709551616") == .double(18446744073709551616))
        #expect(try JSONParser().parse("1.5e2") == .double(150))
        #expect(try JSONParser().parse("-0.25") == .double(-0.25))
    }

    @Test("decodes escapes, surrogate pairs and NUL")
    func escapes() throws {
        let value = try JSONParser().parse(#""a\u0000\n\"\\\/\ud83d\ude00é""#)
        #expect(value == .string("a\u{0}\n\"\\/😀é"))
    }

    @Test("a duplicate key keeps its first position and its last value")
    func duplicateKeys() throws {
        let object = try #require(try JSONParser().parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .integer(3))
    }

    @Test(
        "rejects malformed documents",
        arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\\x\"", "\"\\ud800\"", "1 2", "\"a\nb\""])
    func malformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser().parse(text) }
    }

    @Test("bounds nesting depth instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser().parse(deep) }
    }
}

@Suite("JSON writing")
struct JSONWriterTests {
    @Test("escapes like Jackson: short escapes, upper-case \\u00XX, raw UTF-8")
    func escaping() {
        #expect(JSONWriter.string(.string("a\"b\\c\n\t\u{1}é/")) == #""a\"b\\c\n\t\u0001é/""#)
    }

    @Test(
        "prints doubles as Java's Double.toString",
        arguments: [
            (1.0, "1.0"), (100.0, "100.0"), (1.5, "1.5"), (0.001, "0.001"), (0.0001, "1.0E-4"),
            (1e7, "1.0E7"), (1234567.5, "1234567.5"), (-2.5e-10, "-2.5E-10"), (0.1, "0.1"), (0.0, "0.0"),
            (123456789012.0, "1.23456789012E11"),
        ])
    func javaDoubles(_ value: Double, _ expected: String) {
        #expect(JSONWriter.javaDoubleString(value) == expected)
    }

    @Test("round-trips documents compactly in member order")
    func roundTrip() throws {
        let text = #"{"b":[1,2.5,"x",null,true,{"c":false}],"a":{}}"#
        #expect(JSONWriter.string(try JSONParser().parse(text)) == text)
    }

    @Test("object equality ignores member order")
    func equality() throws {
        #expect(try JSONParser().parse(#"{"a":1,"b":2}"#) == JSONParser().parse(#"{"b":2,"a":1}"#))
    }
}
