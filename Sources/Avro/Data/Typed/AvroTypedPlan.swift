/// A schema compiled for the typed (Codable) codec: the binary plan plus what matching Swift
/// values needs at each node, precomputed so that a message does no dictionary lookups, no
/// schema walks and no string building.
///
/// Built once per schema and shared (it is immutable). The tables are plain arrays read
/// through unsafe pointers owned by the plan, as ``AvroDatumWriter`` does, so a message does
/// not retain and release them.
final class AvroTypedPlan: Sendable {
    typealias Kind = AvroBinaryPlan.Kind

    let schema: AvroSchema
    /// The generic writer of the same schema: its compiled plan is this plan's node table, and
    /// it writes defaults and the values of unions resolved through the tree bridge.
    let generic: AvroDatumWriter
    var binary: AvroBinaryPlan { generic.plan }
    let root: Int32

    /// The schema type of every node, for messages and for the tree fallback.
    let types: [AvroType]
    /// Per union node: the branches worth trying for each kind of Swift value, in the order
    /// the tree bridge tries them (exact fits first, then loose ones).
    let unionCandidates: [UnionCandidates]
    /// Per record slot (parallel to `binary.children`): the encoding of the field's value when
    /// a Swift value leaves it out (its default, or the null branch), or `nil` when it must be
    /// present; with the message to report then.
    let absentEncodings: [[UInt8]?]
    let absentMessages: [String]
    /// Per enum table: symbol -> index.
    let symbolIndex: [[String: Int32]]
    /// The union nodes that cannot pick a branch from the shape of a nested value alone (two
    /// records, or an array beside bytes): their values go through the tree bridge.
    let treeUnions: Set<Int32>

    // Raw views of the hot tables, owned by the plan.
    nonisolated(unsafe) let nodes: UnsafeMutablePointer<AvroBinaryPlan.Node>
    /// Per union node, the first candidate of each kind (index -1: none), so the common
    /// unions (a value or null) are written without touching the candidate arrays, whose
    /// access would retain them.
    nonisolated(unsafe) let firstBranches: UnsafeMutablePointer<FirstBranches>
    nonisolated(unsafe) let children: UnsafeMutablePointer<Int32>
    nonisolated(unsafe) let childNames: UnsafeMutablePointer<String>

    /// The branches of one union a Swift value of each kind may take, as (branch, node) pairs.
    struct UnionCandidates: Sendable {
        var boolean: [Branch] = []
        var integer: [Branch] = []
        var floating: [Branch] = []
        var string: [Branch] = []
        /// Keyed containers: records and maps.
        var keyed: [Branch] = []
        /// Unkeyed containers: arrays, bytes and fixed (bytes and fixed first for `[UInt8]`).
        var unkeyed: [Branch] = []
        /// `[UInt8]`: bytes and fixed, then arrays.
        var byteArray: [Branch] = []
    }

    struct Branch: Sendable {
        var index: Int32
        var node: Int32

        static let none = Branch(index: -1, node: -1)
    }

    /// The first branch a value of each kind takes in one union.
    struct FirstBranches: Sendable {
        var null = Branch.none
        var boolean = Branch.none
        var integer = Branch.none
        var floating = Branch.none
        /// Only when the first string candidate is a `string` (not an enum).
        var plainString = Branch.none
        var keyed = Branch.none
        var unkeyed = Branch.none
        var byteArray = Branch.none
    }

