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
        // Confluent's bundled files (ours) are where protoc can find them too.
        process.arguments = ["--proto_path=\(directory.path)", "--proto_path=\(try bundledDirectory().path)", "--descriptor_set_out=\(output.path)", name]
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

    /// A directory holding our copies of the files Confluent bundles (`confluent/meta.proto`,
    /// `google/type/*`), written once per test process.
    static func bundledDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proto-bundled-\(ProcessInfo.processInfo.processIdentifier)")
        for (path, text) in ProtoWellKnownFiles.bundledTexts {
            let url = directory.appendingPathComponent(path)
            guard !FileManager.default.fileExists(atPath: url.path) else { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return directory
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
            // Built-in files are found without being given.
            guard seen.insert(path).inserted, ProtoWellKnownFiles.file(path) == nil else { continue }
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

    /// Generated file `seed` (`ProtoCorpusGenerator`), its name and protoc's descriptor of it.
    static func generated(seed: Int) throws -> (text: String, name: String, protoc: Google_Protobuf_FileDescriptorProto) {
        var generator = ProtoCorpusGenerator(seed: UInt64(seed))
        let name = "gen_\(seed).proto"
        let text = generator.file(package: "gen\(seed)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proto-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return (text, name, try protocDescriptor(name, in: directory))
    }

    @Test("generated files give protoc's descriptor", arguments: 1...120)
    func generated(seed: Int) throws {
        let (text, name, theirs) = try Self.generated(seed: seed)
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

/// protoc and we agree on which files are invalid: generated files broken in the ways protoc
/// checks (numbers out of range, reserved or reused; labels against the syntax; names twice;
/// enum rules; map keys; packed on non-scalars) are refused by both, or accepted by both.
@Suite("Protobuf: invalid files refused as protoc refuses them", .enabled(if: ProtoCorpus.protoc != nil))
struct ProtoValidationDifferentialTests {
    /// One way of breaking a file: applied to the first line it fits, nil when none does.
    static let mutations: [(String, @Sendable ([String]) -> [String]?)] = [
        ("a field number of 0", { replaceNumber($0, with: "0") }),
        ("a field number in 19000-19999", { replaceNumber($0, with: "19500") }),
        ("a field number above the maximum", { replaceNumber($0, with: "536870912") }),
        ("a field line repeated", { lines in
            guard let i = lines.firstIndex(where: isField) else { return nil }
            var copy = lines
            copy.insert(lines[i], at: i)
            return copy
        }),
        ("optional made required", { replaceFirst($0, "optional ", "required ") }),
        ("a label removed", { replaceFirst($0, "  optional ", "  ") }),
        ("the first enum value not zero", { replaceFirst($0, "_ZERO = 0;", "_ZERO = 3;") }),
        ("an alias without allow_alias", { replaceFirst($0, "option allow_alias = true;", "") }),
        ("a map with a double key", { lines in insertInMessage(lines, "map<double, string> broken_map = 777;") }),
        ("packed on a string", { lines in insertInMessage(lines, "repeated string broken_packed = 778 [packed = true];") }),
        ("a default in proto3 or on a repeated field", { lines in insertInMessage(lines, "repeated int32 broken_default = 779 [default = 1];") }),
        ("a field named like another", { lines in
            guard let i = lines.firstIndex(where: isField), let name = fieldName(lines[i]) else { return nil }
            var copy = lines
            copy.insert("  optional bool \(name) = 780;", at: i)
            return copy
        }),
        ("a reserved number used", { lines in
            guard let i = lines.firstIndex(where: isField), let number = fieldNumber(lines[i]) else { return nil }
            var copy = lines
            copy.insert("  reserved \(number);", at: i)
            return copy
        }),
    ]

    static func isField(_ line: String) -> Bool {
        line.hasPrefix("  ") && line.contains(" = ") && line.hasSuffix(";") && !line.contains("option ") && !line.contains("reserved")
            && !line.trimmingCharacters(in: .whitespaces).hasPrefix("ENUM") && !line.contains("rpc ")
    }

    static func fieldName(_ line: String) -> String? {
        line.components(separatedBy: " = ").first?.split(separator: " ").last.map(String.init)
    }

    static func fieldNumber(_ line: String) -> String? {
        line.components(separatedBy: " = ").dropFirst().first?.prefix { $0.isNumber }.description
    }

    static func replaceNumber(_ lines: [String], with number: String) -> [String]? {
        guard let i = lines.firstIndex(where: isField), let old = fieldNumber(lines[i]) else { return nil }
        var copy = lines
        copy[i] = lines[i].replacingOccurrences(of: " = \(old)", with: " = \(number)")
        return copy
    }

    static func replaceFirst(_ lines: [String], _ old: String, _ new: String) -> [String]? {
        guard let i = lines.firstIndex(where: { $0.contains(old) }) else { return nil }
        var copy = lines
        copy[i] = lines[i].replacingOccurrences(of: old, with: new)
        return copy
    }

    static func insertInMessage(_ lines: [String], _ field: String) -> [String]? {
        guard let i = lines.firstIndex(where: { $0.hasPrefix("message ") }) else { return nil }
        var copy = lines
        copy.insert("  " + field, at: i + 1)
        return copy
    }

    /// Whether protoc accepts `text`.
    static func protocAccepts(_ text: String) throws -> Bool {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proto-invalid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent("x.proto"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProtoCorpus.protoc!)
        process.arguments = ["--proto_path=\(directory.path)", "--descriptor_set_out=/dev/null", "x.proto"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("each mutation of 40 generated files: protoc and we agree", arguments: 0..<mutations.count)
    func agree(mutation: Int) throws {
        let (what, mutate) = Self.mutations[mutation]
        var tried = 0
        for seed in 1...40 {
            var generator = ProtoCorpusGenerator(seed: UInt64(seed))
            let lines = generator.file(package: "gen\(seed)").components(separatedBy: "\n")
            guard let broken = mutate(lines) else { continue }
            let text = broken.joined(separator: "\n")
            tried += 1
            let theirs = try Self.protocAccepts(text)
            var ours = true
            var reason = ""
            do {
                _ = try ProtoDescriptorBuilder.descriptor(of: try ProtoParser.parse(text), name: "x.proto")
            } catch {
                ours = false
                reason = "\(error)"
            }
            #expect(ours == theirs, "\(what): protoc \(theirs ? "accepts" : "refuses"), we \(ours ? "accept" : "refuse (\(reason))"):\n\(text)")
        }
        #expect(tried > 0, "\(what) fits no generated file")
    }
}

/// Our built-in well-known files against the ones protoc ships (`libprotobuf-dev`): the same
/// descriptors.
@Suite(
    "Protobuf: built-in well-known files equal protoc's",
    .enabled(if: ProtoCorpus.protoc != nil && FileManager.default.fileExists(atPath: "/usr/include/google/protobuf/timestamp.proto")))
struct ProtoWellKnownFilesTests {
    @Test("each built-in file gives the descriptor of protoc's copy", arguments: ProtoWellKnownFiles.texts.keys.sorted())
    func matches(path: String) throws {
        let theirs = try ProtoDescriptorDifferentialTests.protocDescriptor(path, in: URL(fileURLWithPath: "/usr/include"))
        let file = try #require(ProtoWellKnownFiles.file(path))
        let ours = try ProtoDescriptorBuilder.descriptor(of: file, name: path)
        #expect(ours == theirs, "ours:\n\(ours.textFormatString())\nprotoc's:\n\(theirs.textFormatString())")
    }

    @Test("importing a well-known file needs no dependency")
    func importsResolve() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            import "google/protobuf/struct.proto";
            message Event { google.protobuf.Timestamp at = 1; google.protobuf.Struct data = 2; google.protobuf.NullValue nothing = 3; }
            """)
        let descriptor = try ProtoDescriptorBuilder.descriptor(of: file, name: "event.proto")
        #expect(descriptor.messageType[0].field.map(\.typeName) == [".google.protobuf.Timestamp", ".google.protobuf.Struct", ".google.protobuf.NullValue"])
        #expect(descriptor.messageType[0].field[2].type == .enum)
    }
}

/// The files Confluent bundles besides `google/protobuf/*` (checked against the published
/// descriptors by the Python client suite, where they are installed).
@Suite("Protobuf: Confluent's bundled files")
struct ProtoBundledFilesTests {
    @Test("each bundled file parses and builds a descriptor", arguments: ProtoWellKnownFiles.bundledTexts.keys.sorted())
    func builds(path: String) throws {
        let file = try #require(ProtoWellKnownFiles.file(path))
        let descriptor = try ProtoDescriptorBuilder.descriptor(of: file, name: path)
        #expect(!descriptor.messageType.isEmpty || !descriptor.enumType.isEmpty)
    }

    @Test("confluent/meta.proto, google/type and confluent/type import without references")
    func importsResolve() throws {
        let file = try ProtoParser.parse(
            """
            syntax = "proto3";
            package shop;
            import "confluent/meta.proto";
            import "confluent/type/decimal.proto";
            import "google/type/money.proto";
            import "google/type/date.proto";
            message Order {
              option (confluent.message_meta) = { doc: "An order", tags: ["PII"] };
              string email = 1 [(confluent.field_meta) = { tags: ["PII", "EMAIL"] }];
              google.type.Money total = 2;
              confluent.type.Decimal tax = 3 [(confluent.field_meta) = { params: [{ key: "precision", value: "8" }] }];
              google.type.Date day = 4;
            }
            """)
        try ProtoDescriptorBuilder.validate(file)
        let descriptor = try ProtoDescriptorBuilder.descriptor(of: file, name: "order.proto", flavor: .confluentSerialized)
        #expect(descriptor.messageType[0].field.map(\.typeName) == ["", ".google.type.Money", ".confluent.type.Decimal", ".google.type.Date"])
    }
}
