import ArgumentParser
import Foundation
import Protobuf
import SchemaRegistryCore

/// `schema-registry protobuf ...`: offline Protobuf schema tools.
struct ProtobufCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protobuf",
        abstract: "Protobuf schema tools.",
        subcommands: [ProtobufCanonicalCommand.self, ProtobufNormalizeCommand.self, ProtobufDescriptorCommand.self, ProtobufBuiltInCommand.self]
    )
}

/// `schema-registry protobuf built-in [PATH]`: the files a schema may import without a
/// reference, so users can see (and check) what the registry resolves them to.
struct ProtobufBuiltInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "built-in",
        abstract: "List the built-in .proto files, or print one.",
        discussion: "google/protobuf/*, confluent/meta.proto, confluent/type/*, google/type/*: imported without a reference."
    )

    @Argument(help: "An import path; without it, every built-in path is listed.")
    var path: String?

    func run() throws {
        let texts = ProtoWellKnownFiles.texts.merging(ProtoWellKnownFiles.bundledTexts) { a, _ in a }
        guard let path else {
            for path in texts.keys.sorted() { print(path) }
            return
        }
        guard let text = texts[path] else { throw SchemaFileLoader.fail("\(path) is not a built-in file") }
        print(text, terminator: "")
    }
}

/// `schema-registry protobuf canonical FILE`: the text a registry stores for a schema.
struct ProtobufCanonicalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print a Protobuf schema as Confluent Schema Registry stores it.",
        discussion: """
            confluent: the text stored and returned for the schema (GET /schemas/ids/{id}).
            normalized: the text stored when the schema is registered with normalize=true.
            FILE may be .proto text or a base64 serialized FileDescriptorProto.
            """
    )

    /// Which rendering to print.
    enum Form: String, ExpressibleByArgument, CaseIterable {
        case confluent, normalized
    }

    @Option(help: "confluent or normalized.")
    var form: Form = .confluent

    @OptionGroup var input: ProtoSchemaFileOptions

    func run() throws {
        let schema = try input.load()
        print(form == .confluent ? schema.canonicalText : schema.normalized().canonicalText, terminator: "")
    }
}

/// `schema-registry protobuf normalize FILE`: the text a registry stores with `normalize=true`
/// (the same as `canonical --form normalized`).
struct ProtobufNormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print a Protobuf schema as Confluent Schema Registry stores it with normalize=true."
    )

    @OptionGroup var input: ProtoSchemaFileOptions

    func run() throws {
        print(try input.load().normalized().canonicalText, terminator: "")
    }
}

/// `schema-registry protobuf descriptor FILE`: the base64 `FileDescriptorProto` of a file.
struct ProtobufDescriptorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "descriptor",
        abstract: "Print the base64 serialized FileDescriptorProto of a .proto file.",
        discussion: """
            protoc: the descriptor protoc writes for the file (--descriptor_set_out), named by \
            --name. confluent: what a registry answers for ?format=serialized (named "default", \
            JSON names only where declared).
            """
    )

    /// Whose descriptor to print.
    enum Flavor: String, ExpressibleByArgument, CaseIterable {
        case protoc, confluent
    }

    @Option(help: "protoc or confluent.")
    var flavor: Flavor = .protoc

    @Option(help: "The file's name in the descriptor (its import path); the file name by default.")
    var name: String?

    @OptionGroup var input: ProtoSchemaFileOptions

    func run() throws {
        let schema = try input.load()
        do {
            let bytes = try ProtoDescriptorBuilder.serializedDescriptor(
                of: schema.file, name: flavor == .confluent ? "default" : name ?? URL(fileURLWithPath: input.file).lastPathComponent,
                dependencies: schema.dependencies, flavor: flavor == .confluent ? .confluentSerialized : .protoc)
            print(Data(bytes).base64EncodedString())
        } catch {
            throw SchemaFileLoader.fail("\(input.file): \(error.description)")
        }
    }
}

/// The `.proto` file argument of the Protobuf commands, with where its imports are found.
struct ProtoSchemaFileOptions: ParsableArguments {
    @Option(name: .customLong("proto-path"), help: "A directory imports are looked up in, as protoc's --proto_path (repeatable).")
    var protoPaths: [String] = []

    @Argument(help: "The .proto file (or a base64 FileDescriptorProto).")
    var file: String

    /// The parsed schema, or exit 2.
    func load() throws -> ParsedProtobufSchema {
        try SchemaFileLoader.protobufSchema(file, protoPaths: protoPaths)
    }
}

extension SchemaFileLoader {
    /// The Protobuf schema in `path`, its imports read from `protoPaths` (transitively) and
    /// given to it as references named by their import paths; the well-known files are built
    /// in. Exit 2 on any failure, naming the file.
    static func protobufSchema(_ path: String, protoPaths: [String]) throws -> ParsedProtobufSchema {
        // Trimmed so that a base64 descriptor saved with a final newline reads.
        let text = try readText(path).trimmingCharacters(in: .whitespacesAndNewlines)
        let references = try protobufImports(of: text, in: path, protoPaths: protoPaths)
        do {
            guard let schema = try ProtobufSchemaFormat().parse(text, references: references) as? ParsedProtobufSchema else {
                throw fail("\(path): not a Protobuf schema")
            }
            return schema
        } catch let failure as SchemaParseFailure {
            throw fail("\(path): \(failure.message)")
        }
    }

    /// The files `text` imports, and theirs, read from `protoPaths`, as references.
    static func protobufImports(of text: String, in path: String, protoPaths: [String]) throws -> [ResolvedReference] {
        func imports(_ text: String, of file: String) throws -> [String] {
            guard let parsed = try? ProtoDescriptorReader.file(fromTextOrBase64: text) else { return [] }
            return parsed.imports.map(\.path).filter { ProtoWellKnownFiles.file($0) == nil }
        }
        var references: [ResolvedReference] = []
        var seen: Set<String> = []
        var queue = try imports(text, of: path)
        while let next = queue.first {
            queue.removeFirst()
            guard seen.insert(next).inserted else { continue }
            guard let found = protoPaths.map({ URL(fileURLWithPath: $0).appendingPathComponent(next).path })
                .first(where: { FileManager.default.fileExists(atPath: $0) })
            else {
                throw fail("\(path): import \"\(next)\" not found in any --proto-path")
            }
            let importedText = try readText(found)
            references.append(ResolvedReference(name: next, schemaText: importedText, schemaType: .protobuf))
            queue += try imports(importedText, of: found)
        }
        return references
    }
}
