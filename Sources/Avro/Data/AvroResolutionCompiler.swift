import JSONModel

/// Builds an ``AvroReadProgram`` by walking the writer and reader schemas side by side, following
/// the resolution rules of the Avro specification ("Schema Resolution").
///
/// The writer's compiled plan is walked in step with the writer's types, so a writer field the
/// reader drops can be skipped by plan index without looking at types again.
struct AvroResolutionCompiler {
    typealias Node = AvroReadProgram.Node
    let writer: AvroSchema
    let reader: AvroSchema
    let writerPlan: AvroBinaryPlan

    var nodes: [Node] = []
    var children: [Int32] = []
    var resolvedRecords: [AvroReadProgram.ResolvedRecord] = []
    var fieldOps: [AvroReadProgram.FieldOp] = []
    var unionEntries: [AvroReadProgram.UnionEntry] = []
    var enums: [AvroReadProgram.EnumTable] = []
    var constants: [AvroValue] = []
    /// Named pairs already compiled (writer full name + "\u{0}" + reader full name), for recursion.
    var namedPairs: [String: Int32] = [:]

    init(writer: AvroSchema, reader: AvroSchema, writerPlan: AvroBinaryPlan) {
        self.writer = writer
        self.reader = reader
        self.writerPlan = writerPlan
    }

    mutating func add(_ kind: AvroReadProgram.Kind, _ a: Int32 = 0, _ b: Int32 = 0) -> Int32 {
        nodes.append(Node(kind: kind, a: a, b: b))
        return Int32(nodes.count - 1)
    }

    mutating func addConstant(_ value: AvroValue) -> Int32 {
        constants.append(value)
        return Int32(constants.count - 1)
    }

    func fail(_ path: String, _ message: String) -> AvroResolutionError {
        AvroResolutionError(path: path, message: message)
    }

    /// The node reading writer type `w` (plan node `wn`) as reader type `r`.
    mutating func resolve(_ w: AvroType, _ wn: Int32, _ r: AvroType, path: String) throws(AvroResolutionError) -> Int32 {
        let wNode = writerPlan.nodes[Int(wn)]
        if case .union(let wBranches) = w {
            let start = unionEntries.count
            var entries: [AvroReadProgram.UnionEntry] = []
            for (i, wb) in wBranches.enumerated() {
                let wbn = writerPlan.children[Int(wNode.a) + i]
                var entry = AvroReadProgram.UnionEntry(readerBranch: -1, node: -1, constant: -1)
                if case .union(let rBranches) = r {
                    if let k = matchingBranch(wb, rBranches) {
                        entry.readerBranch = Int32(k)
                        entry.node = try resolve(wb, wbn, rBranches[k], path: path + "/" + branchName(rBranches[k], reader))
                        if nodes[Int(entry.node)].kind == .null {
                            entry.constant = addConstant(.union(branch: k, value: .null))
                        }
                    }
                } else if let n = try? resolve(wb, wbn, r, path: path) {
                    entry.node = n
                }
                entries.append(entry)
            }
            if !entries.isEmpty && entries.allSatisfy({ $0.node < 0 }) {
                throw fail(path, "no branch of the writer's union can be read as \(describe(r, reader))")
            }
            unionEntries.append(contentsOf: entries)
            return add(.union, Int32(start), Int32(entries.count))
        }
        if case .union(let rBranches) = r {
            guard let k = matchingBranch(w, rBranches) else {
                throw fail(path, "the reader's union has no branch for the writer's \(describe(w, writer))")
            }
            let child = try resolve(w, wn, rBranches[k], path: path + "/" + branchName(rBranches[k], reader))
            if nodes[Int(child)].kind == .null {
                return add(.constant, addConstant(.union(branch: k, value: .null)))
            }
            return add(.wrapInUnion, Int32(k), child)
        }
        switch (w, r) {
        case (.primitive(let wp), .primitive(let rp)):
            guard let kind = Self.primitiveKind(wp.kind, rp.kind) else {
                throw fail(path, "\(wp.kind.rawValue) cannot be read as \(rp.kind.rawValue)")
            }
            return add(kind)
        case (.array(let wi, _), .array(let ri, _)):
            let n = add(.array)
            let itemNode = wNode.a
            let child = try resolve(wi, itemNode, ri, path: path + "/items")
            nodes[Int(n)].a = child
            nodes[Int(n)].b = writerPlan.nodes[Int(itemNode)].minSize
            return n
        case (.map(let wv, _), .map(let rv, _)):
            let n = add(.map)
            let valueNode = wNode.a
            let child = try resolve(wv, valueNode, rv, path: path + "/values")
            nodes[Int(n)].a = child
            nodes[Int(n)].b = writerPlan.nodes[Int(valueNode)].minSize &+ 1
            return n
        case (.named(let wName), .named(let rName)):
            return try resolveNamed(wName, wn, rName, path: path)
        default:
            throw fail(path, "the writer's \(describe(w, writer)) cannot be read as \(describe(r, reader))")
        }
    }

