import JSONModel
import JSONSchema
import Testing

@Suite("Validation: numbers")
struct NumericValidationTests {
    static let draft4 = #""$schema":"http://json-schema.org/draft-04/schema#""#

    @Test("maximum and minimum are inclusive and ignore non-numbers")
    func inclusiveBounds() throws {
        try expectValidation(#"{"minimum":-2,"maximum":3.5}"#, valid: ["-2", "3.5", "0", #""99""#], invalid: ["-2.0001", "3.6", "4"])
    }

    @Test("draft-06 on: exclusiveMaximum and exclusiveMinimum are numbers of their own")
    func exclusiveNumbers() throws {
        try expectValidation(#"{"exclusiveMinimum":1,"exclusiveMaximum":3}"#, valid: ["1.0001", "2", "2.9"], invalid: ["1", "3", "1.0", "3.0"])
    }

    @Test("draft-04: boolean exclusiveMaximum and exclusiveMinimum modify maximum and minimum")
    func exclusiveBooleans() throws {
        try expectValidation(
            #"{\#(Self.draft4),"minimum":1,"exclusiveMinimum":true,"maximum":3,"exclusiveMaximum":true}"#,
            valid: ["2", "1.5"], invalid: ["1", "3"])
        try expectValidation(#"{\#(Self.draft4),"maximum":3,"exclusiveMaximum":false}"#, valid: ["3"], invalid: ["3.5"])
    }

    @Test("integers compare exactly, even beyond a double's precision")
    func exactIntegers() throws {
        try expectValidation(
            #"{"maximum":9007199254740993}"#, valid: ["9007199254740993", "9007199254740992"], invalid: ["9007199254740994"])
        try expectValidation(#"{"minimum":-9223372036854775808}"#, valid: ["-9223372036854775808"], invalid: ["-1e19"])
    }

    @Test("multipleOf: exact for integers, tolerant of binary rounding for decimals, never on overflow")
    func multipleOf() throws {
        try expectValidation(#"{"multipleOf":3}"#, valid: ["0", "9", "-12", "9.0"], invalid: ["10", "9.5"])
        try expectValidation(#"{"multipleOf":0.01}"#, valid: ["19.99", "0.07", "5"], invalid: ["0.075"])
        try expectValidation(#"{"multipleOf":0.0001}"#, valid: ["0.0075"], invalid: ["0.00751"])
        try expectValidation(#"{"multipleOf":1.5}"#, valid: ["4.5", "3"], invalid: ["4"])
        try expectValidation(#"{"multipleOf":0.123456789}"#, invalid: ["1e308"])
        try expectValidation(#"{"multipleOf":7}"#, valid: ["9223372036854775807"], invalid: ["9223372036854775806"])
    }
}
