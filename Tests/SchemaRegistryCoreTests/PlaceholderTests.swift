// Placeholder so the package manifest resolves: SwiftPM refuses a test target without sources.
// Replace with real SchemaRegistryCore tests when that module grows.
import Testing