    static func primitiveKind(_ w: AvroPrimitive, _ r: AvroPrimitive) -> AvroReadProgram.Kind? {
        switch (w, r) {
        case (.null, .null): return .null
        case (.boolean, .boolean): return .boolean
        case (.int, .int): return .int
        case (.long, .long): return .long
        case (.float, .float): return .float
        case (.double, .double): return .double
        case (.bytes, .bytes): return .bytes
        case (.string, .string): return .string
        case (.int, .long): return .intToLong
        case (.int, .float): return .intToFloat
        case (.int, .double): return .intToDouble
        case (.long, .float): return .longToFloat
        case (.long, .double): return .longToDouble
        case (.float, .double): return .floatToDouble
        case (.string, .bytes): return .stringToBytes
        case (.bytes, .string): return .bytesToString
        default: return nil
        }
    }

    /// Whether the reader's named type accepts the writer's by name: same unqualified name, or the
    /// writer's name among the reader's aliases (full or unqualified).
    func namesMatch(_ wDef: AvroNamedType, _ rDef: AvroNamedType) -> Bool {
        if wDef.name.name == rDef.name.name { return true }
        let wFull = wDef.name.fullName
        return rDef.aliases.contains { alias in
            alias == wFull || AvroName(resolving: alias, in: nil).name == wDef.name.name
        }
    }

    mutating func resolveNamed(_ wName: String, _ wn: Int32, _ rName: String, path: String) throws(AvroResolutionError) -> Int32 {
        let key = wName + "\u{0}" + rName
        if let done = namedPairs[key] { return done }
        guard let wDef = writer.types[wName], let rDef = reader.types[rName] else {
            throw fail(path, "undefined type \(wName) or \(rName)")
        }
        guard namesMatch(wDef, rDef) else {
            throw fail(path, "the writer's \(wName) does not match the reader's \(rName) by name or alias")
        }
        let path = path + "/" + rDef.name.name
        let wNode = writerPlan.nodes[Int(wn)]
        switch (wDef, rDef) {
        case (.fixed(let wf), .fixed(let rf)):
            guard wf.size == rf.size else {
                throw fail(path, "fixed size \(wf.size) cannot be read as size \(rf.size)")
            }
            let n = add(.fixed, Int32(clamping: rf.size))
            namedPairs[key] = n
            return n
        case (.enumeration(let we), .enumeration(let re)):
            let defaultIndex = re.defaultSymbol.flatMap { re.symbols.firstIndex(of: $0) }
            let mapping = we.symbols.map { symbol -> Int32 in
                if let i = re.symbols.firstIndex(of: symbol) { return Int32(i) }
                if let d = defaultIndex { return Int32(d) }
                return -1
            }
            enums.append(.init(readerSymbols: re.symbols, writerSymbols: we.symbols, mapping: mapping))
            let n = add(.enumeration, Int32(enums.count - 1))
            namedPairs[key] = n
            return n
        case (.record(let wr), .record(let rr)):
            let n = add(.record)
            namedPairs[key] = n
            do {
                try resolveRecord(wr, rr, wNode, n, path: path)
            } catch {
                // Forget the half-built node so a later, unrelated use of this pair is not wrong.
                namedPairs[key] = nil
                throw error
            }
            return n
        default:
            throw fail(path, "the writer's \(wName) and the reader's \(rName) are different kinds of named type")
        }
    }

