import ArgumentParser
import Avro

/// `schema-registry avro canonical FILE`: prints a schema in one of its canonical forms.
struct AvroCanonicalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print an Avro schema in canonical form.",
        discussion: """
            parsing: the specification's Parsing Canonical Form (what fingerprints are computed over).
            confluent: the text Confluent Schema Registry stores and returns for the schema.
            normalized: the text Confluent stores when the schema is registered with normalize=true.
            """
    )

    /// Which canonical rendering to print.
    enum Form: String, ExpressibleByArgument, CaseIterable {
        case parsing, confluent, normalized
    }

    @Option(help: "parsing, confluent or normalized.")
    var form: Form = .parsing

    @OptionGroup var input: AvroSchemaFileOptions

    func run() throws {
        let schema = try input.load()
        switch form {
        case .parsing: print(schema.parsingCanonicalForm)
        case .confluent: print(schema.canonicalText)
        case .normalized: print(schema.normalized().canonicalText)
        }
    }
}
