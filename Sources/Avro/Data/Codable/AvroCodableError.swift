/// Why a Swift value and an Avro schema (or datum) do not fit together.
///
/// Codable's own `EncodingError`/`DecodingError` carry coding paths as arrays of keys, which are
/// awkward to log and compare; this error flattens the location into one readable path such as
/// `$.readings[2].value`, so a message about a rejected event points straight at the offending
/// field. Errors thrown by a type's own `encode(to:)`/`init(from:)` are wrapped into it as well,
/// so callers handle a single error type.
public struct AvroCodableError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is: `$` for the top-level value, `.name` for a record field or simple
    /// map key, `[2]` for an array element, `["key"]` for other map keys.
    public let path: String
    /// What is wrong there.
    public let message: String

    /// Creates an error; public so that custom `encode(to:)` implementations and tests can throw
    /// or build the same error the bridge reports.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, the form log lines and test failures want.
    public var description: String { "\(path): \(message)" }

    /// Whether the bytes were not valid Avro binary for the schema (truncated, a bad union
    /// branch...), as opposed to a valid datum the Swift type does not fit: a consumer treats
    /// the first as a corrupt message and the second as a model out of date.
    public var isInvalidBinary: Bool { message.hasPrefix(Self.invalidBinaryPrefix) }

    /// How the typed decoder starts messages about malformed input.
    static let invalidBinaryPrefix = "invalid Avro binary"
}

extension AvroCodableError {
    /// Converts whatever a Codable implementation threw, keeping the coding path when the
    /// error has one, so the bridge's typed-throws API never leaks an untyped error.
    init(wrapping error: any Error) {
        switch error {
        case let error as AvroCodableError:
            self = error
        case let error as EncodingError:
            switch error {
            case .invalidValue(_, let context):
                self.init(context.codingPath, context.debugDescription, fallback: error)
            @unknown default:
                self.init(path: AvroCodablePath().rendered, message: String(describing: error))
            }
        case let error as DecodingError:
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                self.init(context.codingPath, context.debugDescription, fallback: error)
            case .keyNotFound(let key, let context):
                self.init(context.codingPath + [key], context.debugDescription, fallback: error)
            @unknown default:
                self.init(path: AvroCodablePath().rendered, message: String(describing: error))
            }
        default:
            self.init(path: AvroCodablePath().rendered, message: String(describing: error))
        }
    }

    private init(_ codingPath: [any CodingKey], _ debugDescription: String, fallback: any Error) {
        self.init(
            path: AvroCodablePath(codingPath: codingPath).rendered,
            message: debugDescription.isEmpty ? String(describing: fallback) : debugDescription
        )
    }
}
