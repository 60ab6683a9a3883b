import Foundation
import JSONModel
import RegistryStoreConformance
import SchemaRegistryCore
import SchemaRegistrySQLite
import Testing

/// The stores the tests of this target run against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite

    var testDescription: String { rawValue }
}

/// A store under test, and how to get a fresh instance over the same data ("reopen").
final class StoreHarness: StoreUnderTest {
    let kind: StoreKind
    let directory: URL
    let store: any RegistryStore

    init(_ kind: StoreKind) throws {
        self.kind = kind
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-store-tests-\(UUID().uuidString)")
        switch kind {
        case .memory: store = MemoryRegistryStore()
        case .sqlite: store = try SQLiteRegistryStore(path: directory.appendingPathComponent("registry.db").path)
        }
    }

    var path: String { directory.appendingPathComponent("registry.db").path }

    /// Closes this instance and opens another over the same data.
    func reopen() async throws -> any RegistryStore {
        switch kind {
        case .memory:
            return MemoryRegistryStore(contents: try await store.load())
        case .sqlite:
            await store.close()
            return try SQLiteRegistryStore(path: path)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

