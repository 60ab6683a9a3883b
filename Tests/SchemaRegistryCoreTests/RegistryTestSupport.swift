import SchemaRegistryCore

/// A registry over a fresh in-memory store.
func makeRegistry(options: RegistryOptions = RegistryOptions()) async throws -> Registry {
    try await Registry(store: MemoryRegistryStore(), options: options)
}

/// An Avro record schema named `name` with `long` fields, the last `optional` ones with defaults.
func recordSchema(_ name: String = "R", fields: [String], optional: [String] = []) -> String {
    let required = fields.map { #"{"name":"\#($0)","type":"long"}"# }
    let defaulted = optional.map { #"{"name":"\#($0)","type":"long","default":0}"# }
    return #"{"type":"record","name":"\#(name)","fields":[\#((required + defaulted).joined(separator: ","))]}"#
}

func avro(_ text: String, references: [SchemaReference] = []) -> SchemaRequest {
    SchemaRequest(schema: text, schemaType: "AVRO", references: references)
}

/// The error a throwing async call raised, or nil.
func registryError<T>(_ body: () async throws -> T) async -> RegistryError? {
    do {
        _ = try await body()
        return nil
    } catch let error as RegistryError {
        return error
    } catch {
        return nil
    }
}
