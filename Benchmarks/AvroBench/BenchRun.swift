#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Digest

// What the generic and the typed runs share: framing, pass timing and the result line of the
// harness contract (../shared/bench/avro/README.md).

/// The Confluent framing of schema `id`: `0x00` and the id as 4 big-endian bytes.
func framingHeader(_ id: UInt32) -> [UInt8] {
    [0, UInt8(truncatingIfNeeded: id >> 24), UInt8(truncatingIfNeeded: id >> 16),
     UInt8(truncatingIfNeeded: id >> 8), UInt8(truncatingIfNeeded: id)]
}

/// Checks a message's framing, as the contract's decode step must.
@inline(__always)
func checkFraming(_ m: [UInt8], _ header: [UInt8]) {
    guard m.count >= 5 && m[0] == header[0] && m[1] == header[1] && m[2] == header[2]
        && m[3] == header[3] && m[4] == header[4] else { die("bad framing") }
}

/// Wall-clock and process-CPU times of the timed passes.
struct PassTimings {
    var encode: [Double] = []
    var decode: [Double] = []
    var encodeCPU = 0.0
    var decodeCPU = 0.0
}

/// Runs `warmup` untimed and `passes` timed passes of `encode` then `decode` (which returns a
/// checksum, so the decoded values are used); `reset` runs untimed before each pass.
func timePasses(
    warmup: Int, passes: Int, reset: () -> Void, encode: () throws -> Void, decode: () throws -> Int
) -> (PassTimings, checksum: Int) {
    var timings = PassTimings()
    var checksum = 0
    do {
        for pass in 0..<(warmup + passes) {
            reset()
            let c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = seconds(CLOCK_MONOTONIC)
            try encode()
            let t1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID)
            checksum &+= try decode()
            let t2 = seconds(CLOCK_MONOTONIC), c2 = seconds(CLOCK_PROCESS_CPUTIME_ID)
            if pass >= warmup {
                timings.encode.append(t1 - t0)
                timings.decode.append(t2 - t1)
                timings.encodeCPU += c1 - c0
                timings.decodeCPU += c2 - c1
            }
        }
    } catch {
        die("codec: \(error)")
    }
    return (timings, checksum)
}

/// `x` with exactly `digits` decimals.
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

/// The one `impl=` line the harness reads; the body hash covers every message after its
/// 5-byte framing.
func resultLine(
    impl: String, datum: String, schemaName: String, messages: [[UInt8]], timings: PassTimings,
    passes: Int, warmup: Int, verified: Int, checksum: Int
) -> String {
    var hash = SHA256()
    var bodyTotal = 0
    for m in messages {
        hash.update(m[5...])
        bodyTotal += m.count - 5
    }
    let n = messages.count
    let encodeSeconds = median(timings.encode)
    let decodeSeconds = median(timings.decode)
    return [
        "impl=\(impl)",
        "schema=\(schemaName)",
        "records=\(n)",
        "encode_rps=\(fmt(Double(n) / encodeSeconds, 0))",
        "decode_rps=\(fmt(Double(n) / decodeSeconds, 0))",
        "avg_bytes=\(fmt(Double(bodyTotal) / Double(max(n, 1)), 2))",
        "body_sha256=\(hexString(hash.finalize()))",
        "encode_cpu_rps=\(fmt(Double(n * passes) / timings.encodeCPU, 0))",
        "decode_cpu_rps=\(fmt(Double(n * passes) / timings.decodeCPU, 0))",
        "encode_s=\(fmt(encodeSeconds, 4))",
        "decode_s=\(fmt(decodeSeconds, 4))",
        "roundtrip=ok/\(verified)",
        "datum=\(datum)",
        "passes=\(passes)",
        "warmup_passes=\(warmup)",
        "checksum=\(checksum)",
    ].joined(separator: " ")
}
