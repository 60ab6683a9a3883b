// The wire model's vocabulary (schema types, references, levels, modes, version selectors) is
// part of Core's own interface: a user of the registry engine meets them in every call.
@_exported import SchemaRegistryAPI
