/// Why an object container file cannot be read or written.
public enum AvroContainerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bytes do not start with `Obj` 0x01.
    case notAContainerFile
    /// The file ends inside its header or a block.
    case truncated
    /// The header's metadata is malformed or lacks `avro.schema`.
    case invalidHeader(String)
    /// The header's schema does not parse.
    case invalidSchema(AvroSchemaError)
    /// A codec other than `null` and `deflate`.
    case unsupportedCodec(String)
    /// A block is not followed by the file's sync marker (corruption).
    case syncMarkerMismatch(block: Int)
    /// A deflate block does not inflate, or inflates beyond the allowed size.
    case compression(String)
    /// A record inside a block does not decode.
    case decoding(block: Int, AvroDecodingError)
    /// A value does not match the writer schema.
    case encoding(AvroEncodingError)
    /// The reader schema cannot read the file's schema.
    case resolution(AvroResolutionError)

    public var description: String {
        switch self {
        case .notAContainerFile: return "not an Avro object container file (no Obj\\x01 magic)"
        case .truncated: return "the file is truncated"
        case .invalidHeader(let detail): return "invalid header: \(detail)"
        case .invalidSchema(let error): return "invalid schema in the header: \(error)"
        case .unsupportedCodec(let name): return "unsupported codec \"\(name)\" (null and deflate are supported)"
        case .syncMarkerMismatch(let block): return "block \(block) is not followed by the sync marker (corrupt file)"
        case .compression(let detail): return "compression: \(detail)"
        case .decoding(let block, let error): return "block \(block): \(error)"
        case .encoding(let error): return "\(error)"
        case .resolution(let error): return "\(error)"
        }
    }
}

/// The block codecs of object container files this implementation reads and writes.
public enum AvroContainerCodec: String, Hashable, Sendable, CaseIterable {
    case null
    /// Raw DEFLATE (RFC 1951), no zlib header, as the specification requires.
    case deflate
}
