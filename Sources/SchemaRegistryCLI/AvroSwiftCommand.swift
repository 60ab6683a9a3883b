import ArgumentParser
import Avro

/// `schema-registry avro swift FILE`: prints Swift models for a schema, with generated
/// binary encoding (the fastest typed path of `AvroBinaryEncoder`/`AvroBinaryDecoder`).
struct AvroSwiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Print Swift types for an Avro schema (Codable, with generated binary encoding).",
        discussion: """
            Every record becomes a struct and every enum a String-backed enum; the types conform to \
            Codable and to AvroBinaryCodable, whose generated encode(to:)/init(from:) the typed encoder \
            and decoder use when the data's schema is the one the code was generated from (matched by \
            Rabin fingerprint), falling back to Codable otherwise. Regenerate when the schema changes.
            """
    )

    @Flag(help: "Declare the types internal instead of public.")
    var `internal` = false

    @Flag(help: "Generate maps as AvroOrderedMap (entries in order, reproducible bytes) instead of [String: T].")
    var orderedMaps = false

    @OptionGroup var input: AvroSchemaFileOptions

    func run() throws {
        let generator = AvroSwiftCodeGenerator(accessLevel: `internal` ? "internal" : "public", orderedMaps: orderedMaps)
        do {
            print(try generator.source(for: try input.load()), terminator: "")
        } catch let failure as AvroSwiftCodeGenerator.Failure {
            // Exit status 2, as for an invalid schema: the input, not the command line, is wrong.
            throw SchemaFileLoader.fail("\(input.file): cannot generate Swift: \(failure)")
        }
    }
}
