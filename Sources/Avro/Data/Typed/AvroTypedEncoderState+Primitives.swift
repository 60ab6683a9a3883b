/// Scalar values written at a node, with the conversions and checks of the tree bridge
/// (``AvroValueEncoder``): integers into `int` only when they fit, into `float`/`double`
/// widened; strings into `string` or an enum symbol; `nil` into `null` or a union's null
/// branch. A union takes the first branch that accepts the value's kind.
extension AvroTypedEncoderState {
    @inline(__always)
    func writeNil(at node: Int32) throws(AvroTypedFailure) {
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .null:
            return
        case .union:
            let branch = c.pointee.plan.firstBranches[Int(node)].null.index
            guard branch >= 0 else {
                throw AvroTypedFailure("null is not allowed: \(plan.describe(node)) has no null branch")
            }
            c.pointee.sink.writeLong(Int64(branch))
        default:
            throw mismatch(node, "null")
        }
    }

    @inline(__always)
    func writeBool(_ value: Bool, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .boolean:
            c.pointee.sink.writeByte(value ? 1 : 0)
        case .union:
            let branch = c.pointee.plan.firstBranches[Int(node)].boolean
            guard branch.index >= 0 else { throw noBranch(node, "a boolean") }
            c.pointee.sink.writeLong(Int64(branch.index))
            c.pointee.sink.writeByte(value ? 1 : 0)
        default:
            throw mismatch(node, "a boolean")
        }
    }

    @inline(__always)
    func writeInteger(_ value: Int64, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .long:
            c.pointee.sink.writeLong(value)
        case .int:
            guard value >= Int64(Int32.min) && value <= Int64(Int32.max) else { throw outOfRange(String(value), node) }
            c.pointee.sink.writeLong(value)
        case .float:
            c.pointee.sink.writeFloat(Float(value))
        case .double:
            c.pointee.sink.writeDouble(Double(value))
        case .union:
            try writeIntegerInUnion(value, at: node)
        default:
            throw mismatch(node, "an integer")
        }
    }

    @inline(__always)
    private func writeIntegerInUnion(_ value: Int64, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let first = c.pointee.plan.firstBranches[Int(node)].integer
        if first.index >= 0 {
            switch c.pointee.plan.nodes[Int(first.node)].kind {
            case .long:
                c.pointee.sink.writeLong(Int64(first.index))
                c.pointee.sink.writeLong(value)
                return
            case .int where value >= Int64(Int32.min) && value <= Int64(Int32.max):
                c.pointee.sink.writeLong(Int64(first.index))
                c.pointee.sink.writeLong(value)
                return
            default:
                break
            }
        }
        try writeIntegerInUnionSlowly(value, at: node)
    }

    @inline(never)
    private func writeIntegerInUnionSlowly(_ value: Int64, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let plan = c.pointee.plan
        for branch in plan.unionCandidates[Int(node)].integer {
            if plan.nodes[Int(branch.node)].kind == .int && Int32(exactly: value) == nil { continue }
            c.pointee.sink.writeLong(Int64(branch.index))
            try writeInteger(value, at: branch.node)
            return
        }
        if let first = plan.unionCandidates[Int(node)].integer.first {
            throw AvroTypedFailure("no branch of \(plan.describe(node)) accepts the value; as \(plan.describe(first.node)): "
                + outOfRange(String(value), first.node).message)
        }
        throw noBranch(node, "an integer")
    }

    /// An unsigned value: the same as a signed one when it fits `Int64`; larger ones fit no
    /// Avro integer but do convert to floating point.
    @inline(__always)
    func writeUnsigned(_ value: UInt64, at node: Int32) throws(AvroTypedFailure) {
        if let signed = Int64(exactly: value) {
            try writeInteger(signed, at: node)
            return
        }
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .float: c.pointee.sink.writeFloat(Float(value))
        case .double: c.pointee.sink.writeDouble(Double(value))
        case .int, .long: throw outOfRange(String(value), node)
        case .union:
            guard let branch = plan.unionCandidates[Int(node)].integer.first(where: {
                let k = plan.nodes[Int($0.node)].kind
                return k == .float || k == .double
            }) else { throw outOfRange(String(value), node) }
            c.pointee.sink.writeLong(Int64(branch.index))
            try writeUnsigned(value, at: branch.node)
        default:
            throw mismatch(node, "an integer")
        }
    }

    @inline(__always)
    func writeFloating(_ value: Double, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .double:
            c.pointee.sink.writeDouble(value)
        case .float:
            let f = Float(value)
            if value.isFinite && !f.isFinite { throw outOfRange(String(value), node) }
            c.pointee.sink.writeFloat(f)
        case .union:
            let branch = c.pointee.plan.firstBranches[Int(node)].floating
            guard branch.index >= 0 else { throw noBranch(node, "a floating-point number") }
            c.pointee.sink.writeLong(Int64(branch.index))
            try writeFloating(value, at: branch.node)
        default:
            throw mismatch(node, "a floating-point number")
        }
    }

    /// A `Float` is written without going through `Double` when the node is a `float`.
    @inline(__always)
    func writeFloat(_ value: Float, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        if c.pointee.plan.nodes[Int(node)].kind == .float {
            c.pointee.sink.writeFloat(value)
        } else {
            try writeFloating(Double(value), at: node)
        }
    }

    @inline(__always)
    func writeString(_ value: String, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let n = c.pointee.plan.nodes[Int(node)]
        switch n.kind {
        case .string:
            c.pointee.sink.writeString(value)
        case .enumeration:
            guard let index = c.pointee.plan.symbolIndex[Int(n.a)][value] else {
                let allowed = c.pointee.plan.binary.symbols[Int(n.a)].joined(separator: ", ")
                throw AvroTypedFailure(
                    "unknown symbol '\(value)' for enum \(c.pointee.plan.binary.names[Int(node)]); allowed: \(allowed)")
            }
            c.pointee.sink.writeLong(Int64(index))
        case .union:
            try writeStringInUnion(value, at: node)
        default:
            throw mismatch(node, "a string")
        }
    }

    @inline(__always)
    private func writeStringInUnion(_ value: String, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let plain = c.pointee.plan.firstBranches[Int(node)].plainString
        if plain.index >= 0 {
            c.pointee.sink.writeLong(Int64(plain.index))
            c.pointee.sink.writeString(value)
            return
        }
        try writeStringInUnionSlowly(value, at: node)
    }

    @inline(never)
    private func writeStringInUnionSlowly(_ value: String, at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let candidates = c.pointee.plan.unionCandidates[Int(node)].string
        guard let first = candidates.first else { throw noBranch(node, "a string") }
        if c.pointee.plan.nodes[Int(first.node)].kind == .string {
            c.pointee.sink.writeLong(Int64(first.index))
            c.pointee.sink.writeString(value)
            return
        }
        var firstError: AvroTypedFailure?
        for branch in candidates {
            let n = c.pointee.plan.nodes[Int(branch.node)]
            if let index = c.pointee.plan.symbolIndex[Int(n.a)][value] {
                c.pointee.sink.writeLong(Int64(branch.index))
                c.pointee.sink.writeLong(Int64(index))
                return
            }
            if firstError == nil {
                do throws(AvroTypedFailure) { try writeString(value, at: branch.node) } catch { firstError = error }
            }
        }
        let error = firstError ?? noBranch(node, "a string")
        if candidates.count == 1 { throw error }
        throw AvroTypedFailure(
            "no branch of \(plan.describe(node)) accepts the value; as \(plan.describe(first.node)): \(error.codableError)")
    }

    /// `[UInt8]` into `bytes` or `fixed` in one copy, or into an array of integers.
    func writeByteArray(_ value: [UInt8], at node: Int32) throws(AvroTypedFailure) {
        let c = core
        let n = c.pointee.plan.nodes[Int(node)]
        switch n.kind {
        case .bytes:
            c.pointee.sink.writeBytes(value)
        case .fixed:
            guard value.count == Int(n.a) else {
                throw AvroTypedFailure("\(plan.describe(node)) holds exactly \(n.a) bytes, found \(value.count)")
            }
            value.withUnsafeBytes { c.pointee.sink.writeRaw($0) }
        case .array:
            if value.isEmpty {
                c.pointee.sink.writeByte(0)
                return
            }
            c.pointee.sink.writeLong(Int64(value.count))
            for (i, byte) in value.enumerated() {
                do throws(AvroTypedFailure) {
                    try writeInteger(Int64(byte), at: n.a)
                } catch {
                    throw AvroTypedFailure.wrap(error, in: .index(i))
                }
            }
            c.pointee.sink.writeByte(0)
        case .union:
            guard let branch = plan.unionCandidates[Int(node)].byteArray.first else { throw noBranch(node, "a byte array") }
            c.pointee.sink.writeLong(Int64(branch.index))
            try writeByteArray(value, at: branch.node)
        default:
            throw mismatch(node, "a byte array")
        }
    }

    /// The tree bridge's out-of-range message for the type at `node`.
    func outOfRange(_ number: String, _ node: Int32) -> AvroTypedFailure {
        AvroTypedFailure(AvroValueBuilder(schema: plan.schema).outOfRange(number, plan.types[Int(node)], AvroCodablePath()).message)
    }

    func noBranch(_ node: Int32, _ found: String) -> AvroTypedFailure {
        AvroTypedFailure("no branch of \(plan.describe(node)) accepts \(found)")
    }

    // MARK: SingleValueEncodingContainer (the value at the current node)

    @inline(__always)
    private func single() throws(AvroTypedFailure) -> Int32 {
        let c = core
        guard c.pointee.frame.kind == .none else {
            throw AvroTypedFailure("a single value was encoded after another value")
        }
        c.pointee.frame.kind = .single
        return c.pointee.node
    }

    func encodeNil() throws { try writeNil(at: try single()) }
    func encode(_ value: Bool) throws { try writeBool(value, at: try single()) }
    func encode(_ value: String) throws { try writeString(value, at: try single()) }
    func encode(_ value: Double) throws { try writeFloating(value, at: try single()) }
    func encode(_ value: Float) throws { try writeFloat(value, at: try single()) }
    func encode(_ value: Int) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: Int8) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: Int16) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: Int32) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: Int64) throws { try writeInteger(value, at: try single()) }
    func encode(_ value: UInt) throws { try writeUnsigned(UInt64(value), at: try single()) }
    func encode(_ value: UInt8) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: UInt16) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: UInt32) throws { try writeInteger(Int64(value), at: try single()) }
    func encode(_ value: UInt64) throws { try writeUnsigned(value, at: try single()) }

    func encode(_ value: Int128) throws {
        guard let v = Int64(exactly: value) else { throw outOfRange(String(value), core.pointee.node) }
        try writeInteger(v, at: try single())
    }

    func encode(_ value: UInt128) throws {
        guard let v = UInt64(exactly: value) else { throw outOfRange(String(value), core.pointee.node) }
        try writeUnsigned(v, at: try single())
    }

    func encode<T: Encodable>(_ value: T) throws {
        // A wrapper encoding its content as a single value: the content takes this node.
        let node = core.pointee.node
        core.pointee.frame.kind = .single
        try encodeValue(value, at: node)
    }
}
