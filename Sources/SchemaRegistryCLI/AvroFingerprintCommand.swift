import ArgumentParser
import Avro
import Digest

/// `schema-registry avro fingerprint [--algorithm rabin|md5|sha256] FILE`.
struct AvroFingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Print the fingerprint of an Avro schema's Parsing Canonical Form.",
        discussion: "rabin (CRC-64-AVRO) is printed as a signed 64-bit decimal, as Java Avro prints it; md5 and sha256 in hex."
    )

    @Option(help: "rabin, md5 or sha256.")
    var algorithm: AvroFingerprintAlgorithm = .rabin

    @OptionGroup var input: AvroSchemaFileOptions

    func run() throws {
        let schema = try input.load()
        switch algorithm {
        case .rabin: print(schema.rabinFingerprint)
        case .md5, .sha256: print(hexString(schema.fingerprint(algorithm)))
        }
    }
}

extension AvroFingerprintAlgorithm: ExpressibleByArgument {}
