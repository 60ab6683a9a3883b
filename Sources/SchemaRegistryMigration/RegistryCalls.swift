import SchemaRegistryClient

/// The answer, or nil where the registry says there is none (404): a subject without its own
/// config or mode, a version or id not there yet.
func absentAsNil<T>(_ body: () async throws(SchemaRegistryClientError) -> T) async throws(SchemaRegistryClientError) -> T? {
    do {
        return try await body()
    } catch where error.httpStatus == 404 {
        return nil
    }
}

/// The answer, or an empty list where the registry says there is nothing (404).
func absentAsEmpty<T>(_ body: () async throws(SchemaRegistryClientError) -> [T]) async throws(SchemaRegistryClientError) -> [T] {
    try await absentAsNil(body) ?? []
}

/// `body` against the registry being written to, a failure named after `step`, so that a
/// stopped import or apply says what it was doing.
@discardableResult
func onTarget<T>(_ step: String, _ body: () async throws(SchemaRegistryClientError) -> T) async throws(MigrationError) -> T {
    do {
        return try await body()
    } catch {
        throw .target(step: step, error)
    }
}
