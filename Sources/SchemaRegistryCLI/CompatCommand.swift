import ArgumentParser
import Avro
import JSONModel
import Protobuf
import SchemaRegistryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `schema-registry compat`: checks a new schema against previous versions offline, with the
/// registry's own rules, so a schema change can be vetted in CI before it reaches a registry.
///
/// Exit status: 0 compatible, 1 incompatible, 2 bad input (unreadable file, invalid schema,
/// unknown level or type), so scripts can tell "rejected" from "could not check".
struct CompatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat",
        abstract: "Check a new schema against previous versions under a compatibility level.",
        discussion: """
            OLD_FILEs are the previous versions, oldest first (so the last one is the latest); \
            they get version numbers 1, 2, ... in that order. Exit status: 0 compatible, \
            1 incompatible, 2 bad input.
            """
    )

    @Option(help: "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE (any case).")
    var level: String

    @Option(help: "The schema type: avro, json or protobuf.")
    var type: String = "avro"

    @Option(name: .customLong("proto-path"), help: "Protobuf: a directory imports are looked up in, as protoc's --proto_path (repeatable).")
    var protoPaths: [String] = []

    @Option(help: "compatibilityPolicy: STRICT (default) or LENIENT (JSON Schema only).")
    var policy: String = "STRICT"

    @Option(
        name: .customLong("protobuf-checks"),
        help: "Protobuf: confluent (Confluent's verdicts, the default) or extended (also syntax, proto3 repeated, required and closed-enum changes).")
    var protobufChecks: String = "confluent"

    @Flag(help: "Print Confluent's verbose compatibility messages as a JSON array instead of one line per finding.")
    var verboseJson = false

    @Argument(help: ArgumentHelp("The new schema.", valueName: "NEW_FILE"))
    var newFile: String

    @Argument(help: ArgumentHelp("The previous versions, oldest first.", valueName: "OLD_FILE"))
    var oldFiles: [String] = []

    func run() throws {
        guard let level = CompatibilityLevel(name: level) else {
            throw badInput("unknown compatibility level \"\(self.level)\"")
        }
        let format: any SchemaFormat
        switch type.lowercased() {
        case "avro": format = AvroSchemaFormat()
        case "json": format = JSONSchemaFormat()
        case "protobuf", "proto":
            guard let checks = ProtoCompatibilityChecks(rawValue: protobufChecks.lowercased()) else {
                throw badInput("unknown Protobuf checks \"\(protobufChecks)\" (confluent or extended)")
            }
            format = ProtobufSchemaFormat(compatibilityChecks: checks)
        default: throw badInput("unsupported schema type \"\(type)\" (avro, json or protobuf)")
        }
        guard let policy = CompatibilityPolicy(rawValue: policy.uppercased()) else {
            throw badInput("unknown policy \"\(self.policy)\" (STRICT or LENIENT)")
        }
        guard !oldFiles.isEmpty else {
            throw badInput("at least one OLD_FILE is required")
        }
        let newSchema = try loadSchema(newFile, format: format)
        var previous: [PreviousSchema<any ParsedSchema>] = []
        for (index, file) in oldFiles.enumerated() {
            let schema = try loadSchema(file, format: format)
            previous.append(PreviousSchema(version: index + 1, canonicalText: schema.canonicalText, schema: schema))
        }

        let result = CompatibilityChecker(rule: AnySchemaCompatibilityRule(policy: policy))
            .check(level: level, newSchema: newSchema, previous: previous)

        if verboseJson {
            print(JSONWriter.string(.array(result.messages.map(JSONValue.string))))
        } else if let failure = result.failure {
            let against = "against \(oldFiles[failure.previousIndex])"
                + (failure.version.map { ", version \($0)" } ?? "")
            for issue in failure.issues {
                let place = issue.location.map { " at \($0)" } ?? ""
                print("\(issue.kind)\(place) (\(against)): \(issue.description)")
            }
        } else {
            print("compatible")
        }
        if !result.isCompatible { throw ExitCode(1) }
    }

    /// Reads and parses one schema file. The text kept for `{oldSchema: '...'}` is the schema's
    /// canonical text, exactly what a registry would have stored for it.
    func loadSchema(_ path: String, format: any SchemaFormat) throws -> any ParsedSchema {
        guard let text = readTextFile(path) else {
            throw badInput("\(path): cannot read file")
        }
        let references = format.schemaType == .protobuf
            ? try SchemaFileLoader.protobufImports(of: text, in: path, protoPaths: protoPaths) : []
        do {
            return try format.parse(text, references: references)
        } catch {
            throw badInput("\(path): \(error.message)")
        }
    }

    /// Reports a bad-input problem on standard error and yields the exit status for it.
    func badInput(_ message: String) -> ExitCode {
        writeToStandardError("schema-registry compat: \(message)\n")
        return ExitCode(2)
    }
}

/// The whole file as UTF-8 text, or `nil` when it cannot be read (missing, a directory, ...).
private func readTextFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        bytes.append(contentsOf: buffer[..<count])
        if count < buffer.count {
            if ferror(file) != 0 { return nil }
            break
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Writes to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
private func writeToStandardError(_ text: String) {
    var remaining = Array(text.utf8)[...]
    while !remaining.isEmpty {
        let written = remaining.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        remaining = remaining.dropFirst(written)
    }
}
