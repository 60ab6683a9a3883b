/// The compiled form of "read data written with schema W as schema R".
///
/// Schema resolution is decided entirely by the two schemas, so it is done once here: every
/// promotion, field reordering, skipped writer field, reader default and enum/union mapping
/// becomes a node or table entry, and the per-message decoder only follows indices. Reading
/// with a single schema is the special case W == R, whose records compile to the plain in-order
/// kind, so it pays nothing for resolution support.
final class AvroReadProgram: Sendable {
    enum Kind: UInt8, Sendable {
        case null, boolean, int, long, float, double, bytes, string
        case intToLong, intToFloat, intToDouble, longToFloat, longToDouble, floatToDouble
        case stringToBytes, bytesToString
        /// a: size.
        case fixed
        /// a: enum table.
        case enumeration
        /// a: item node, b: writer item minimum size.
        case array
        /// a: value node, b: writer value minimum size.
        case map
        /// Writer and reader fields coincide: a: first child slot, b: field count.
        case record
        /// a: index into `resolvedRecords`.
        case resolvedRecord
        /// Writer union: a: first entry in `unionEntries`, b: branch count.
        case union
        /// Writer non-union read into a reader union: a: reader branch, b: child node.
        case wrapInUnion
        /// Consumes nothing and yields `constants[a]`.
        case constant
    }

    struct Node: Sendable {
        var kind: Kind
        var a: Int32 = 0
        var b: Int32 = 0
    }

    /// Writer field handling: read into reader position `target`, or skip (`target == -1`) the
    /// writer-plan node `node`.
    struct FieldOp: Sendable {
        var target: Int32
        var node: Int32
    }

    struct ResolvedRecord: Sendable {
        var ops: Range<Int>
        var fieldCount: Int
        /// (reader position, constant index) for reader fields the writer lacks.
        var defaults: [(target: Int, constant: Int)]
    }

    struct UnionEntry: Sendable {
        /// Reader union branch to wrap into, or -1 when the reader is not a union.
        var readerBranch: Int32
        /// Read node, or -1 when the reader cannot take this writer branch.
        var node: Int32
        /// A prebuilt result (e.g. `.union(branch: k, value: .null)`), or -1; saves an allocation per null.
        var constant: Int32
    }

    struct EnumTable: Sendable {
        var readerSymbols: [String]
        var writerSymbols: [String]
        /// Writer index -> reader index, -1 for a symbol the reader cannot take.
        var mapping: [Int32]
    }

    let nodes: [Node]
    let children: [Int32]
    let resolvedRecords: [ResolvedRecord]
    let fieldOps: [FieldOp]
    let unionEntries: [UnionEntry]
    let enums: [EnumTable]
    let constants: [AvroValue]
    let writerPlan: AvroBinaryPlan
    let root: Int32

    init(writer: AvroSchema, reader: AvroSchema) throws(AvroResolutionError) {
        writerPlan = AvroBinaryPlan(schema: writer)
        var compiler = AvroResolutionCompiler(writer: writer, reader: reader, writerPlan: writerPlan)
        let root = try compiler.resolve(writer.root, writerPlan.root, reader.root, path: "")
        nodes = compiler.nodes
        children = compiler.children
        resolvedRecords = compiler.resolvedRecords
        fieldOps = compiler.fieldOps
        unionEntries = compiler.unionEntries
        enums = compiler.enums
        constants = compiler.constants
        self.root = root
    }
}
