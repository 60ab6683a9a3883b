import ArgumentParser
import Avro
import Foundation

/// Reads schema files for the offline commands and turns every failure into exit status 2
/// with a message on standard error, so CI scripts can tell bad input from a failed check.
enum SchemaFileLoader {
    /// The text of `path`, or exit 2.
    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("\(path) is not UTF-8 text")
        }
        return text
    }

    /// The Avro schema in `path`, with the named types of `references` (parsed in order, each
    /// seeing the ones before it) available by name; or exit 2 naming the file and JSON path.
    static func avroSchema(_ path: String, references: [String] = []) throws -> AvroSchema {
        var known: [AvroSchema] = []
        for reference in references {
            known.append(try parseAvro(reference, references: known))
        }
        return try parseAvro(path, references: known)
    }

    private static func parseAvro(_ path: String, references: [AvroSchema]) throws -> AvroSchema {
        let text = try readText(path)
        do {
            return try AvroSchema(parsing: text, references: references)
        } catch {
            throw fail("\(path): \(error.description)")
        }
    }

    /// Prints `message` to standard error and returns the error that exits with status 2.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(("schema-registry: " + message + "\n").utf8))
        return ExitCode(2)
    }
}

/// The schema file argument of the Avro commands, with the files its references come from.
struct AvroSchemaFileOptions: ParsableArguments {
    @Option(name: .customLong("reference"), help: "A schema file whose named types FILE uses (repeatable, in dependency order).")
    var references: [String] = []

    @Argument(help: "The .avsc file.")
    var file: String

    /// The parsed schema, or exit 2.
    func load() throws -> AvroSchema {
        try SchemaFileLoader.avroSchema(file, references: references)
    }
}
