import Testing
@testable import Avro

/// The Codable bridge: Swift models to ``AvroValue`` and back, through the binary encoding, and
/// the errors that surface when a model and a schema disagree.
@Suite struct AvroCodableTests {
    static let sensorSchemaText = """
        {"type":"record","name":"SensorEvent","namespace":"com.example","fields":[
          {"name":"id","type":"string"},
          {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"value","type":"double"},
          {"name":"battery_level","type":["null","int"],"default":null},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["OK","WARN","FAIL"]}},
          {"name":"readings","type":{"type":"array","items":{"type":"record","name":"Reading","fields":[
            {"name":"channel","type":"int"},{"name":"value","type":"float"}]}}},
          {"name":"tags","type":{"type":"map","values":"string"}},
          {"name":"payload","type":"bytes"},
          {"name":"checksum","type":{"type":"fixed","name":"MD5","size":4}},
          {"name":"unit","type":"string","default":"celsius"}
        ]}
        """

    struct Reading: Codable, Equatable {
        var channel: Int
        var value: Float
    }

    enum Status: String, Codable {
        case ok = "OK", warn = "WARN", fail = "FAIL"
    }

    struct SensorEvent: Codable, Equatable {
        var id: String
        var timestamp: Int64
        var value: Double
        var batteryLevel: Int?
        var status: Status
        var readings: [Reading]
        var tags: [String: String]
        var payload: [UInt8]
        var checksum: [UInt8]
        var unit: String

        enum CodingKeys: String, CodingKey {
            case id, timestamp, value, batteryLevel = "battery_level", status, readings, tags, payload, checksum, unit
        }
    }

    /// The same event without `unit`, which the schema defaults.
    struct SensorEventWithoutUnit: Encodable {
        var id = "s-2"
        var timestamp: Int64 = 1_700_000_000_000
        var value = 21.5
        var batteryLevel: Int? = nil
        var status = Status.ok
        var readings: [Reading] = []
        var tags: [String: String] = [:]
        var payload: [UInt8] = []
        var checksum: [UInt8] = [0, 0, 0, 0]

        enum CodingKeys: String, CodingKey {
            case id, timestamp, value, batteryLevel = "battery_level", status, readings, tags, payload, checksum
        }
    }

    static let event = SensorEvent(
        id: "sensor-7", timestamp: 1_700_000_000_123, value: 21.25, batteryLevel: 87, status: .warn,
        readings: [Reading(channel: 1, value: 0.5), Reading(channel: 2, value: -3.75)],
        tags: ["room": "lab-1", "floor": "3"], payload: [0x00, 0x7F, 0xFF], checksum: [0xDE, 0xAD, 0xBE, 0xEF],
        unit: "kelvin"
    )

