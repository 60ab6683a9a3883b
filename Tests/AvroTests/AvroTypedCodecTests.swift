import Foundation
import Testing
@testable import Avro

/// The typed path (``AvroBinaryEncoder``/``AvroBinaryDecoder``): Swift values straight to Avro
/// binary and back. It must write exactly the bytes the tree bridge and the generic writer
/// write, read back what they read, and fail with the same paths.
@Suite struct AvroTypedCodecTests {
    typealias Event = AvroCodableTests.SensorEvent
    typealias Reading = AvroCodableTests.Reading

    static let sensor = try! schema(AvroCodableTests.sensorSchemaText)

    /// The bytes of the tree bridge + generic writer for `value`.
    func treeBytes<T: Encodable>(_ value: T, _ s: AvroSchema) throws -> [UInt8] {
        try AvroDatumWriter(schema: s).encode(AvroValueEncoder().encode(value, as: s))
    }

    /// Checks that the typed encoder writes the tree bridge's bytes and that the typed decoder
    /// reads the value back.
    func expectSameAsTree<T: Codable & Equatable>(
        _ value: T, _ s: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let typed = try AvroBinaryEncoder(schema: s).encode(value)
        let tree = try treeBytes(value, s)
        #expect(typed == tree, sourceLocation: sourceLocation)
        let decoded = try AvroBinaryDecoder(schema: s).decode(T.self, from: typed)
        #expect(decoded == value, sourceLocation: sourceLocation)
    }

