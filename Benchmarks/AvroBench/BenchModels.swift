import Avro

// The Swift models of the harness's three schemas, as an application (or a code generator)
// would declare them: properties in schema order, Optionals for nullable unions, Swift enums
// for Avro enums, `[UInt8]` for bytes.

/// `bench.iot.SensorEvent`.
struct SensorEvent: Codable, Equatable {
    var device_id: String
    var device_name: String?
    var timestamp: Int64
    var temperature: Float
    var humidity: Float
    var location: String?
}

/// `bench.lpr.PlateEvent`.
struct PlateEvent: Codable, Equatable {
    struct Plate: Codable, Equatable {
        var text: String
        var normalized_text: String
        var confidence: Float
        var region: String?
    }

    struct Vehicle: Codable, Equatable {
        var type: String?
        var color: String?
        var make: String?
    }

    struct Images: Codable, Equatable {
        var crop_url: String?
        var frame_url: String?
    }

    struct Node: Codable, Equatable {
        var id: String
        var site: String?
    }

    var event_id: String
    var captured_at: String
    var camera_id: String
    var track_id: String
    var plate: Plate
    var vehicle: Vehicle
    var images: Images
    var node: Node
    var extras: OrderedMap<String>
}

/// `bench.wide.WideRecord`: 50 fields of every kind.
struct WideRecord: Codable, Equatable {
    enum Level: String, Codable {
        case DEBUG, INFO, WARN, ERROR, FATAL
    }

    struct Meta: Codable, Equatable {
        var source: String
        var build: Int32
        var weight: Float
        var owner: String?
        var attrs: [String]
        var digest: [UInt8]
    }

    var id: Int64
    var seq: Int32
    var tenant: String
    var active: Bool
    var score: Double
    var ratio: Float
    var count_a: Int32
    var count_b: Int32
    var count_c: Int64
    var total_bytes: Int64
    var latency_ms: Double
    var cpu_pct: Float
    var mem_pct: Float
    var region: String
    var zone: String
    var host: String
    var service: String
    var version: String
    var status_code: Int32
    var retries: Int32
    var is_error: Bool
    var is_cached: Bool
    var checksum: [UInt8]
    var trace_id: String
    var parent_span: String?
    var user_agent: String?
    var user_id: Int64?
    var session_ms: Int32?
    var geo_lat: Double
    var geo_lon: Double
    var altitude: Float?
    var created_at: Int64
    var updated_at: Int64
    var level: Level
    var tags: [String]
    var samples: [Double]
    var counters: [Int64]
    var flags: [Bool]
    var buckets: [Int32]
    var labels: OrderedMap<String>
    var meta: Meta
    var payload: [UInt8]
    var note: String?
    var small: Int32
    var big: Int64
    var temp_c: Float
    var pressure: Double
    var enabled: Bool
    var name: String
    var footer: String
}

/// A map that keeps its keys in order: the harness checks bytes, and an Avro map's bytes
/// follow the order entries are written in (a Swift `Dictionary` has none).
struct OrderedMap<Value: Codable & Equatable>: Codable, Equatable {
    var entries: [(key: String, value: Value)]

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        entries = try c.allKeys.map { ($0.stringValue, try c.decode(Value.self, forKey: $0)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (key, value) in entries { try c.encode(value, forKey: Key(stringValue: key)) }
    }

    static func == (a: OrderedMap, b: OrderedMap) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value }
    }
}
