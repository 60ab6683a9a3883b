/// Runs `body` over `items` with at most `limit` calls in flight and returns the results in
/// the items' order: a registry answers one request in well under a millisecond, so a
/// migration is bound by round trips, and a few in flight hide them without flooding it.
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws(MigrationError) -> Result
) async throws(MigrationError) -> [Result] {
    do {
        return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results: [Result?] = Array(repeating: nil, count: items.count)
            var next = 0
            func start() {
                let index = next
                let item = items[index]
                group.addTask { (index, try await body(item)) }
                next += 1
            }
            while next < items.count && next < max(1, limit) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < items.count { start() }
            }
            return results.map { $0! }
        }
    } catch let error as MigrationError {
        throw error
    } catch {
        throw .malformedExport("unexpected failure: \(error)")
    }
}
