import Avro
import SchemaRegistryCore
import Testing

/// Confluent's level semantics (section 0 of the compatibility write-up) over the Avro rule:
/// which versions are checked, in which order, where it stops, and the exact message list.
@Suite("Compatibility levels")
struct CompatibilityCheckerTests {
    let checker = CompatibilityChecker(rule: AvroCompatibilityRule())

    /// A record `R` with the given fields (`name: type` or `name: type = default`).
    static func schema(_ fields: String...) -> String {
        let parts = fields.map { spec -> String in
            let halves = spec.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            let nameType = halves[0].split(separator: ":").map { $0.trimmingSpaces }
            var text = #"{"name":"\#(nameType[0])","type":"\#(nameType[1])""#
            if halves.count == 2 { text += #","default":\#(halves[1])"# }
            return text + "}"
        }
        return #"{"type":"record","name":"R","fields":[\#(parts.joined(separator: ","))]}"#
    }

    /// Previous versions 1, 2, ... from texts, oldest first.
    static func history(_ texts: String...) throws -> [PreviousSchema<AvroSchema>] {
        try texts.enumerated().map { index, text in
            PreviousSchema(version: index + 1, canonicalText: text, schema: try AvroSchema(parsing: text))
        }
    }

    func check(_ level: CompatibilityLevel, new: String, _ previous: [PreviousSchema<AvroSchema>]) throws -> CompatibilityResult {
        checker.check(level: level, newSchema: try AvroSchema(parsing: new), previous: previous)
    }

    static let v1 = schema("f1: string")
    static let addsF2 = schema("f1: string", "f2: string")

    static func missing(_ field: String, at path: String, reader: String, writer: String) -> String {
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field '\(field)' at path '\(path)' in the \(reader) schema has no default value and is missing in the \(writer) schema', additionalInfo:'\(field)'}"
    }

    @Test("BACKWARD: new adds a field without default -> exactly Confluent's four messages")
    func backwardVerboseMessages() throws {
        let result = try check(.backward, new: Self.addsF2, Self.history(Self.v1))
        #expect(!result.isCompatible)
        #expect(result.messages == [
            Self.missing("f2", at: "/fields/1", reader: "new", writer: "old"),
            "{oldSchemaVersion: 1}",
            "{oldSchema: '\(Self.v1)'}",
            "{validateFields: 'false', compatibility: 'BACKWARD'}",
        ])
        #expect(result.failure?.previousIndex == 0)
        #expect(result.failure?.version == 1)
        #expect(result.failure?.issues.map(\.kind) == ["READER_FIELD_MISSING_DEFAULT_VALUE"])
        #expect(result.failure?.issues.first?.location == "/fields/1")
    }

    @Test("NONE: never checks anything")
    func none() throws {
        let result = try check(.none, new: Self.schema("x: boolean"), Self.history(Self.v1))
        #expect(result == .compatible)
    }

    @Test("no previous version: compatible at every level", arguments: CompatibilityLevel.allCases)
    func emptyHistory(level: CompatibilityLevel) throws {
        #expect(try check(level, new: Self.v1, []).isCompatible)
    }

    @Test("BACKWARD: a defaulted new field is fine")
    func backwardCompatible() throws {
        #expect(try check(.backward, new: Self.schema("f1: string", "f2: string = \"x\""), Self.history(Self.v1)).isCompatible)
    }

    @Test("FORWARD: the old schema must read the new one; roles are swapped in the wording")
    func forward() throws {
        let old = Self.addsF2
        let result = try check(.forward, new: Self.v1, Self.history(old))
        #expect(result.messages == [
            Self.missing("f2", at: "/fields/1", reader: "old", writer: "new"),
            "{oldSchemaVersion: 1}",
            "{oldSchema: '\(old)'}",
            "{validateFields: 'false', compatibility: 'FORWARD'}",
        ])
        // Adding a field without default is forward compatible.
        #expect(try check(.forward, new: Self.addsF2, Self.history(Self.v1)).isCompatible)
    }

    @Test("FULL: forward messages first (no appendices), then backward ones with appendices")
    func fullOrder() throws {
        let old = Self.schema("a: int")
        let result = try check(.full, new: Self.schema("b: int"), Self.history(old))
        #expect(result.messages == [
            Self.missing("a", at: "/fields/0", reader: "old", writer: "new"),
            Self.missing("b", at: "/fields/0", reader: "new", writer: "old"),
            "{oldSchemaVersion: 1}",
            "{oldSchema: '\(old)'}",
            "{validateFields: 'false', compatibility: 'FULL'}",
        ])
        #expect(result.failure?.issues.map(\.description) == [
            "The field 'a' at path '/fields/0' in the old schema has no default value and is missing in the new schema",
            "The field 'b' at path '/fields/0' in the new schema has no default value and is missing in the old schema",
        ])
    }

    @Test("FULL with only the forward half failing: no oldSchema appendices")
    func fullForwardOnly() throws {
        let result = try check(.full, new: Self.v1, Self.history(Self.addsF2))
        #expect(result.messages == [
            Self.missing("f2", at: "/fields/1", reader: "old", writer: "new"),
            "{validateFields: 'false', compatibility: 'FULL'}",
        ])
    }

    // A history that is compatible step by step, but not with its first version:
    // v1 {a:int} -> v2 {} -> new {a:string = ""}.
    static let stepwise = (v1: schema("a: int"), v2: schema(), new: schema("a: string = \"\""))

    @Test("BACKWARD checks only the latest version")
    func backwardOnlyLatest() throws {
        let history = try Self.history(Self.stepwise.v1, Self.stepwise.v2)
        #expect(try check(.backward, new: Self.stepwise.new, history).isCompatible)
        #expect(try check(.full, new: Self.stepwise.new, history).isCompatible)
    }

    @Test("BACKWARD_TRANSITIVE checks every version and finds the old incompatibility")
    func backwardTransitive() throws {
        let history = try Self.history(Self.stepwise.v1, Self.stepwise.v2)
        let result = try check(.backwardTransitive, new: Self.stepwise.new, history)
        #expect(result.messages == [
            "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: STRING not compatible with writer type: INT'}",
            "{oldSchemaVersion: 1}",
            "{oldSchema: '\(Self.stepwise.v1)'}",
            "{validateFields: 'false', compatibility: 'BACKWARD_TRANSITIVE'}",
        ])
        #expect(result.failure?.previousIndex == 0)
    }

    @Test("transitive levels go newest to oldest and report only the first failing version")
    func transitiveStopsAtNewestFailure() throws {
        let history = try Self.history(Self.schema("a: boolean"), Self.schema("a: long"), Self.schema("a: int"))
        // float reads v3 (int) and v2 (long) but not v1 (boolean): checked last, still reported.
        let oldest = try check(.backwardTransitive, new: Self.schema("a: float"), history)
        #expect(oldest.failure?.version == 1)
        // int reads v3 but neither v2 nor v1: only v2, the newest failure, is reported.
        let failing = try check(.backwardTransitive, new: Self.schema("a: int"), history)
        #expect(failing.failure?.previousIndex == 1)
        #expect(failing.failure?.version == 2)
        #expect(failing.messages.contains("{oldSchemaVersion: 2}"))
        #expect(!failing.messages.contains("{oldSchemaVersion: 1}"))
    }

    @Test("FORWARD_TRANSITIVE and FULL_TRANSITIVE reach older versions too")
    func forwardAndFullTransitive() throws {
        // Old readers v1 {a:int}, v2 {a:int, b:long = 0}; new writes {a:int, b:string = ""}:
        // v2 cannot read b (string into long); v1 ignores b.
        let history = try Self.history(Self.schema("a: int"), Self.schema("a: int", "b: long = 0"))
        let new = Self.schema("a: int", "b: string = \"\"")
        #expect(try check(.forward, new: new, history).failure?.version == 2)
        #expect(try check(.forwardTransitive, new: new, history).failure?.version == 2)
        // new {b:long = 0} is fine for v2 but v1 needs a.
        let dropsA = Self.schema("b: long = 0")
        #expect(try check(.forward, new: dropsA, history).failure?.version == 2)
        #expect(try check(.forwardTransitive, new: Self.schema("a: int", "b: long = 0", "c: int"), history).isCompatible)
        let fullTransitive = try check(.fullTransitive, new: Self.schema("a: long", "b: long = 0"), history)
        // v2 (newest) is checked first: old {a:int} cannot read new {a:long}.
        #expect(fullTransitive.failure?.version == 2)
        #expect(fullTransitive.messages.last == "{validateFields: 'false', compatibility: 'FULL_TRANSITIVE'}")
        #expect(try check(.full, new: Self.schema("a: int", "b: long = 1"), history).isCompatible)
    }

    @Test("a previous schema without a version gets no oldSchemaVersion entry")
    func unversioned() throws {
        let previous = [PreviousSchema(version: nil, canonicalText: Self.v1, schema: try AvroSchema(parsing: Self.v1))]
        let result = try check(.backward, new: Self.addsF2, previous)
        #expect(result.messages.count == 3)
        #expect(result.messages[1] == "{oldSchema: '\(Self.v1)'}")
    }

    @Test("old schema text is quoted up to 10240 UTF-16 units, then truncated with a marker")
    func truncation() throws {
        let schema = try AvroSchema(parsing: Self.v1)
        let exact = String(repeating: "x", count: 10240)
        let long = exact + "yz"
        let atLimit = checker.check(
            level: .backward, newSchema: try AvroSchema(parsing: Self.addsF2),
            previous: [PreviousSchema(version: 3, canonicalText: exact, schema: schema)])
        #expect(atLimit.messages[2] == "{oldSchema: '\(exact)'}")
        let over = checker.check(
            level: .backward, newSchema: try AvroSchema(parsing: Self.addsF2),
            previous: [PreviousSchema(version: 3, canonicalText: long, schema: schema)])
        #expect(over.messages[2] == "{oldSchema: <truncated> '\(exact)...'}")
    }

    @Test("validateFields is echoed in the final entry")
    func validateFieldsEcho() throws {
        let strict = CompatibilityChecker(rule: AvroCompatibilityRule(), validateFields: true)
        let result = strict.check(level: .backward, newSchema: try AvroSchema(parsing: Self.addsF2), previous: try Self.history(Self.v1))
        #expect(result.messages.last == "{validateFields: 'true', compatibility: 'BACKWARD'}")
    }

    @Test("a check Avro cannot perform becomes Confluent's 'Unexpected exception' message")
    func unexpectedException() throws {
        let old = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]}"#
        let new = #"{"type":"record","name":"R","fields":[{"name":"a","type":"int","aliases":["b"]}]}"#
        let result = try check(.backward, new: new, Self.history(old))
        #expect(result.messages.first == "Unexpected exception during compatibility check: Reader record field a type:INT pos:0 matches multiple fields in writer record schema " + old)
        #expect(result.failure?.issues.first?.kind == "UNEXPECTED_EXCEPTION")
    }

    @Test("level names parse case-insensitively")
    func levelNames() {
        #expect(CompatibilityLevel(name: "full_transitive") == .fullTransitive)
        #expect(CompatibilityLevel(name: "Backward") == .backward)
        #expect(CompatibilityLevel(name: "sideways") == nil)
    }
}

extension Substring {
    /// Test helper: the text without surrounding spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
