/// Why a byte sequence is not a valid Avro binary datum for the schema it is read with.
///
/// Decoders are fed untrusted network input; every malformation surfaces as one of these cases
/// instead of a crash or an oversized allocation, so a consumer can reject one message and carry on.
/// `offset` values count bytes from the start of the decoded body.
public enum AvroDecodingError: Error, Hashable, Sendable {
    /// The input ended inside a value.
    case truncated(offset: Int)
    /// A varint longer than allowed, or one that does not fit its `int`/`long` type.
    case invalidVarint(offset: Int)
    /// A negative byte length for `bytes` or `string`.
    case negativeLength(Int64, offset: Int)
    /// A length or item count that the remaining input cannot possibly hold; checked before
    /// allocating, which is what keeps a forged 2^31 prefix from allocating gigabytes.
    case lengthBeyondInput(Int64, remaining: Int, offset: Int)
    /// A union branch index outside the writer's union.
    case invalidUnionBranch(Int64, offset: Int)
    /// A writer union branch that has no counterpart in the reader schema (schema resolution).
    case unresolvedUnionBranch(Int, offset: Int)
    /// An enum index outside the writer's symbols.
    case invalidEnumIndex(Int64, offset: Int)
    /// A writer enum symbol the reader lacks, with no reader default to fall back to.
    case unknownEnumSymbol(String, offset: Int)
    /// A string that is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A boolean byte other than 0 or 1.
    case invalidBoolean(UInt8, offset: Int)
    /// Bytes left over after the datum, when the caller asked for exact consumption.
    case trailingBytes(count: Int, offset: Int)
    /// Records nested deeper than the reader's limit (possible only with recursive schemas).
    case nestingTooDeep(limit: Int, offset: Int)
    /// More items of a zero-byte type (null, empty record) than the reader's budget allows;
    /// such items consume no input, so input size alone cannot bound them.
    case tooManyZeroSizeItems(limit: Int, offset: Int)
}
