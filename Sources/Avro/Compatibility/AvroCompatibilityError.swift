/// Why a reader/writer pair could not be checked at all (as opposed to being incompatible).
///
/// Java Avro throws in these situations and Confluent turns the exception into a single
/// `Unexpected exception during compatibility check: <message>` entry, so callers need the
/// message text, not just a verdict.
public struct AvroCompatibilityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What made the check impossible.
    public enum Reason: Hashable, Sendable {
        /// A reader field's name and aliases match more than one writer field, so Avro cannot
        /// tell which writer field feeds it.
        case ambiguousField(field: String, fieldType: String, position: Int, writerRecord: String)
        /// A `.named` reference without a definition in its schema (only possible for schemas
        /// assembled by hand; the parser never produces one).
        case undefinedName(String)
    }

    /// What made the check impossible.
    public let reason: Reason

    /// Creates an error.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// The message in Java Avro's wording where one exists.
    ///
    /// Java prints the whole writer record as JSON at the end of the ambiguous-field message,
    /// and so do we (its canonical text).
    public var description: String {
        switch reason {
        case .ambiguousField(let field, let fieldType, let position, let writerRecord):
            return "Reader record field \(field) type:\(fieldType) pos:\(position) matches multiple fields "
                + "in writer record schema \(writerRecord)"
        case .undefinedName(let name):
            return "Undefined name: \(name)"
        }
    }
}
