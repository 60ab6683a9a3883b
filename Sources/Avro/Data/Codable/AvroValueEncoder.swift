/// Turns `Encodable` Swift values into generic ``AvroValue`` datums for a given schema.
///
/// Swift models are what applications hold; ``AvroDatumWriter`` speaks ``AvroValue``. This
/// encoder bridges the two without generated code: the value's `encode(to:)` output is matched
/// against the schema by field name, so the Swift type may declare its properties in any order,
/// leave out fields that have defaults or are nullable, and use whichever integer or floating
/// type fits. Anything the schema cannot hold is reported with a path, never silently dropped:
/// an extra key is an error (it is usually a typo), as is an `int` outside `Int32`.
///
/// How Swift shapes map to Avro types:
/// - record: a keyed container by field name; absent fields take the schema default, else null
///   when the type allows it.
/// - enum: a `String` symbol (a `String`-backed Swift enum works as is).
/// - union: `nil` takes the null branch; otherwise the first branch the value converts to, trying
///   branches of the value's own kind first (string before enum, integer before float).
/// - array: an unkeyed container; map: `[String: T]`, in encoding order.
/// - bytes and fixed: `[UInt8]` (or any unkeyed container of bytes); fixed checks the size.
/// - logical types: their underlying type (`timestamp-millis` is an `Int64`, `uuid` a `String`).
///
/// Stateless and `Sendable`, so one instance can be shared freely.
public struct AvroValueEncoder: Sendable {
    /// Creates an encoder. There are no options: the schema already says everything the
    /// conversion needs.
    public init() {}

    /// The datum `value` denotes under `schema`, ready for ``AvroDatumWriter/encode(_:)``.
    ///
    /// Typed throws so callers handle one error with a readable path, whether the problem came
    /// from the schema check or from the value's own `encode(to:)`.
    public func encode<T: Encodable>(_ value: T, as schema: AvroSchema) throws(AvroCodableError) -> AvroValue {
        let tree: CodableTree
        do {
            tree = try AvroTreeEncoder.tree(of: value)
        } catch {
            throw AvroCodableError(wrapping: error)
        }
        var path = AvroCodablePath()
        return try AvroValueBuilder(schema: schema).value(tree, schema.root, &path)
    }
}
