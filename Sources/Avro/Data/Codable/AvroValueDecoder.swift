/// Turns generic ``AvroValue`` datums back into `Decodable` Swift values, guided by the schema.
///
/// The counterpart of ``AvroValueEncoder``: ``AvroDatumReader`` yields positional datums, and this
/// decoder presents them to `init(from:)` by field name, so a Swift type can read just the fields
/// it cares about (schema fields it lacks are ignored, Optional properties the schema lacks decode
/// as `nil`), with the same shape rules as the encoder:
/// - int and long are integers decodable as any integer type they fit (and as `Double`);
///   float and double are floating-point.
/// - enum symbols are strings; bytes and fixed are unkeyed containers of `UInt8`, so `[UInt8]`
///   decodes; a union presents its branch's value, null as `nil` for Optionals.
///
/// Stateless and `Sendable`, so one instance can be shared freely.
public struct AvroValueDecoder: Sendable {
    /// Creates a decoder. There are no options: the schema already says everything the
    /// conversion needs.
    public init() {}

    /// The `type` value that `value`, a datum of `schema`, denotes.
    ///
    /// Typed throws so callers handle one error with a readable path, whether the datum does not
    /// match the schema or the Swift type rejects it (a missing key, a number that does not fit).
    public func decode<T: Decodable>(_ type: T.Type, from value: AvroValue, schema: AvroSchema) throws(AvroCodableError) -> T {
        var path = AvroCodablePath()
        let tree = try CodableTreeBuilder(schema: schema).tree(value, schema.root, &path)
        do {
            return try AvroTreeDecoder.decode(type, from: tree, codingPath: [])
        } catch {
            throw AvroCodableError(wrapping: error)
        }
    }
}