    /// The error encoding `value` as `schema` reports; records an issue when there is none.
    func encodingError<T: Encodable>(
        _ value: T, _ schema: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation
    ) -> AvroCodableError? {
        #expect(throws: AvroCodableError.self, sourceLocation: sourceLocation) {
            _ = try AvroValueEncoder().encode(value, as: schema)
        }
    }

    /// The error decoding `value` of `schema` as `type` reports; records an issue when there is none.
    func decodingError<T: Decodable>(
        _ type: T.Type, _ value: AvroValue, _ schema: AvroSchema, sourceLocation: SourceLocation = #_sourceLocation
    ) -> AvroCodableError? {
        #expect(throws: AvroCodableError.self, sourceLocation: sourceLocation) {
            _ = try AvroValueDecoder().decode(type, from: value, schema: schema)
        }
    }

    @Test func sensorEventRoundTripsThroughBinary() throws {
        let s = try schema(Self.sensorSchemaText)
        let value = try AvroValueEncoder().encode(Self.event, as: s)
        #expect(value[field: "battery_level", in: s] == .union(branch: 1, value: .int(87)))
        #expect(value[field: "status", in: s] == .enumeration(symbol: "WARN", index: 1))
        #expect(value[field: "checksum", in: s] == .fixed([0xDE, 0xAD, 0xBE, 0xEF]))
        #expect(value[field: "timestamp", in: s] == .long(1_700_000_000_123))

        let bytes = try AvroDatumWriter(schema: s).encode(value)
        let read = try AvroDatumReader(schema: s).decode(bytes)
        #expect(read == value)
        #expect(try AvroValueDecoder().decode(SensorEvent.self, from: read, schema: s) == Self.event)

        var empty = Self.event
        empty.batteryLevel = nil
        empty.readings = []
        empty.tags = [:]
        empty.payload = []
        let emptyValue = try AvroValueEncoder().encode(empty, as: s)
        #expect(emptyValue[field: "battery_level", in: s] == .union(branch: 0, value: .null))
        let emptyRead = try AvroDatumReader(schema: s).decode(AvroDatumWriter(schema: s).encode(emptyValue))
        #expect(try AvroValueDecoder().decode(SensorEvent.self, from: emptyRead, schema: s) == empty)
    }

    @Test func mapsKeepEncodingOrder() throws {
        struct Ordered: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: AvroCodingKey.self)
                for key in ["z", "a", "m"] { try c.encode(key.uppercased(), forKey: AvroCodingKey(stringValue: key)) }
            }
        }
        let value = try AvroValueEncoder().encode(Ordered(), as: schema(#"{"type":"map","values":"string"}"#))
        #expect(value == .map([
            AvroMapEntry(key: "z", value: .string("Z")), AvroMapEntry(key: "a", value: .string("A")),
            AvroMapEntry(key: "m", value: .string("M")),
        ]))
    }

    @Test func absentFieldsTakeTheirDefaults() throws {
        let s = try schema(Self.sensorSchemaText)
        let value = try AvroValueEncoder().encode(SensorEventWithoutUnit(), as: s)
        #expect(value[field: "battery_level", in: s] == .union(branch: 0, value: .null))
        #expect(value[field: "unit", in: s] == .string("celsius"))
        let decoded = try AvroValueDecoder().decode(SensorEvent.self, from: value, schema: s)
        #expect(decoded.batteryLevel == nil)
        #expect(decoded.unit == "celsius")
    }

    @Test func absentNullableFieldWithoutDefaultIsNull() throws {
        struct Empty: Encodable {}
        let s = try schema(#"{"type":"record","name":"R","fields":[{"name":"n","type":["string","null"]}]}"#)
        #expect(try AvroValueEncoder().encode(Empty(), as: s) == .record([.union(branch: 1, value: .null)]))
    }

    @Test func absentRequiredFieldIsAnError() throws {
        struct OnlyID: Encodable { var id = "x" }
        let s = try schema(Self.sensorSchemaText)
        let error = encodingError(OnlyID(), s)
        #expect(error?.path == "$.timestamp")
        #expect(error?.message.contains("missing field 'timestamp'") == true)
    }

    @Test func extraKeyIsAnError() throws {
        struct Typo: Encodable {
            var id = "x"
            var batery_level = 3
        }
        let s = try schema(Self.sensorSchemaText)
        let error = encodingError(Typo(), s)
        #expect(error?.path == "$.batery_level")
        #expect(error?.message.contains("unknown field 'batery_level'") == true)
    }

    @Test func intOutOfRangeIsAnError() throws {
        var event = Self.event
        event.readings = [1, 2, Int(Int32.max) + 1].map { Reading(channel: $0, value: 0) }
        let s = try schema(Self.sensorSchemaText)
        let error = encodingError(event, s)
        #expect(error?.path == "$.readings[2].channel")
        #expect(error?.message.contains("2147483648 is out of range for int") == true)

        event = Self.event
        event.batteryLevel = Int(Int32.min) - 1
        let unionError = encodingError(event, s)
        #expect(unionError?.path == "$.battery_level")
        #expect(unionError?.message.contains("out of range for int") == true)
    }

    @Test func unknownEnumSymbolIsAnError() throws {
        struct LooseStatus: Encodable {
            var id = "x"
            var timestamp: Int64 = 0
            var value = 0.0
            var status = "BROKEN"
            var readings: [Reading] = []
            var tags: [String: String] = [:]
            var payload: [UInt8] = []
            var checksum: [UInt8] = [1, 2, 3, 4]
        }
        let s = try schema(Self.sensorSchemaText)
        let error = encodingError(LooseStatus(), s)
        #expect(error?.path == "$.status")
        #expect(error?.message.contains("unknown symbol 'BROKEN'") == true)
        #expect(error?.message.contains("OK, WARN, FAIL") == true)
    }

    @Test func fixedChecksItsSize() throws {
        var event = Self.event
        event.checksum = [1, 2, 3]
        let s = try schema(Self.sensorSchemaText)
        let error = encodingError(event, s)
        #expect(error?.path == "$.checksum")
        #expect(error?.message.contains("exactly 4 bytes") == true)
    }

    @Test func readerMayLackFieldsAndAddOptionalOnes() throws {
        struct Summary: Decodable, Equatable {
            var id: String
            var value: Double
            var location: String?
        }
        let s = try schema(Self.sensorSchemaText)
        let value = try AvroValueEncoder().encode(Self.event, as: s)
        let summary = try AvroValueDecoder().decode(Summary.self, from: value, schema: s)
        #expect(summary == Summary(id: "sensor-7", value: 21.25, location: nil))

        struct NeedsLocation: Decodable { var location: String }
        let error = decodingError(NeedsLocation.self, value, s)
        #expect(error?.path == "$.location")
    }

    @Test func integersDecodeAsAnyFittingType() throws {
        struct Narrow: Decodable {
            var timestamp: Double
            var battery_level: UInt8?
        }
        let s = try schema(Self.sensorSchemaText)
        let value = try AvroValueEncoder().encode(Self.event, as: s)
        let narrow = try AvroValueDecoder().decode(Narrow.self, from: value, schema: s)
        #expect(narrow.timestamp == 1_700_000_000_123)
        #expect(narrow.battery_level == 87)

        struct TooNarrow: Decodable { var timestamp: Int32 }
        let error = decodingError(TooNarrow.self, value, s)
        #expect(error?.path == "$.timestamp")
        #expect(error?.message.contains("does not fit in Int32") == true)
    }

    enum StringOrInt: Codable, Equatable {
        case string(String)
        case int(Int)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            }
        }
    }

    @Test func unionsPickTheBranchOfTheValuesKind() throws {
        let s = try schema(#"["string","int"]"#)
        let encoder = AvroValueEncoder()
        #expect(try encoder.encode(StringOrInt.int(5), as: s) == .union(branch: 1, value: .int(5)))
        #expect(try encoder.encode(StringOrInt.string("5"), as: s) == .union(branch: 0, value: .string("5")))
        for v in [StringOrInt.int(-3), .string("x")] {
            let bytes = try AvroDatumWriter(schema: s).encode(encoder.encode(v, as: s))
            let read = try AvroDatumReader(schema: s).decode(bytes)
            #expect(try AvroValueDecoder().decode(StringOrInt.self, from: read, schema: s) == v)
        }

        // A value too large for `int` moves on to `long`; integers prefer integer branches.
        let numbers = try schema(#"["null","double","int","long"]"#)
        #expect(try encoder.encode(7, as: numbers) == .union(branch: 2, value: .int(7)))
        #expect(try encoder.encode(Int64(1) << 40, as: numbers) == .union(branch: 3, value: .long(1 << 40)))
        #expect(try encoder.encode(0.5, as: numbers) == .union(branch: 1, value: .double(0.5)))
        #expect(try encoder.encode(Int?.none, as: numbers) == .union(branch: 0, value: .null))

        // A string prefers a string branch over an enum; an enum-only union still takes symbols.
        let enumFirst = try schema(#"[{"type":"enum","name":"E","symbols":["A"]},"string"]"#)
        #expect(try encoder.encode("A", as: enumFirst) == .union(branch: 1, value: .string("A")))
        let enumOnly = try schema(#"["null",{"type":"enum","name":"E","symbols":["A"]}]"#)
        #expect(try encoder.encode("A", as: enumOnly) == .union(branch: 1, value: .enumeration(symbol: "A", index: 0)))

        // Bytes prefer a bytes branch over an array of ints.
        let bytesOrArray = try schema(#"[{"type":"array","items":"int"},"bytes"]"#)
        #expect(try encoder.encode([UInt8]([1, 2]), as: bytesOrArray) == .union(branch: 1, value: .bytes([1, 2])))
        #expect(try encoder.encode([1, 2], as: bytesOrArray) == .union(branch: 0, value: .array([.int(1), .int(2)])))
    }

    @Test func unionWithoutNullRejectsNil() throws {
        let s = try schema(#"["string","int"]"#)
        let error = encodingError(String?.none, s)
        #expect(error?.path == "$")
        #expect(error?.message.contains("no null branch") == true)
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        struct Point: Codable, Equatable {
            var x: Int
            var y: Int
            var labels: [String]

            enum Keys: String, CodingKey { case position, labels, base }
            enum PositionKeys: String, CodingKey { case x, y }

            init(x: Int, y: Int, labels: [String]) {
                self.x = x
                self.y = y
                self.labels = labels
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Keys.self)
                let p = try c.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
                x = try p.decode(Int.self, forKey: .x)
                y = try p.decode(Int.self, forKey: .y)
                var l = try c.nestedUnkeyedContainer(forKey: .labels)
                labels = []
                while !l.isAtEnd { labels.append(try l.decode(String.self)) }
                let base = try c.superDecoder(forKey: .base).singleValueContainer()
                #expect(try base.decode(String.self) == "origin")
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                var p = c.nestedContainer(keyedBy: PositionKeys.self, forKey: .position)
                try p.encode(x, forKey: .x)
                try p.encode(y, forKey: .y)
                var l = c.nestedUnkeyedContainer(forKey: .labels)
                for label in labels { try l.encode(label) }
                var base = c.superEncoder(forKey: .base).singleValueContainer()
                try base.encode("origin")
            }
        }
        let s = try schema("""
            {"type":"record","name":"Point","fields":[
              {"name":"position","type":{"type":"record","name":"XY","fields":[
                {"name":"x","type":"int"},{"name":"y","type":"long"}]}},
              {"name":"labels","type":{"type":"array","items":"string"}},
              {"name":"base","type":"string"}]}
            """)
        let point = Point(x: 3, y: -4, labels: ["a", "b"])
        let value = try AvroValueEncoder().encode(point, as: s)
        #expect(value == .record([.record([.int(3), .long(-4)]), .array([.string("a"), .string("b")]), .string("origin")]))
        #expect(try AvroValueDecoder().decode(Point.self, from: value, schema: s) == point)
    }

    @Test func decodingErrorsCarryThePath() throws {
        let s = try schema(Self.sensorSchemaText)
        var value = try AvroValueEncoder().encode(Self.event, as: s)
        // An enum index outside the symbols: the datum, not the Swift type, is wrong.
        if case .record(var fields) = value {
            fields[4] = .enumeration(symbol: "GONE", index: 9)
            value = .record(fields)
        }
        let error = decodingError(SensorEvent.self, value, s)
        #expect(error?.path == "$.status")

        // A symbol the Swift enum lacks is the Swift type's error, wrapped with its path.
        let arraySchema = try schema(#"{"type":"array","items":{"type":"enum","name":"Status","symbols":["OK","UNKNOWN"]}}"#)
        let items = AvroValue.array([.enumeration(symbol: "OK", index: 0), .enumeration(symbol: "UNKNOWN", index: 1)])
        let itemError = decodingError([Status].self, items, arraySchema)
        #expect(itemError?.path == "$[1]")
    }

    @Test func errorsThrownByModelsAreWrapped() throws {
        struct Refuses: Encodable {
            struct Failure: Error {}
            func encode(to encoder: any Encoder) throws { throw Failure() }
        }
        let string = try schema(#""string""#)
        let error = encodingError(Refuses(), string)
        #expect(error?.path == "$")
        #expect(error?.description.hasPrefix("$: ") == true)
    }

    @Test func pathsQuoteMapKeysThatAreNotNames() throws {
        let s = try schema(#"{"type":"map","values":"int"}"#)
        let error = encodingError(["room-1": Int64.max], s)
        #expect(error?.path == #"$["room-1"]"#)
        let intMap = try schema(#"{"type":"map","values":{"type":"array","items":"int"}}"#)
        let quoted = encodingError(["room \"1\"": [1, Int(Int32.max) + 1]], intMap)
        #expect(quoted?.path == #"$["room \"1\""][1]"#)
    }
}
