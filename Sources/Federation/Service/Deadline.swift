/// Runs `operation`, answering `.timeout(limit)` and cancelling it when it takes longer than
/// `limit`. Every call the federation makes to a registry goes through this, so a registry
/// that sends its headers and then stalls the body cannot hold an answer up either.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws(FederationError) -> T
) async throws(FederationError) -> T {
    let outcome = await withTaskGroup(of: Result<T, FederationError>?.self) { group in
        group.addTask {
            do throws(FederationError) {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? .failure(.timeout(limit))
    }
    return try outcome.get()
}
