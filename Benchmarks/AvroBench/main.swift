import Digest
// avro-bench: the Swift implementation of the Avro benchmark harness contract
// (/work/shared/bench/avro/README.md).
//
//   avro-bench [--typed] SCHEMA_AVSC DATA_JSONL SCHEMA_NAME SCHEMA_ID
//
// --typed: the records are Swift `Codable` structs (BenchModels.swift), encoded with
//   AvroBinaryEncoder and decoded into a NEW struct with AvroBinaryDecoder (no AvroValue).
//
// Untimed: reading files, parsing JSON, building AvroValue datums, warm-up, hashing, checks.
// Timed encode: every datum -> an independent, exactly sized [UInt8] = 0x00, 4-byte big-endian
//   schema id, Avro body (AvroDatumWriter.encode(_:prefix:), scratch on the stack).
// Timed decode: check framing, decode the body into a NEW AvroValue (dropped after use, as Avro C
//   frees its fresh avro_value_t).
// Env: BENCH_LIMIT, BENCH_WARMUP (default 1), BENCH_PASSES (default 5), BENCH_VERIFY (default 2000).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Avro
import JSONModel

func die(_ message: String) -> Never {
    let text = Array("avro-bench: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func seconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func environmentInt(_ name: String, _ fallback: Int) -> Int {
    guard let raw = getenv(name), let v = Int(String(cString: raw)) else { return fallback }
    return v
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { die("cannot open \(path)") }
    defer { fclose(f) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

var args = CommandLine.arguments
let typed = args.count > 1 && args[1] == "--typed"
if typed { args.remove(at: 1) }
guard args.count == 5 else { die("usage: avro-bench [--typed] SCHEMA_AVSC DATA_JSONL SCHEMA_NAME SCHEMA_ID") }
let schemaName = args[3]
guard let schemaId = UInt32(args[4]) else { die("bad schema id \(args[4])") }
let limit = environmentInt("BENCH_LIMIT", 0)
let warmup = max(0, environmentInt("BENCH_WARMUP", 1))
let passes = max(1, environmentInt("BENCH_PASSES", 5))
let verifyCount = max(0, environmentInt("BENCH_VERIFY", 2000))

let schema: AvroSchema
do {
    schema = try AvroSchema(parsing: String(decoding: readFile(args[1]), as: UTF8.self))
} catch {
    die("schema: \(error)")
}

// ---- load + convert (untimed) ----
let builder = BenchDatumBuilder(schema: schema)
var values: [AvroValue] = []
do {
    let data = readFile(args[2])
    let parser = JSONParser()
    try data.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            var end = start
            while end < buffer.count && buffer[end] != 0x0A { end += 1 }
            if end > start {
                let json = try parser.parse(utf8: UnsafeBufferPointer(rebasing: buffer[start..<end]))
                values.append(try builder.datum(json, schema.root))
                if limit > 0 && values.count >= limit { break }
            }
            start = end + 1
        }
    }
} catch {
    die("data: \(error)")
}
let n = values.count

if typed {
    let setup = TypedBenchSetup(
        schema: schema, values: values, schemaName: schemaName, schemaId: schemaId, warmup: warmup, passes: passes,
        verifyCount: verifyCount
    )
    switch schema.rootName {
    case "bench.iot.SensorEvent": runTyped(SensorEvent.self, setup)
    case "bench.lpr.PlateEvent": runTyped(PlateEvent.self, setup)
    case "bench.wide.WideRecord": runTyped(WideRecord.self, setup)
    default: die("--typed has no Swift model for \(schema.rootName ?? "this schema")")
    }
    exit(0)
}

let writer = AvroDatumWriter(schema: schema)
let reader = AvroDatumReader(schema: schema)
let header: [UInt8] = [0, UInt8(truncatingIfNeeded: schemaId >> 24), UInt8(truncatingIfNeeded: schemaId >> 16),
                       UInt8(truncatingIfNeeded: schemaId >> 8), UInt8(truncatingIfNeeded: schemaId)]

var messages: [[UInt8]] = []
messages.reserveCapacity(n)
var encodeTimes: [Double] = []
var decodeTimes: [Double] = []
var encodeCPU = 0.0
var decodeCPU = 0.0
var checksum = 0

/// One timed encode loop; `@inline(never)` keeps the measured code identical across passes.
@inline(never)
func encodeAll(
    _ values: [AvroValue], _ writer: AvroDatumWriter, _ header: [UInt8], into messages: inout [[UInt8]]
) throws(AvroEncodingError) {
    // Borrow the datums in place (as Avro C passes `&vals[i]`); `for v in values` would copy,
    // i.e. retain and release, every datum.
    try values.withUnsafeBufferPointer { (buffer) throws(AvroEncodingError) in
        for i in buffer.indices { messages.append(try writer.encode(buffer[i], prefix: header)) }
    }
}

@inline(never)
func decodeAll(_ messages: [[UInt8]], _ reader: AvroDatumReader, _ header: [UInt8]) throws(AvroDecodingError) -> Int {
    var fields = 0
    for m in messages {
        guard m.count >= 5 && m[0] == header[0] && m[1] == header[1] && m[2] == header[2]
            && m[3] == header[3] && m[4] == header[4] else { die("bad framing") }
        let v = try reader.decode(m, from: 5)
        if case .record(let f) = v { fields &+= f.count }
    }
    return fields
}

do {
    for pass in 0..<(warmup + passes) {
        messages.removeAll(keepingCapacity: true)
        let c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = seconds(CLOCK_MONOTONIC)
        try encodeAll(values, writer, header, into: &messages)
        let t1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID)
        checksum &+= try decodeAll(messages, reader, header)
        let t2 = seconds(CLOCK_MONOTONIC), c2 = seconds(CLOCK_PROCESS_CPUTIME_ID)
        if pass >= warmup {
            encodeTimes.append(t1 - t0)
            decodeTimes.append(t2 - t1)
            encodeCPU += c1 - c0
            decodeCPU += c2 - c1
        }
    }
} catch {
    die("codec: \(error)")
}

