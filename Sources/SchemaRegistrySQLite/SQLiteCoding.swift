import Foundation
import SchemaRegistryCore

/// SQLite's own column forms; every other stored value is coded by `StoredValueCoding`.
enum SQLiteCoding {
    /// An identity hash as its stored BLOB: the 16 digest bytes in order.
    static func hashBlob(_ hash: SchemaHash) -> Data {
        Data(hash.bytes)
    }
}
