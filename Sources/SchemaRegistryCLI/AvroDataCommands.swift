import ArgumentParser
import Avro
import Foundation
import JSONModel

/// `schema-registry avro fromjson`: JSON lines to an object container file, like avro-tools.
struct AvroFromJSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fromjson",
        abstract: "Convert JSON lines (Avro JSON encoding) into an Avro object container file.")

    @Option(help: "The writer schema (.avsc).")
    var schema: String

    @Option(help: "null or deflate.")
    var codec: AvroContainerCodec = .null

    @Argument(help: "Input: one JSON value per line ('-' for standard input).")
    var input: String

    @Argument(help: "Output .avro file ('-' for standard output).")
    var output: String

    func run() throws {
        let schema = try SchemaFileLoader.avroSchema(self.schema)
        let codec = AvroJSONCodec(schema: schema)
        let text: String
        if input == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            text = try SchemaFileLoader.readText(input)
        }
        var writer = AvroContainerWriter(schema: schema, codec: self.codec)
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                let json = try JSONParser().parse(String(line))
                try writer.append(try codec.value(from: json))
            } catch {
                throw SchemaFileLoader.fail("\(input):\(lineNumber): \(error)")
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try writer.finish()
        } catch {
            throw SchemaFileLoader.fail("\(error)")
        }
        if output == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else if !FileManager.default.createFile(atPath: output, contents: Data(bytes)) {
            throw SchemaFileLoader.fail("cannot write \(output)")
        }
    }
}

/// `schema-registry avro tojson`: an object container file's records as JSON lines.
struct AvroToJSONCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tojson",
        abstract: "Print the records of an Avro object container file as JSON lines (Avro JSON encoding).")

    @Option(name: .customLong("reader-schema"), help: "Decode into this schema (schema resolution) instead of the file's.")
    var readerSchema: String?

    @Argument(help: "The .avro file ('-' for standard input).")
    var file: String

    func run() throws {
        let reader = try AvroContainerFileLoader.open(file, readerSchema: readerSchema.map { try SchemaFileLoader.avroSchema($0) })
        let codec = AvroJSONCodec(schema: reader.readerSchemaForJSON)
        var conversionFailure: AvroJSONCodec.Error? = nil
        do {
            try reader.container.forEach { (value) throws(AvroContainerError) in
                guard conversionFailure == nil else { return }
                do throws(AvroJSONCodec.Error) {
                    let json = try codec.json(from: value)
                    FileHandle.standardOutput.write(Data((JSONWriter.string(json) + "\n").utf8))
                } catch {
                    conversionFailure = error
                }
            }
        } catch {
            throw SchemaFileLoader.fail("\(file): \(error)")
        }
        if let conversionFailure { throw SchemaFileLoader.fail("\(file): \(conversionFailure)") }
    }
}

/// `schema-registry avro getschema`: the writer schema stored in a container file.
struct AvroGetSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "getschema", abstract: "Print the schema stored in an Avro object container file.")

    @Argument(help: "The .avro file.")
    var file: String

    func run() throws {
        print(try AvroContainerFileLoader.open(file, readerSchema: nil).container.writerSchema.canonicalText)
    }
}

/// Opens container files for the data commands, turning failures into exit status 2.
enum AvroContainerFileLoader {
    struct Opened {
        var container: AvroContainerReader
        var readerSchemaForJSON: AvroSchema
    }

    static func open(_ path: String, readerSchema: AvroSchema?) throws -> Opened {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { throw SchemaFileLoader.fail("cannot read \(path)") }
            data = d
        }
        do {
            let container = try AvroContainerReader(bytes: [UInt8](data), readerSchema: readerSchema)
            return Opened(container: container, readerSchemaForJSON: readerSchema ?? container.writerSchema)
        } catch {
            throw SchemaFileLoader.fail("\(path): \(error)")
        }
    }
}

extension AvroContainerCodec: ExpressibleByArgument {}
