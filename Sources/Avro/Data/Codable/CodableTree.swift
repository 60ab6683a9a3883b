/// The schema-free shape of a Codable value: what `encode(to:)` produced, or what `init(from:)`
/// is offered.
///
/// Codable calls arrive before the bridge knows which schema node they belong to (a union is
/// chosen by looking at the whole value), so encoding first records the value here and only then
/// walks the schema; decoding does the reverse. Integers are kept exact: `signed` holds every
/// value that fits `Int64`, `unsigned` only the larger ones, so range checks are one comparison.
enum CodableTree: Sendable {
    case null
    case bool(Bool)
    case signed(Int64)
    /// Only values above `Int64.max`.
    case unsigned(UInt64)
    /// `Float` values are widened exactly.
    case floating(Double)
    case string(String)
    /// A `[UInt8]` recognised as such, so unions can prefer `bytes`/`fixed` over `array`.
    case bytes([UInt8])
    case array([CodableTree])
    /// Keys in the order they were encoded, without duplicates.
    case object([(key: String, value: CodableTree)])

    /// The tree of an integer, or `nil` beyond 64 bits (`Int128`/`UInt128` values that no Avro
    /// type can hold).
    static func integer<T: BinaryInteger>(_ value: T) -> CodableTree? {
        if let v = Int64(exactly: value) { return .signed(v) }
        if let v = UInt64(exactly: value) { return .unsigned(v) }
        return nil
    }

    /// The kind for messages ("expected int, found a string").
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .signed, .unsigned: return "an integer"
        case .floating: return "a floating-point number"
        case .string: return "a string"
        case .bytes: return "a byte array"
        case .array: return "an array"
        case .object: return "a record or map"
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

// MARK: - Unboxing for the decoder

extension CodableTree {
    func bool(at codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = self else { throw mismatch(Bool.self, "a boolean", codingPath) }
        return b
    }

    func string(at codingPath: [any CodingKey]) throws -> String {
        guard case .string(let s) = self else { throw mismatch(String.self, "a string", codingPath) }
        return s
    }

    /// An Avro `int` or `long` as any integer type it fits, so a Swift model may use `Int`,
    /// `Int32`, `UInt16`... as it sees fit.
    func integer<T: FixedWidthInteger>(_ type: T.Type, at codingPath: [any CodingKey]) throws -> T {
        let converted: T?
        switch self {
        case .signed(let v): converted = T(exactly: v)
        case .unsigned(let v): converted = T(exactly: v)
        default: throw mismatch(T.self, "an integer", codingPath)
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: codingPath, debugDescription: "\(numberText) does not fit in \(T.self)")
            )
        }
        return converted
    }

    /// A `float` or `double`, or an integer widened; finite values too large for `T` are refused
    /// rather than turned into infinity.
    func floating<T: BinaryFloatingPoint>(_ type: T.Type, at codingPath: [any CodingKey]) throws -> T {
        let converted: T
        switch self {
        case .floating(let d):
            converted = T(d)
            if d.isFinite && !converted.isFinite {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: "\(d) does not fit in \(T.self)")
                )
            }
        case .signed(let v): converted = T(v)
        case .unsigned(let v): converted = T(v)
        default: throw mismatch(T.self, "a number", codingPath)
        }
        return converted
    }

    /// The error for a value of the wrong kind; `valueNotFound` for null, as Foundation's
    /// decoders do, so callers that special-case missing values keep working.
    func mismatch(_ type: Any.Type, _ expected: String, _ codingPath: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: codingPath, debugDescription: "expected \(expected), found \(kindDescription)"
        )
        if isNull { return .valueNotFound(type, context) }
        return .typeMismatch(type, context)
    }

    private var numberText: String {
        switch self {
        case .signed(let v): return String(v)
        case .unsigned(let v): return String(v)
        default: return kindDescription
        }
    }
}
