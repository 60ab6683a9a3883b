import JSONModel
import JSONSchema
import Testing

@Suite("Validation: strings")
struct StringValidationTests {
    @Test("lengths count Unicode code points, not bytes or UTF-16 units")
    func lengths() throws {
        try expectValidation(#"{"minLength":2,"maxLength":3}"#, valid: [#""ab""#, #""abc""#, #""é😀""#, "1"], invalid: [#""a""#, #""abcd""#, #""😀""#])
    }

    @Test("pattern searches anywhere in the string unless anchored")
    func patternIsUnanchored() throws {
        try expectValidation(#"{"pattern":"b+"}"#, valid: [#""abbc""#, #""b""#, "12"], invalid: [#""ac""#])
        try expectValidation(#"{"pattern":"^[a-z]+$"}"#, valid: [#""abc""#], invalid: [#""abc1""#, #""""#])
    }

    @Test("pattern follows ECMA-262: \\d is ASCII only, \\uXXXX escapes, \\p classes")
    func ecmaFlavour() throws {
        try expectValidation(#"{"pattern":"^\\d+$"}"#, valid: [#""123""#], invalid: [#""١٢٣""#])
        try expectValidation(#"{"pattern":"^\\u00e9$"}"#, valid: [#""é""#], invalid: [#""e""#])
        try expectValidation(#"{"pattern":"^\\p{Lu}"}"#, valid: [#""Élan""#], invalid: [#""élan""#])
    }

    @Test("format is an annotation unless assertions are asked for")
    func formatAnnotation() throws {
        try expectValidation(#"{"format":"date-time"}"#, valid: [#""not a date""#])
    }

    @Test("opt-in format assertions for the common formats")
    func formatAssertions() throws {
        try expectValidation(
            #"{"format":"date-time"}"#, valid: [#""2024-02-29T12:30:00Z""#, #""2024-01-01t00:00:00.5+02:00""#, "1"],
            invalid: [#""2023-02-29T12:30:00Z""#, #""2024-01-01 00:00:00Z""#, #""2024-01-01T25:00:00Z""#], assertsFormats: true)
        try expectValidation(#"{"format":"date"}"#, valid: [#""2000-02-29""#], invalid: [#""1900-02-29""#, #""2000-13-01""#], assertsFormats: true)
        try expectValidation(#"{"format":"time"}"#, valid: [#""08:30:06Z""#], invalid: [#""08:30""#], assertsFormats: true)
        try expectValidation(#"{"format":"email"}"#, valid: [#""joe@example.com""#], invalid: [#""joe""#, #""a..b@c""#], assertsFormats: true)
        try expectValidation(#"{"format":"ipv4"}"#, valid: [#""192.168.0.1""#], invalid: [#""256.1.1.1""#, #""01.1.1.1""#, #""1.1.1""#], assertsFormats: true)
        try expectValidation(
            #"{"format":"ipv6"}"#, valid: [#""::1""#, #""fe80::1:2""#, #""1:2:3:4:5:6:7:8""#, #""::ffff:192.168.0.1""#],
            invalid: [#""1:2:3:4:5:6:7:8:9""#, #""1::2::3""#, #""12345::""#], assertsFormats: true)
        try expectValidation(
            #"{"format":"uuid"}"#, valid: [#""2EB8AA08-AA98-11EA-B4AA-73B441D16380""#], invalid: [#""2eb8aa08aa9811eab4aa73b441d16380""#],
            assertsFormats: true)
        try expectValidation(#"{"format":"x-custom"}"#, valid: [#""anything""#], assertsFormats: true)
    }
}
