/// Runs `body` over `items` with at most `limit` calls in flight, answering in the items'
/// order. Failures stay inside each item's result, so one bad subject never hides the others.
enum BoundedConcurrency {
    static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Output
    ) async -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            var results: [Output?] = Array(repeating: nil, count: items.count)
            var next = 0
            func start() {
                let index = next
                let item = items[index]
                group.addTask { (index, await body(item)) }
                next += 1
            }
            while next < items.count && next < max(1, limit) { start() }
            while let (index, output) = await group.next() {
                results[index] = output
                if next < items.count { start() }
            }
            return results.map { $0! }
        }
    }
}
