import SchemaRegistryCore
import Testing

/// A store given to the conformance scenarios, and how to get a fresh instance over the same
/// data, as a restarted node would ("reopen").
public protocol StoreUnderTest: Sendable {
    /// The store, empty when the scenario starts.
    var store: any RegistryStore { get }
    /// Closes `store` and opens another instance over the same data.
    func reopen() async throws -> any RegistryStore
}

/// The memory store under test: reopening hands its contents to a new instance.
public struct MemoryStoreUnderTest: StoreUnderTest {
    public let store: any RegistryStore = MemoryRegistryStore()

    /// Creates an empty memory store.
    public init() {}

    public func reopen() async throws -> any RegistryStore {
        MemoryRegistryStore(contents: try await store.load())
    }
}

/// One scenario of the store contract, named for test reports.
public struct StoreScenario: Sendable, CustomTestStringConvertible {
    public let name: String
    let body: @Sendable (_ make: @Sendable () async throws -> any StoreUnderTest) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (_ make: @Sendable () async throws -> any StoreUnderTest) async throws -> Void) {
        self.name = name
        self.body = body
    }

    public var testDescription: String { name }

    /// Runs the scenario; `make` gives an empty store each time it is called.
    public func run(_ make: @escaping @Sendable () async throws -> any StoreUnderTest) async throws {
        try await body(make)
    }
}
