/// Why a generic datum cannot be encoded with a schema.
///
/// ``AvroValue`` is untyped, so a caller can build a value that does not match the schema; the
/// writer reports the first mismatch with a path such as `/meta/attrs/3` instead of writing bytes
/// that another reader would misinterpret.
public struct AvroEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What does not match.
    public enum Reason: Hashable, Sendable {
        /// The value's kind is not the one the schema expects here.
        case typeMismatch(expected: String, found: String)
        /// A record value with a different number of fields than the schema's record.
        case fieldCountMismatch(expected: Int, found: Int)
        /// A union branch index outside the union.
        case invalidUnionBranch(Int, branchCount: Int)
        /// An enum index outside the symbols.
        case invalidEnumIndex(Int, symbolCount: Int)
        /// A fixed value of the wrong length.
        case fixedSizeMismatch(expected: Int, found: Int)
    }

    /// Where in the datum: field names, array indices and map keys joined by `/`; `/` for the root.
    public let path: String
    /// What is wrong there.
    public let reason: Reason

    /// Creates an error.
    public init(path: String, reason: Reason) {
        self.path = path.isEmpty ? "/" : path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
