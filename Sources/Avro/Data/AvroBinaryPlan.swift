/// A schema compiled into a flat, index-based program for the binary writer and for skipping.
///
/// Walking `AvroType` per datum would mean dictionary lookups for every named type and
/// enum-payload copies on every step. The plan is built once: every type becomes one `Node` in a
/// contiguous array, children are `Int32` indices, and a named type is compiled once and then
/// referred to by index, which makes recursive schemas plain back-references (no reference
/// cycles: nothing but integers points back).
final class AvroBinaryPlan: Sendable {
    enum Kind: UInt8, Sendable {
        case null, boolean, int, long, float, double, bytes, string
        case fixed, enumeration, array, map, record, union
    }

    /// One type. `a`/`b` depend on `kind`: fixed (size, -), enumeration (symbol table, count),
    /// array/map (item node, -), record/union (first child slot, child count).
    struct Node: Sendable {
        var kind: Kind
        var a: Int32
        var b: Int32
        /// The fewest bytes a value of this type occupies; 0 for null and empty records.
        var minSize: Int32
    }

    let nodes: [Node]
    /// Record field nodes and union branch nodes, addressed by `Node.a ..< a+b`.
    let children: [Int32]
    /// Record field names (parallel to `children` for record slots), for error paths.
    let childNames: [String]
    let symbols: [[String]]
    /// Full names of records, by node index (empty for others), for messages.
    let names: [String]
    let root: Int32

    init(schema: AvroSchema) {
        var builder = Builder(schema: schema)
        let root = builder.compile(schema.root)
        builder.computeMinSizes()
        nodes = builder.nodes
        children = builder.children
        childNames = builder.childNames
        symbols = builder.symbols
        names = builder.names
        self.root = root
    }

    struct Builder {
        let schema: AvroSchema
        var nodes: [Node] = []
        var children: [Int32] = []
        var childNames: [String] = []
        var symbols: [[String]] = []
        var names: [String] = []
        var named: [String: Int32] = [:]

        init(schema: AvroSchema) { self.schema = schema }

        mutating func add(_ kind: Kind, _ a: Int32 = 0, _ b: Int32 = 0, name: String = "") -> Int32 {
            nodes.append(Node(kind: kind, a: a, b: b, minSize: 0))
            names.append(name)
            return Int32(nodes.count - 1)
        }

        mutating func compile(_ type: AvroType) -> Int32 {
            switch type {
            case .primitive(let p):
                switch p.kind {
                case .null: return add(.null)
                case .boolean: return add(.boolean)
                case .int: return add(.int)
                case .long: return add(.long)
                case .float: return add(.float)
                case .double: return add(.double)
                case .bytes: return add(.bytes)
                case .string: return add(.string)
                }
            case .array(let items, _):
                let n = add(.array)
                nodes[Int(n)].a = compile(items)
                return n
            case .map(let values, _):
                let n = add(.map)
                nodes[Int(n)].a = compile(values)
                return n
            case .union(let branches):
                let n = add(.union)
                let compiled = branches.map { compile($0) }
                nodes[Int(n)].a = Int32(children.count)
                nodes[Int(n)].b = Int32(compiled.count)
                children.append(contentsOf: compiled)
                childNames.append(contentsOf: compiled.map { _ in "" })
                return n
            case .named(let fullName):
                if let existing = named[fullName] { return existing }
                switch schema.types[fullName] {
                case .record(let r)?:
                    let n = add(.record, name: fullName)
                    named[fullName] = n
                    let compiled = r.fields.map { compile($0.type) }
                    nodes[Int(n)].a = Int32(children.count)
                    nodes[Int(n)].b = Int32(compiled.count)
                    children.append(contentsOf: compiled)
                    childNames.append(contentsOf: r.fields.map(\.name))
                    return n
                case .enumeration(let e)?:
                    symbols.append(e.symbols)
                    let n = add(.enumeration, Int32(symbols.count - 1), Int32(e.symbols.count), name: fullName)
                    named[fullName] = n
                    return n
                case .fixed(let f)?:
                    let n = add(.fixed, Int32(clamping: f.size), name: fullName)
                    named[fullName] = n
                    return n
                case nil:
                    // The parser guarantees definitions; an undefined name reads as null rather than trapping.
                    return add(.null)
                }
            }
        }

        /// Lower bounds of encoded sizes, iterated to a fixpoint so recursive records settle
        /// (starting from 0 keeps every intermediate value a valid lower bound).
        mutating func computeMinSizes() {
            var changed = true
            var rounds = 0
            while changed && rounds < 64 {
                changed = false
                rounds += 1
                for i in nodes.indices {
                    let n = nodes[i]
                    let size: Int32
                    switch n.kind {
                    case .null: size = 0
                    case .boolean, .int, .long, .bytes, .string, .enumeration, .array, .map, .union: size = 1
                    case .float: size = 4
                    case .double: size = 8
                    case .fixed: size = n.a
                    case .record:
                        var total: Int64 = 0
                        for c in Int(n.a)..<Int(n.a + n.b) { total += Int64(nodes[Int(children[c])].minSize) }
                        size = Int32(clamping: total)
                    }
                    if size != n.minSize { nodes[i].minSize = size; changed = true }
                }
            }
        }
    }
}

extension AvroBinaryPlan {
    /// Consumes a value of the node `index` without building it: writer fields a reader does
    /// not have, values a typed model does not read. Negative-count blocks are skipped by their
    /// byte size.
    func skip(_ index: Int32, _ src: inout AvroByteSource) throws(AvroDecodingError) {
        let node = nodes[Int(index)]
        switch node.kind {
        case .null: return
        case .boolean: _ = try src.readBoolean()
        case .int: _ = try src.readInt()
        case .long, .enumeration: _ = try src.readLong()
        case .float: try src.skip(4)
        case .double: try src.skip(8)
        case .bytes, .string: try src.skip(try src.readLength())
        case .fixed: try src.skip(Int(node.a))
        case .array, .map:
            let itemMin = nodes[Int(node.a)].minSize &+ (node.kind == .map ? 1 : 0)
            while true {
                let begin = src.offset
                let count = try src.readLong()
                if count == 0 { break }
                if count < 0 {
                    guard count != Int64.min else { throw .invalidVarint(offset: begin) }
                    // The block says how many bytes it spans: jump over it.
                    try src.skip(try src.readLength())
                    continue
                }
                try src.checkCount(count, minItemSize: itemMin, at: begin)
                for _ in 0..<count {
                    if node.kind == .map { try src.skip(try src.readLength()) }
                    try skip(node.a, &src)
                }
            }
        case .record:
            try src.enterRecord()
            defer { src.depth &-= 1 }
            for slot in Int(node.a)..<Int(node.a + node.b) { try skip(children[slot], &src) }
        case .union:
            try skip(children[Int(node.a) + (try src.readUnionBranch(below: Int(node.b)))], &src)
        }
    }
}
