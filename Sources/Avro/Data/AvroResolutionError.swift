/// Why data written with one schema cannot be read with another (Avro schema resolution).
///
/// Raised when the reader is built, not per message: resolution is decided by the two schemas
/// alone, so a consumer learns about an incompatible pair before it touches any data.
/// Data-dependent failures (a writer union branch or enum symbol the reader cannot take) are
/// decoding errors instead, because the spec only makes them errors when they occur.
public struct AvroResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path in the reader schema, e.g. `/Order/lines/items/Line/qty`.
    public let path: String
    /// What does not match, in words.
    public let message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path.isEmpty ? "/" : path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