    mutating func resolveRecord(
        _ wr: AvroRecord, _ rr: AvroRecord, _ wNode: AvroBinaryPlan.Node, _ n: Int32, path: String
    ) throws(AvroResolutionError) {
            var ops: [AvroReadProgram.FieldOp] = []
            var filled = [Bool](repeating: false, count: rr.fields.count)
            for (j, wf) in wr.fields.enumerated() {
                let wfn = writerPlan.children[Int(wNode.a) + j]
                let match = rr.fields.firstIndex { $0.name == wf.name }
                    ?? rr.fields.firstIndex { $0.aliases.contains(wf.name) }
                if let i = match, !filled[i] {
                    filled[i] = true
                    let child = try resolve(wf.type, wfn, rr.fields[i].type, path: path + "/" + rr.fields[i].name)
                    ops.append(.init(target: Int32(i), node: child))
                } else {
                    ops.append(.init(target: -1, node: wfn))
                }
            }
            var defaults: [(target: Int, constant: Int)] = []
            for (i, rf) in rr.fields.enumerated() where !filled[i] {
                guard let json = rf.defaultValue else {
                    throw fail(path + "/" + rf.name, "the writer lacks field \(rf.name) and the reader gives no default")
                }
                let value: AvroValue
                do {
                    value = try AvroJSONCodec.defaultValue(json, for: rf.type, in: reader)
                } catch {
                    throw fail(path + "/" + rf.name, "invalid default: \(error)")
                }
                defaults.append((i, Int(addConstant(value))))
            }
            let inOrder = defaults.isEmpty && ops.count == rr.fields.count
                && ops.enumerated().allSatisfy { $0.element.target == Int32($0.offset) }
            if inOrder {
                nodes[Int(n)].a = Int32(children.count)
                nodes[Int(n)].b = Int32(ops.count)
                children.append(contentsOf: ops.map(\.node))
            } else {
                nodes[Int(n)].kind = .resolvedRecord
                nodes[Int(n)].a = Int32(resolvedRecords.count)
                let start = fieldOps.count
                fieldOps.append(contentsOf: ops)
                resolvedRecords.append(.init(ops: start..<fieldOps.count, fieldCount: rr.fields.count, defaults: defaults))
            }
    }

    /// The reader branch for a non-union writer type: first an exact match, then the first
    /// branch the writer's type promotes to, as the specification orders them.
    func matchingBranch(_ w: AvroType, _ rBranches: [AvroType]) -> Int? {
        if let exact = rBranches.firstIndex(where: { matches(w, $0, promoting: false) }) { return exact }
        return rBranches.firstIndex { matches(w, $0, promoting: true) }
    }

    func matches(_ w: AvroType, _ r: AvroType, promoting: Bool) -> Bool {
        switch (w, r) {
        case (.primitive(let wp), .primitive(let rp)):
            if wp.kind == rp.kind { return true }
            return promoting && Self.primitiveKind(wp.kind, rp.kind) != nil
        case (.array, .array), (.map, .map): return true
        case (.named(let wn), .named(let rn)):
            guard let wd = writer.types[wn], let rd = reader.types[rn] else { return false }
            switch (wd, rd) {
            case (.record, .record), (.enumeration, .enumeration), (.fixed, .fixed): return namesMatch(wd, rd)
            default: return false
            }
        default: return false
        }
    }

    func branchName(_ t: AvroType, _ schema: AvroSchema) -> String {
        switch t {
        case .primitive(let p): return p.kind.rawValue
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .named(let n): return n
        }
    }

    func describe(_ t: AvroType, _ schema: AvroSchema) -> String {
        if case .named(let n) = t { return t.typeName(in: schema).lowercased() + " " + n }
        return branchName(t, schema)
    }
}
