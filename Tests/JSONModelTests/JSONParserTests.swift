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

@Suite("JSON text encodings (RFC 4627 detection, as Jackson does it)")
struct JSONTextEncodingTests {
    @Test("the zero bytes among the first four give the encoding; a byte-order mark decides first")
    func detection() {
        #expect(JSONTextEncoding.detect(Array("{}".utf8)) == (.utf8, 0))
        #expect(JSONTextEncoding.detect([0xEF, 0xBB, 0xBF, 0x7B]) == (.utf8, 3))
        #expect(JSONTextEncoding.detect([0x00, 0x7B, 0x00, 0x7D]) == (.utf16BigEndian, 0))
        #expect(JSONTextEncoding.detect([0x7B, 0x00, 0x7D, 0x00]) == (.utf16LittleEndian, 0))
        #expect(JSONTextEncoding.detect([0xFE, 0xFF, 0x00, 0x7B]) == (.utf16BigEndian, 2))
        #expect(JSONTextEncoding.detect([0xFF, 0xFE, 0x7B, 0x00]) == (.utf16LittleEndian, 2))
        #expect(JSONTextEncoding.detect([0x00, 0x00, 0x00, 0x7B]) == (.utf32BigEndian, 0))
        #expect(JSONTextEncoding.detect([0x7B, 0x00, 0x00, 0x00]) == (.utf32LittleEndian, 0))
        #expect(JSONTextEncoding.detect([0x00, 0x00, 0xFE, 0xFF]) == (.utf32BigEndian, 4))
        #expect(JSONTextEncoding.detect([0xFF, 0xFE, 0x00, 0x00]) == (.utf32LittleEndian, 4))
        #expect(JSONTextEncoding.detect([0x31]) == (.utf8, 0))
        #expect(JSONTextEncoding.detect([0x31, 0x00]) == (.utf16LittleEndian, 0))
    }

    @Test("UTF-16 with surrogate pairs and UTF-32 become the same UTF-8 text; broken units give nil")
    func transcoding() throws {
        let text = #"["é😀"]"#
        let be16 = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(JSONTextEncoding.utf8Bytes(be16) == Array(text.utf8))
        let le32 = text.unicodeScalars.flatMap { s in (0..<4).map { UInt8(truncatingIfNeeded: s.value >> (8 * UInt32($0))) } }
        #expect(JSONTextEncoding.utf8Bytes(le32) == Array(text.utf8))
        #expect(try JSONParser().parse(try #require(JSONTextEncoding.utf8Bytes(le32))) == .array([.string("é😀")]))
        // A lone high surrogate, and a length that is not a whole number of units.
        #expect(JSONTextEncoding.utf8Bytes([0x00, 0x5B, 0xD8, 0x3D, 0x00, 0x5D]) == nil)
        #expect(JSONTextEncoding.utf8Bytes([0x5B, 0x00, 0x00, 0x00, 0x5D]) == nil)
    }

    @Test("a number beyond a double's range is an infinity, written back as Jackson writes it: a string (found by scripts/fuzz)")
    func infinity() throws {
        let value = try JSONParser().parse("[2e2222, -1e400, 1.5]")
        #expect(value == .array([.double(.infinity), .double(-.infinity), .double(1.5)]))
        let written = JSONWriter.string(value)
        #expect(written == #"["Infinity","-Infinity",1.5]"#)
        #expect(try JSONParser().parse(written) == .array([.string("Infinity"), .string("-Infinity"), .double(1.5)]))
    }
}
