import ArgumentParser

/// The `schema-registry` executable: the server and the offline tools, one subcommand each.
@main
struct SchemaRegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema-registry",
        abstract: "A Confluent-compatible schema registry and its offline tools.",
        subcommands: [
            ServeCommand.self, ConfigCommand.self, UsersCommand.self, CopyStorageCommand.self, AvroCommand.self, ProtobufCommand.self, CompatCommand.self,
            ExportCommand.self, ImportCommand.self, MigrateCommand.self, PlanCommand.self, ApplyCommand.self, DumpCommand.self,
            FederationCommand.self,
        ]
    )
}

/// `schema-registry avro ...`: Avro schema and data tools.
struct AvroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro",
        abstract: "Avro schema and data tools.",
        subcommands: [
            AvroCanonicalCommand.self, AvroFingerprintCommand.self, AvroFromJSONCommand.self, AvroToJSONCommand.self,
            AvroGetSchemaCommand.self, AvroSwiftCommand.self,
        ]
    )
}
