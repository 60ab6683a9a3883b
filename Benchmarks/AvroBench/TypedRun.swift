#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Avro
import Digest

/// What the typed run needs from the harness set-up in main.swift.
struct TypedBenchSetup {
    let schema: AvroSchema
    let values: [AvroValue]
    let schemaName: String
    let schemaId: UInt32
    let warmup: Int
    let passes: Int
    let verifyCount: Int
}

/// Timed encode of typed values: every record -> an independent, exactly sized framed message.
@inline(never)
func encodeAllTyped<T: Encodable>(
    _ values: [T], _ encoder: AvroBinaryEncoder, _ header: [UInt8], into messages: inout [[UInt8]]
) throws(AvroCodableError) {
    try values.withUnsafeBufferPointer { (buffer) throws(AvroCodableError) in
        for i in buffer.indices { messages.append(try encoder.encode(buffer[i], prefix: header)) }
    }
}

/// Timed decode: check the framing, decode the body into a new value of `T`.
@inline(never)
func decodeAllTyped<T: Decodable>(
    _ type: T.Type, _ messages: [[UInt8]], _ decoder: AvroBinaryDecoder, _ header: [UInt8]
) throws(AvroCodableError) -> Int {
    var decoded = 0
    for m in messages {
        guard m.count >= 5 && m[0] == header[0] && m[1] == header[1] && m[2] == header[2]
            && m[3] == header[3] && m[4] == header[4] else { die("bad framing") }
        let value = try decoder.decode(type, from: m, offset: 5)
        withExtendedLifetime(value) { decoded &+= 1 }
    }
    return decoded
}

/// The `--typed` run: the same contract and output line as the generic one, with `Codable`
/// structs as the in-memory records.
func runTyped<T: Codable & Equatable>(_ type: T.Type, _ setup: TypedBenchSetup) {
    // Untimed: the harness's datums become Swift values through the tree bridge.
    let values: [T]
    do {
        let bridge = AvroValueDecoder()
        values = try setup.values.map { (v) throws(AvroCodableError) in try bridge.decode(T.self, from: v, schema: setup.schema) }
    } catch {
        die("model: \(error)")
    }
    let n = values.count
    let encoder = AvroBinaryEncoder(schema: setup.schema)
    let decoder = AvroBinaryDecoder(schema: setup.schema)
    let id = setup.schemaId
    let header: [UInt8] = [0, UInt8(truncatingIfNeeded: id >> 24), UInt8(truncatingIfNeeded: id >> 16),
                           UInt8(truncatingIfNeeded: id >> 8), UInt8(truncatingIfNeeded: id)]
    var messages: [[UInt8]] = []
    messages.reserveCapacity(n)
    var encodeTimes: [Double] = []
    var decodeTimes: [Double] = []
    var encodeCPU = 0.0
    var decodeCPU = 0.0
    var checksum = 0
    do {
        for pass in 0..<(setup.warmup + setup.passes) {
            messages.removeAll(keepingCapacity: true)
            let c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = seconds(CLOCK_MONOTONIC)
            try encodeAllTyped(values, encoder, header, into: &messages)
            let t1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID)
            checksum &+= try decodeAllTyped(T.self, messages, decoder, header)
            let t2 = seconds(CLOCK_MONOTONIC), c2 = seconds(CLOCK_PROCESS_CPUTIME_ID)
            if pass >= setup.warmup {
                encodeTimes.append(t1 - t0)
                decodeTimes.append(t2 - t1)
                encodeCPU += c1 - c0
                decodeCPU += c2 - c1
            }
        }
    } catch {
        die("codec: \(error)")
    }

    // Untimed checks: the bytes are the generic writer's, and values survive the round trip.
    var hash = SHA256()
    var bodyTotal = 0
    for m in messages {
        hash.update(m[5...])
        bodyTotal += m.count - 5
    }
    let digest = hexString(hash.finalize())
    let generic = AvroDatumWriter(schema: setup.schema)
    let verified = min(setup.verifyCount, n)
    for i in 0..<verified {
        do {
            guard try generic.encode(setup.values[i], prefix: header) == messages[i] else { die("bytes differ from the generic writer's at \(i)") }
            guard try decoder.decode(T.self, from: messages[i], offset: 5) == values[i] else { die("round trip failed at \(i)") }
        } catch {
            die("check: \(error)")
        }
    }

    let encodeSeconds = median(encodeTimes)
    let decodeSeconds = median(decodeTimes)
    print([
        "impl=swift-typed",
        "schema=\(setup.schemaName)",
        "records=\(n)",
        "encode_rps=\(fmt(Double(n) / encodeSeconds, 0))",
        "decode_rps=\(fmt(Double(n) / decodeSeconds, 0))",
        "avg_bytes=\(fmt(Double(bodyTotal) / Double(max(n, 1)), 2))",
        "body_sha256=\(digest)",
        "encode_cpu_rps=\(fmt(Double(n * setup.passes) / encodeCPU, 0))",
        "decode_cpu_rps=\(fmt(Double(n * setup.passes) / decodeCPU, 0))",
        "encode_s=\(fmt(encodeSeconds, 4))",
        "decode_s=\(fmt(decodeSeconds, 4))",
        "roundtrip=ok/\(verified)",
        "datum=Codable",
        "passes=\(setup.passes)",
        "warmup_passes=\(setup.warmup)",
        "checksum=\(checksum)",
    ].joined(separator: " "))
}