// ---- untimed checks ----
var hash = SHA256()  // from the Digest module
var bodyTotal = 0
for m in messages {
    hash.update(m[5...])
    bodyTotal += m.count - 5
}
let digest = hexString(hash.finalize())

var roundtripOK = true
let verified = min(verifyCount, n)
for i in 0..<verified {
    do {
        let decoded = try reader.decode(messages[i], from: 5)
        if decoded != values[i] { roundtripOK = false }
        if try writer.encode(decoded, prefix: header) != messages[i] { roundtripOK = false }
    } catch {
        roundtripOK = false
    }
}
if !roundtripOK { die("round trip failed") }

let encodeSeconds = median(encodeTimes)
let decodeSeconds = median(decodeTimes)
func fmt(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (x * scale).rounded() / scale
    var s = String(r)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    } else if digits > 0 {
        s += "." + String(repeating: "0", count: digits)
    }
    return s
}
let line = [
    "impl=swift",
    "schema=\(schemaName)",
    "records=\(n)",
    "encode_rps=\(fmt(Double(n) / encodeSeconds, 0))",
    "decode_rps=\(fmt(Double(n) / decodeSeconds, 0))",
    "avg_bytes=\(fmt(Double(bodyTotal) / Double(max(n, 1)), 2))",
    "body_sha256=\(digest)",
    "encode_cpu_rps=\(fmt(Double(n * passes) / encodeCPU, 0))",
    "decode_cpu_rps=\(fmt(Double(n * passes) / decodeCPU, 0))",
    "encode_s=\(fmt(encodeSeconds, 4))",
    "decode_s=\(fmt(decodeSeconds, 4))",
    "roundtrip=ok/\(verified)",
    "datum=AvroValue",
    "passes=\(passes)",
    "warmup_passes=\(warmup)",
    "checksum=\(checksum)",
].joined(separator: " ")
print(line)
