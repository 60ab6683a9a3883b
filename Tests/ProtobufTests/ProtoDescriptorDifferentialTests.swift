import Foundation
import Protobuf
import SwiftProtobuf
import Testing

/// Our descriptors against protoc's: for every file of the corpus, the `FileDescriptorProto`
/// we build from our parse must equal the one `protoc --descriptor_set_out` writes.
/// `scripts/test` installs protoc (Debian's `protobuf-compiler`).
@Suite("Protobuf: descriptors equal protoc's", .enabled(if: ProtoCorpus.protoc != nil))
struct ProtoDescriptorDifferentialTests {
    static var protoc: String? { ProtoCorpus.protoc }
    static var corpus: URL { ProtoCorpus.directory }
    static var files: [String] { ProtoCorpus.files }

    /// protoc's descriptor of `name`, a file of the corpus.
    static func protocDescriptor(_ name: String, in directory: URL = corpus) throws -> Google_Protobuf_FileDescriptorProto {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("protoc-\(UUID().uuidString).pb")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: protoc!)
        process.arguments = ["--proto_path=\(directory.path)", "--descriptor_set_out=\(output.path)", name]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw ProtoDifferentialError("protoc refused \(name): \(message)") }
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: try Data(contentsOf: output))
        guard let file = set.file.first else { throw ProtoDifferentialError("protoc wrote no descriptor for \(name)") }
        return file
    }

    /// Our parse of `name` and of everything it imports, transitively.
    static func parseWithImports(_ name: String) throws -> (ProtoFile, [ProtoFile]) {
        func parse(_ path: String) throws -> ProtoFile {
            try ProtoParser.parse(try String(contentsOf: corpus.appendingPathComponent(path), encoding: .utf8))
        }
        let file = try parse(name)
        var seen: Set<String> = [name]
        var queue = file.imports.map(\.path)
        var dependencies: [ProtoFile] = []
        while let path = queue.first {
            queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let dependency = try parse(path)
            dependencies.append(dependency)
            queue += dependency.imports.map(\.path)
        }
        return (file, dependencies)
    }

    @Test("every corpus file gives protoc's descriptor", arguments: files)
    func matchesProtoc(_ name: String) throws {
        let (file, dependencies) = try Self.parseWithImports(name)
        let ours = try ProtoDescriptorBuilder.descriptor(of: file, name: name, dependencies: dependencies)
        let theirs = try Self.protocDescriptor(name)
        #expect(ours == theirs, "ours:\n\(ours.textFormatString())\nprotoc's:\n\(theirs.textFormatString())")
    }

    @Test("generated files give protoc's descriptor", arguments: 1...120)
    func generated(seed: Int) throws {
        var generator = ProtoCorpusGenerator(seed: UInt64(seed))
        let name = "gen_\(seed).proto"
        let text = generator.file(package: "gen\(seed)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proto-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let theirs = try Self.protocDescriptor(name, in: directory)
        let ours = try ProtoDescriptorBuilder.descriptor(of: try ProtoParser.parse(text), name: name)
        #expect(ours == theirs, "\(text)\nours:\n\(ours.textFormatString())\nprotoc's:\n\(theirs.textFormatString())")
    }

    @Test("the corpus is not empty")
    func corpusPresent() {
        #expect(Self.files.count >= 6)
    }
}

/// The hand-written `.proto` files under `Corpus/`, and protoc when installed.
enum ProtoCorpus {
    static let protoc = ["/usr/bin/protoc", "/usr/local/bin/protoc"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".proto") }.sorted()
    }
}

struct ProtoDifferentialError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