    /// Compiles `schema`; `forEncoding: false` (a decoder) leaves out the tables only the
    /// encoder reads: the encodings of left-out fields, union candidates, symbol indexes.
    init(schema: AvroSchema, forEncoding: Bool = true) {
        self.schema = schema
        let generic = AvroDatumWriter(schema: schema)
        self.generic = generic
        let binary = generic.plan
        root = binary.root

        // The binary plan compiles each type once, in the same order as this walk: replaying
        // it gives every node its AvroType.
        var types = [AvroType](repeating: .null, count: binary.nodes.count)
        var seen = Set<Int32>()
        func assign(_ index: Int32, _ type: AvroType) {
            guard seen.insert(index).inserted else { return }
            types[Int(index)] = type
            let node = binary.nodes[Int(index)]
            switch (node.kind, type) {
            case (.array, .array(let items, _)), (.map, .map(let items, _)):
                assign(node.a, items)
            case (.union, .union(let branches)):
                for (i, b) in branches.enumerated() { assign(binary.children[Int(node.a) + i], b) }
            case (.record, .named(let name)):
                if case .record(let r)? = schema.types[name] {
                    for (i, f) in r.fields.enumerated() { assign(binary.children[Int(node.a) + i], f.type) }
                }
            default:
                break
            }
        }
        assign(binary.root, schema.root)
        self.types = types

        var nullBranch = [Int32](repeating: -1, count: binary.nodes.count)
        var candidates = [UnionCandidates](repeating: UnionCandidates(), count: binary.nodes.count)
        var treeUnions = Set<Int32>()
        for (i, node) in binary.nodes.enumerated() where forEncoding && node.kind == .union {
            var c = UnionCandidates()
            var exactKeyed = 0
            var unkeyedKinds = 0
            for b in 0..<Int(node.b) {
                let child = binary.children[Int(node.a) + b]
                let branch = Branch(index: Int32(b), node: child)
                switch binary.nodes[Int(child)].kind {
                case .null: if nullBranch[i] < 0 { nullBranch[i] = Int32(b) }
                case .boolean: c.boolean.append(branch)
                case .int, .long: c.integer.append(branch)
                case .float, .double: c.floating.append(branch)
                case .string: c.string.insert(branch, at: c.string.firstIndex { binary.nodes[Int($0.node)].kind != .string } ?? c.string.count)
                case .enumeration: c.string.append(branch)
                case .record, .map: c.keyed.append(branch); exactKeyed += 1
                case .array: c.unkeyed.append(branch); c.byteArray.append(branch); unkeyedKinds += 1
                case .bytes, .fixed:
                    c.unkeyed.append(branch)
                    c.byteArray.insert(branch, at: c.byteArray.firstIndex { binary.nodes[Int($0.node)].kind == .array } ?? c.byteArray.count)
                    unkeyedKinds += 1
                case .union: break
                }
            }
            // Integers may also become floats, as loose fits after the exact ones.
            c.integer += c.floating
            candidates[i] = c
            if exactKeyed > 1 || unkeyedKinds > 1 { treeUnions.insert(Int32(i)) }
        }
        self.unionCandidates = candidates
        self.treeUnions = treeUnions

        var absent = [[UInt8]?](repeating: nil, count: binary.children.count)
        var absentMessages = [String](repeating: "", count: binary.children.count)
        let builder = AvroValueBuilder(schema: schema)
        for (i, node) in binary.nodes.enumerated() where forEncoding && node.kind == .record {
            guard case .named(let name) = types[i], case .record(let r)? = schema.types[name] else { continue }
            for (f, field) in r.fields.enumerated() {
                let slot = Int(node.a) + f
                // The tree bridge's rule for a left-out field (default, else null), written once.
                do throws(AvroCodableError) {
                    let value = try builder.absent(field, AvroCodablePath())
                    var bytes: [UInt8] = []
                    do throws(AvroEncodingError) {
                        try generic.encode(value, atNode: binary.children[slot], appendingTo: &bytes)
                    } catch {
                        throw AvroCodableError(path: "$", message: "the default of field '\(field.name)' cannot be encoded: \(error)")
                    }
                    absent[slot] = bytes
                } catch {
                    absentMessages[slot] = error.message
                }
            }
        }
        self.absentEncodings = absent
        self.absentMessages = absentMessages
        symbolIndex = !forEncoding ? [] : binary.symbols.map { symbols in
            var table: [String: Int32] = [:]
            for (i, s) in symbols.enumerated() where table[s] == nil { table[s] = Int32(i) }
            return table
        }

        nodes = .allocate(capacity: max(binary.nodes.count, 1))
        nodes.initialize(from: binary.nodes, count: binary.nodes.count)
        firstBranches = .allocate(capacity: max(binary.nodes.count, 1))
        for i in 0..<binary.nodes.count {
            let c = candidates[i]
            var first = FirstBranches()
            if nullBranch[i] >= 0 { first.null = Branch(index: nullBranch[i], node: binary.children[Int(binary.nodes[i].a) + Int(nullBranch[i])]) }
            first.boolean = c.boolean.first ?? .none
            first.integer = c.integer.first ?? .none
            first.floating = c.floating.first ?? .none
            if let s = c.string.first, binary.nodes[Int(s.node)].kind == .string { first.plainString = s }
            first.keyed = c.keyed.first ?? .none
            first.unkeyed = c.unkeyed.first ?? .none
            first.byteArray = c.byteArray.first ?? .none
            (firstBranches + i).initialize(to: first)
        }
        children = .allocate(capacity: max(binary.children.count, 1))
        children.initialize(from: binary.children, count: binary.children.count)
        childNames = .allocate(capacity: max(binary.childNames.count, 1))
        childNames.initialize(from: binary.childNames, count: binary.childNames.count)
    }

    deinit {
        nodes.deallocate()
        firstBranches.deallocate()
        children.deallocate()
        childNames.deinitialize(count: binary.childNames.count)
        childNames.deallocate()
    }

    /// The slot of the field `name` in the record `node`, or `nil`.
    @inline(__always)
    func fieldSlot(_ name: String, in node: AvroBinaryPlan.Node) -> Int? {
        var slot = Int(node.a)
        let end = slot &+ Int(node.b)
        while slot < end {
            if childNames[slot] == name { return slot }
            slot &+= 1
        }
        return nil
    }

    /// The type's name for messages.
    func describe(_ node: Int32) -> String {
        schema.codableDescription(of: types[Int(node)])
    }

    /// The record's field names, for the unknown-field message.
    func fieldList(_ node: AvroBinaryPlan.Node) -> String {
        (Int(node.a)..<Int(node.a + node.b)).map { childNames[$0] }.joined(separator: ", ")
    }
}
