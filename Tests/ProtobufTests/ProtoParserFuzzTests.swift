import Foundation
import Protobuf
import Testing

/// Bad input never crashes or hangs the parser, the descriptor builder, the descriptor reader
/// or the dynamic decoder: every mutation of valid files (truncated at each position, bytes
/// flipped, tokens spliced, nesting piled up) and of their serialized descriptors, and random
/// message bytes, parse or fail with an error. Bounded: a few thousand inputs, well under a second
/// each run; a longer run is `PROTO_FUZZ_ITERATIONS=200000 swift test --filter ProtoParserFuzz`.
@Suite("Protobuf: fuzzed input")
struct ProtoParserFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["PROTO_FUZZ_ITERATIONS"] ?? "") ?? 3000

    static var seeds: [String] {
        var texts = ProtoCorpus.files.compactMap { try? String(contentsOf: ProtoCorpus.directory.appendingPathComponent($0), encoding: .utf8) }
        for seed in 1...5 {
            var generator = ProtoCorpusGenerator(seed: UInt64(seed))
            texts.append(generator.file(package: "fuzz\(seed)"))
        }
        return texts
    }

    /// Parses and, when that works, builds a descriptor: either may fail, neither may trap.
    static func exercise(_ text: String) {
        guard let file = try? ProtoParser.parse(text) else { return }
        _ = try? ProtoDescriptorBuilder.descriptor(of: file, name: "fuzz.proto")
        _ = ProtoCanonicalText.render(file)
        _ = ProtoMessageIndexes.of(file.messages.first?.name ?? "", in: file)
    }

    @Test("every prefix of every seed file")
    func truncated() {
        for text in Self.seeds {
            let scalars = Array(text.unicodeScalars)
            for end in stride(from: 0, through: scalars.count, by: max(1, scalars.count / 400)) {
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: scalars[..<end])
                Self.exercise(prefix)
            }
        }
    }

    @Test("random mutations: characters replaced, deleted, duplicated, tokens spliced in")
    func mutated() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(max(bound, 1)))
        }
        let pieces = ["{", "}", "[", "]", "(", ")", "<", ">", ";", "=", "\"", "'", "\\", "/*", "//", "\n", "0x", "-", ".", ",",
                      "message", "enum", "oneof", "map<", "group", "option", "(", "extend", "reserved", "to max", "stream",
                      "rpc", "returns", "syntax", "import", "9999999999999999999999", "1e", "\u{0}", "é", "\\u12"]
        let seeds = Self.seeds
        for _ in 0..<Self.iterations {
            var scalars = Array(seeds[next(seeds.count)].unicodeScalars)
            for _ in 0..<(1 + next(4)) {
                guard !scalars.isEmpty else { break }
                let at = next(scalars.count)
                switch next(4) {
                case 0: scalars[at] = Unicode.Scalar(UInt8(32 + next(95)))
                case 1: scalars.remove(at: at)
                case 2: scalars.insert(contentsOf: scalars[at..<min(scalars.count, at + next(40))], at: at)
                default: scalars.insert(contentsOf: pieces[next(pieces.count)].unicodeScalars, at: at)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            Self.exercise(text)
        }
    }

    @Test("mutated serialized descriptors read back, or are refused, without trapping")
    func mutatedDescriptors() throws {
        var state: UInt64 = 0x5EED_D35C
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let descriptors = try Self.seeds.compactMap { text -> [UInt8]? in
            guard let file = try? ProtoParser.parse(text), let descriptor = try? ProtoDescriptorBuilder.descriptor(of: file, name: "seed.proto") else { return nil }
            return try descriptor.serializedBytes()
        }
        #expect(!descriptors.isEmpty)
        for _ in 0..<Self.iterations {
            var bytes = descriptors[next(descriptors.count)]
            for _ in 0...next(4) where !bytes.isEmpty {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next(256))
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + next(8) + 1))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + next(16))], at: at)
                }
            }
            if let file = ProtoDescriptorReader.file(fromBase64: Data(bytes).base64EncodedString()) {
                Self.exercise(ProtoCanonicalText.render(file))
            }
        }
    }

    @Test("random and mutated bytes read as dynamic messages, or are refused, without trapping")
    func dynamicMessages() throws {
        var state: UInt64 = 0xD1A_3A11C
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let file = try #require(ProtoWellKnownFiles.file("google/protobuf/type.proto"))
        let decoder = ProtoDynamicDecoder(file: file)
        for _ in 0..<Self.iterations {
            let bytes = (0..<next(64)).map { _ in UInt8(truncatingIfNeeded: next(256)) }
            _ = try? decoder.decode(bytes, messageAt: [next(5)])
        }
        // Nesting deeper than the decoder allows is an error, not a stack overflow.
        let recursive = ProtoDynamicDecoder(file: try ProtoParser.parse("syntax = \"proto3\";\nmessage N { N child = 1; }"))
        var nested: [UInt8] = []
        for _ in 0..<5_000 {
            var length: [UInt8] = []
            var n = nested.count
            while n >= 0x80 {
                length.append(UInt8(n & 0x7F) | 0x80)
                n >>= 7
            }
            nested = [0x0A] + length + [UInt8(n)] + nested
        }
        #expect(throws: ProtoDynamicDecodingError.self) { try recursive.decode(nested, messageAt: [0]) }
    }

    @Test("deep nesting of every kind and huge inputs end in an error or a parse, quickly")
    func pathological() {
        let depth = 20_000
        Self.exercise(String(repeating: "message M { ", count: depth))
        Self.exercise(String(repeating: "message M { ", count: depth) + String(repeating: "}", count: depth))
        Self.exercise("option (x) = " + String(repeating: "{ a: [", count: depth))
        Self.exercise("message M { repeated group G = 1 { " + String(repeating: "optional group G = 1 { ", count: depth))
        Self.exercise(String(repeating: "/*", count: depth))
        Self.exercise("option x = \"" + String(repeating: "\\x4", count: depth) + "\";")
        Self.exercise("message M { " + String(repeating: "int32 f = 1; ", count: 50_000) + "}")
        Self.exercise("enum E { " + String(repeating: "A = 1; ", count: 50_000) + "}")
    }
}
