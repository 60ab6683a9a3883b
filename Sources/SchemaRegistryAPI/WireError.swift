/// Why a JSON document is not the entity an endpoint exchanges.
///
/// The server answers it with 400, as Jackson's mapping errors are; the client reports it as
/// an invalid response. The message names the member.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in Jackson's words where clients may look for them.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