    func encodingError<T: Encodable>(
        _ value: T, _ s: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation
    ) -> AvroCodableError? {
        #expect(throws: AvroCodableError.self, sourceLocation: sourceLocation) {
            _ = try AvroBinaryEncoder(schema: s).encode(value)
        }
    }

    func decodingError<T: Decodable>(
        _ type: T.Type, _ bytes: [UInt8], _ s: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation
    ) -> AvroCodableError? {
        #expect(throws: AvroCodableError.self, sourceLocation: sourceLocation) {
            _ = try AvroBinaryDecoder(schema: s).decode(type, from: bytes)
        }
    }

    // MARK: Encoding

    @Test func writesTheGenericWritersBytes() throws {
        try expectSameAsTree(AvroCodableTests.event, Self.sensor)
        var empty = AvroCodableTests.event
        empty.batteryLevel = nil
        empty.readings = []
        empty.tags = [:]
        empty.payload = []
        try expectSameAsTree(empty, Self.sensor)
    }

    @Test func framesAndAppends() throws {
        let encoder = AvroBinaryEncoder(schema: Self.sensor)
        let body = try encoder.encode(AvroCodableTests.event)
        #expect(try encoder.encode(AvroCodableTests.event, prefix: [0, 0, 0, 0, 7]) == [0, 0, 0, 0, 7] + body)
        var buffer: [UInt8] = [9]
        try encoder.encode(AvroCodableTests.event, appendingTo: &buffer)
        #expect(buffer == [9] + body)
        let decoded = try AvroBinaryDecoder(schema: Self.sensor).decode(Event.self, from: [0, 0, 0, 0, 7] + body, offset: 5)
        #expect(decoded == AvroCodableTests.event)
    }

    /// Fields declared in another order than the schema's are put in schema order.
    @Test func anyDeclarationOrder() throws {
        struct Reversed: Codable, Equatable {
            var unit: String
            var checksum: [UInt8]
            var payload: [UInt8]
            var tags: [String: String]
            var readings: [Reading]
            var status: AvroCodableTests.Status
            var battery_level: Int?
            var value: Double
            var timestamp: Int64
            var id: String
        }
        let e = AvroCodableTests.event
        let reversed = Reversed(
            unit: e.unit, checksum: e.checksum, payload: e.payload, tags: e.tags, readings: e.readings, status: e.status,
            battery_level: e.batteryLevel, value: e.value, timestamp: e.timestamp, id: e.id
        )
        try expectSameAsTree(reversed, Self.sensor)
        #expect(try AvroBinaryEncoder(schema: Self.sensor).encode(reversed) == AvroBinaryEncoder(schema: Self.sensor).encode(e))
    }

    @Test func absentFieldsTakeDefaultsOrNull() throws {
        let s = Self.sensor
        #expect(try AvroBinaryEncoder(schema: s).encode(AvroCodableTests.SensorEventWithoutUnit())
            == treeBytes(AvroCodableTests.SensorEventWithoutUnit(), s))
        struct Empty: Encodable {}
        let nullable = try schema(#"{"type":"record","name":"R","fields":[{"name":"n","type":["string","null"]}]}"#)
        #expect(try AvroBinaryEncoder(schema: nullable).encode(Empty()) == [2])
    }

    @Test func unionsPickTheBranchOfTheValuesKind() throws {
        typealias StringOrInt = AvroCodableTests.StringOrInt
        let s = try schema(#"["string","int"]"#)
        try expectSameAsTree(StringOrInt.int(5), s)
        try expectSameAsTree(StringOrInt.string("5"), s)
        let numbers = try schema(#"["null","double","int","long"]"#)
        for v: Int64? in [7, 1 << 40, nil, -1] { try expectSameAsTree(v, numbers) }
        try expectSameAsTree(0.5, numbers)
        let enumFirst = try schema(#"[{"type":"enum","name":"E","symbols":["A"]},"string"]"#)
        try expectSameAsTree("A", enumFirst)
        let enumOnly = try schema(#"["null",{"type":"enum","name":"E","symbols":["A"]}]"#)
        try expectSameAsTree("A", enumOnly)
        let bytesOrArray = try schema(#"[{"type":"array","items":"int"},"bytes"]"#)
        try expectSameAsTree([UInt8]([1, 2]), bytesOrArray)
        #expect(try AvroBinaryEncoder(schema: bytesOrArray).encode([1, 2]) == treeBytes([1, 2], bytesOrArray))
        let optionalItems = try schema(#"{"type":"array","items":["null","string"]}"#)
        try expectSameAsTree(["a", nil, "c"], optionalItems)
    }

    /// Two record branches: the branch depends on the whole value, which goes through the tree
    /// bridge for that union only.
    @Test func recordUnionsTryEachBranch() throws {
        enum Shape: Codable, Equatable {
            case circle(radius: Double)
            case label(text: String)

            enum Keys: String, CodingKey { case radius, text }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                if let r = try c.decodeIfPresent(Double.self, forKey: .radius) { self = .circle(radius: r) } else {
                    self = .label(text: try c.decode(String.self, forKey: .text))
                }
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                switch self {
                case .circle(let r): try c.encode(r, forKey: .radius)
                case .label(let t): try c.encode(t, forKey: .text)
                }
            }
        }
        struct Drawing: Codable, Equatable { var shapes: [Shape] }
        let s = try schema("""
            {"type":"record","name":"Drawing","fields":[{"name":"shapes","type":{"type":"array","items":[
              {"type":"record","name":"Circle","fields":[{"name":"radius","type":"double"}]},
              {"type":"record","name":"Label","fields":[{"name":"text","type":"string"}]}]}}]}
            """)
        try expectSameAsTree(Drawing(shapes: [.circle(radius: 2), .label(text: "x"), .circle(radius: -1)]), s)
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        struct Point: Codable, Equatable {
            var x: Int
            var labels: [String]
            enum Keys: String, CodingKey { case position, labels, base, tags }
            enum PositionKeys: String, CodingKey { case x, y }

            init(x: Int, labels: [String]) {
                self.x = x
                self.labels = labels
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                var l = try c.nestedUnkeyedContainer(forKey: .labels)
                labels = []
                while !l.isAtEnd { labels.append(try l.decode(String.self)) }
                let p = try c.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
                x = try p.decode(Int.self, forKey: .x)
                #expect(try p.decode(Int.self, forKey: .y) == -x)
                #expect(try c.superDecoder(forKey: .base).singleValueContainer().decode(String.self) == "origin")
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                var p = c.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
                var l = c.nestedUnkeyedContainer(forKey: .labels)
                var t = c.nestedContainer(keyedBy: AvroCodingKey.self, forKey: .tags)
                var base = c.superEncoder(forKey: .base).singleValueContainer()
                // Filled after all four were handed out, in another order.
                try base.encode("origin")
                for label in labels {
                    var item = l.nestedUnkeyedContainer()
                    try item.encode(label)
                }
                try t.encode("b", forKey: AvroCodingKey(stringValue: "a"))
                var nested = t.nestedContainer(keyedBy: AvroCodingKey.self, forKey: AvroCodingKey(stringValue: "z"))
                try nested.encode("n", forKey: AvroCodingKey(stringValue: "ignored"))
                try p.encode(-x, forKey: .y)
                try p.encode(x, forKey: .x)
            }
        }
        let s = try schema("""
            {"type":"record","name":"Point","fields":[
              {"name":"position","type":{"type":"record","name":"XY","fields":[{"name":"x","type":"int"},{"name":"y","type":"long"}]}},
              {"name":"labels","type":{"type":"array","items":{"type":"array","items":"string"}}},
              {"name":"tags","type":{"type":"map","values":["string",{"type":"map","values":"string"}]}},
              {"name":"base","type":"string"}]}
            """)
        let point = Point(x: 3, labels: ["a", "b"])
        let bytes = try AvroBinaryEncoder(schema: s).encode(point)
        let datum = try AvroDatumReader(schema: s).decode(bytes)
        #expect(datum == .record([
            .record([.int(3), .long(-3)]),
            .array([.array([.string("a")]), .array([.string("b")])]),
            .map([
                AvroMapEntry(key: "a", value: .union(branch: 0, value: .string("b"))),
                AvroMapEntry(key: "z", value: .union(branch: 1, value: .map([AvroMapEntry(key: "ignored", value: .string("n"))]))),
            ]),
            .string("origin"),
        ]))
        // Labels are read as nested arrays of one string here; the model wants strings.
        let flat = try schema("""
            {"type":"record","name":"Point","fields":[
              {"name":"position","type":{"type":"record","name":"XY","fields":[{"name":"x","type":"int"},{"name":"y","type":"long"}]}},
              {"name":"labels","type":{"type":"array","items":"string"}},
              {"name":"base","type":"string"}]}
            """)
        let flatBytes = try AvroDatumWriter(schema: flat).encode(.record([
            .record([.int(3), .long(-3)]), .array([.string("a"), .string("b")]), .string("origin"),
        ]))
        #expect(try AvroBinaryDecoder(schema: flat).decode(Point.self, from: flatBytes) == point)
    }

    @Test func foundationDataIsBytes() throws {
        struct Blob: Codable, Equatable {
            var data: Data
            var digest: Data
        }
        let s = try schema("""
            {"type":"record","name":"Blob","fields":[{"name":"data","type":"bytes"},
              {"name":"digest","type":{"type":"fixed","name":"D","size":2}}]}
            """)
        try expectSameAsTree(Blob(data: Data([0, 1, 255]), digest: Data([7, 8])), s)
        try expectSameAsTree(Blob(data: Data(), digest: Data([7, 8])), s)
        let error = encodingError(Blob(data: Data(), digest: Data([7])), s)
        #expect(error?.path == "$.digest")
        #expect(error?.message.contains("exactly 2 bytes") == true)
    }

    /// Past the first buffer, with counts that take several bytes and strings of every size.
    @Test func largeValuesAndLongCounts() throws {
        struct Big: Codable, Equatable {
            var text: String
            var numbers: [Int64]
            var names: [String: Int]
        }
        let s = try schema("""
            {"type":"record","name":"Big","fields":[{"name":"text","type":"string"},
              {"name":"numbers","type":{"type":"array","items":"long"}},
              {"name":"names","type":{"type":"map","values":"int"}}]}
            """)
        var names: [String: Int] = [:]
        for i in 0..<300 { names["key-\(i)"] = i }
        let big = Big(text: String(repeating: "é", count: 5_000), numbers: (0..<2_000).map { Int64($0) * 1_000_003 }, names: names)
        try expectSameAsTree(big, s)
    }

    // MARK: Encoding errors (the tree bridge's paths and messages)

    @Test func encodingErrorsCarryThePath() throws {
        struct OnlyID: Encodable { var id = "x" }
        let missing = encodingError(OnlyID(), Self.sensor)
        #expect(missing?.path == "$.timestamp")
        #expect(missing?.message.contains("missing field 'timestamp'") == true)

        struct Typo: Encodable {
            var id = "x"
            var batery_level = 3
        }
        let typo = encodingError(Typo(), Self.sensor)
        #expect(typo?.path == "$.batery_level")
        #expect(typo?.message.contains("unknown field 'batery_level'") == true)

        var event = AvroCodableTests.event
        event.readings = [1, 2, Int(Int32.max) + 1].map { Reading(channel: $0, value: 0) }
        let range = encodingError(event, Self.sensor)
        #expect(range?.path == "$.readings[2].channel")
        #expect(range?.message.contains("2147483648 is out of range for int") == true)

        event = AvroCodableTests.event
        event.batteryLevel = Int(Int32.min) - 1
        let union = encodingError(event, Self.sensor)
        #expect(union?.path == "$.battery_level")
        #expect(union?.message.contains("out of range for int") == true)

        let noNull = encodingError(String?.none, try schema(#"["string","int"]"#))
        #expect(noNull?.path == "$")
        #expect(noNull?.message.contains("no null branch") == true)

        struct Refuses: Encodable {
            struct Failure: Error {}
            func encode(to encoder: any Encoder) throws { throw Failure() }
        }
        #expect(encodingError(Refuses(), try schema(#""string""#))?.path == "$")

        let quoted = encodingError(["room \"1\"": [1, Int(Int32.max) + 1]], try schema(#"{"type":"map","values":{"type":"array","items":"int"}}"#))
        #expect(quoted?.path == #"$["room \"1\""][1]"#)

        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: AvroCodingKey.self)
                try c.encode("a", forKey: AvroCodingKey(stringValue: "n"))
                try c.encode("b", forKey: AvroCodingKey(stringValue: "n"))
            }
        }
        let twice = encodingError(Twice(), try schema(#"{"type":"record","name":"R","fields":[{"name":"n","type":"string"}]}"#))
        #expect(twice?.message.contains("encoded twice") == true)
    }

    @Test func unknownEnumSymbol() throws {
        let s = try schema(#"{"type":"enum","name":"Status","symbols":["OK","WARN","FAIL"]}"#)
        let error = encodingError("BROKEN", s)
        #expect(error?.message.contains("unknown symbol 'BROKEN'") == true)
        #expect(error?.message.contains("OK, WARN, FAIL") == true)
    }

    // MARK: Decoding

    @Test func readsAnySubsetInAnyOrder() throws {
        let bytes = try AvroBinaryEncoder(schema: Self.sensor).encode(AvroCodableTests.event)
        struct Summary: Decodable, Equatable {
            var id: String
            var value: Double
            var location: String?
        }
        #expect(try AvroBinaryDecoder(schema: Self.sensor).decode(Summary.self, from: bytes) == Summary(id: "sensor-7", value: 21.25, location: nil))

        /// Reads backwards, and one field twice.
        struct Backwards: Decodable, Equatable {
            var unit: String
            var tags: [String: String]
            var status: String
            var id: String
            var again: String

            enum Keys: String, CodingKey { case unit, tags, status, id }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                unit = try c.decode(String.self, forKey: .unit)
                tags = try c.decode([String: String].self, forKey: .tags)
                status = try c.decode(String.self, forKey: .status)
                id = try c.decode(String.self, forKey: .id)
                again = try c.decode(String.self, forKey: .id)
            }
        }
        let backwards = try AvroBinaryDecoder(schema: Self.sensor).decode(Backwards.self, from: bytes)
        #expect(backwards.unit == "kelvin" && backwards.status == "WARN" && backwards.id == "sensor-7" && backwards.again == "sensor-7")
        #expect(backwards.tags == AvroCodableTests.event.tags)

        struct Narrow: Decodable {
            var timestamp: Double
            var battery_level: UInt8?
        }
        let narrow = try AvroBinaryDecoder(schema: Self.sensor).decode(Narrow.self, from: bytes)
        #expect(narrow.timestamp == 1_700_000_000_123 && narrow.battery_level == 87)
    }

    @Test func decodingErrorsCarryThePath() throws {
        let bytes = try AvroBinaryEncoder(schema: Self.sensor).encode(AvroCodableTests.event)
        struct NeedsLocation: Decodable { var location: String }
        #expect(decodingError(NeedsLocation.self, bytes, Self.sensor)?.path == "$.location")
        struct TooNarrow: Decodable { var timestamp: Int32 }
        let narrow = decodingError(TooNarrow.self, bytes, Self.sensor)
        #expect(narrow?.path == "$.timestamp")
        #expect(narrow?.message.contains("does not fit in Int32") == true)

        let arraySchema = try schema(#"{"type":"array","items":{"type":"enum","name":"Status","symbols":["OK","UNKNOWN"]}}"#)
        let items = try AvroDatumWriter(schema: arraySchema).encode(.array([
            .enumeration(symbol: "OK", index: 0), .enumeration(symbol: "UNKNOWN", index: 1),
        ]))
        #expect(decodingError([AvroCodableTests.Status].self, items, arraySchema)?.path == "$[1]")
    }

    @Test func malformedInputIsAnErrorNeverACrash() throws {
        let bytes = try AvroBinaryEncoder(schema: Self.sensor).encode(AvroCodableTests.event)
        for cut in [0, 1, 5, bytes.count / 2, bytes.count - 1] {
            let error = decodingError(Event.self, Array(bytes[..<cut]), Self.sensor)
            #expect(error?.message.hasPrefix("invalid Avro binary") == true)
        }
        #expect(decodingError(Event.self, bytes + [0], Self.sensor)?.message.contains("trailing") == true)
        let union = try schema(#"["null","string"]"#)
        #expect(decodingError(String?.self, [4], union)?.message.contains("invalid Avro binary") == true)
        // A forged count of a billion nulls.
        let nulls = try schema(#"{"type":"array","items":"null"}"#)
        #expect(decodingError([Int?].self, [0x80, 0xA8, 0xD6, 0xB9, 0x07, 0], nulls) != nil)

        // Deep recursion stops at the limit.
        final class Node: Decodable {
            let next: Node?
        }
        let list = try schema(#"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]}]}"#)
        let deep = [UInt8](repeating: 2, count: 10_000) + [0]
        #expect(decodingError(Node.self, deep, list)?.message.contains("nesting") == true)
    }

    /// Data written with an older schema, read as a newer one.
    @Test func resolvesWriterToReader() throws {
        let v1 = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"gone","type":"string"}]}"#)
        let v2 = try schema(#"{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"added","type":"string","default":"d"}]}"#)
        struct R: Codable, Equatable {
            var a: Int64
            var added: String
        }
        let bytes = try AvroDatumWriter(schema: v1).encode(.record([.int(5), .string("x")]))
        #expect(try AvroBinaryDecoder(writer: v1, reader: v2).decode(R.self, from: bytes) == R(a: 5, added: "d"))
        let pair = try AvroBinaryDecoder(writer: v1, reader: v2)
        #expect(pair.writerSchema == v1 && pair.readerSchema == v2)
        #expect(throws: AvroResolutionError.self) {
            _ = try AvroBinaryDecoder(writer: v1, reader: try schema(#"{"type":"record","name":"R","fields":[{"name":"b","type":"int"}]}"#))
        }
    }
}

extension AvroTypedCodecTests {
    /// `encodeIfPresent(nil)` leaves the key out, as the tree bridge does: the field's default
    /// applies, and a key the schema lacks is no error (a model newer than the schema).
    @Test func nilOptionalsAreLeftOut() throws {
        struct Model: Codable, Equatable {
            var id: String
            var unit: String?
            var extra: Int?
        }
        let s = try schema("""
            {"type":"record","name":"M","fields":[{"name":"id","type":"string"},
              {"name":"unit","type":["string","null"],"default":"celsius"}]}
            """)
        let bytes = try AvroBinaryEncoder(schema: s).encode(Model(id: "a", unit: nil, extra: nil))
        #expect(bytes == (try treeBytes(Model(id: "a", unit: nil, extra: nil), s)))
        #expect(try AvroDatumReader(schema: s).decode(bytes) == .record([.string("a"), .union(branch: 0, value: .string("celsius"))]))
        let error = encodingError(Model(id: "a", unit: nil, extra: 3), s)
        #expect(error?.path == "$.extra")
        struct Required: Encodable {
            var id: String?
        }
        let missing = encodingError(Required(id: nil), s)
        #expect(missing?.path == "$.id")
        #expect(missing?.message.contains("missing field 'id'") == true)
    }
}
