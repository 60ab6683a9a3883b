/// The mutable part of one typed decoding: the input cursor, the node the next value is read
/// at, and the record or array being read.
struct AvroTypedDecoderCore {
    unowned(unsafe) let plan: AvroTypedPlan
    var src: AvroByteSource
    var node: Int32
    var frame: AvroTypedDecoderFrame
    /// A failure found where none could be thrown (`isAtEnd`), thrown at the next chance.
    var failure: AvroTypedFailure?
}

/// The container a value opened, as far as it has been read.
struct AvroTypedDecoderFrame {
    enum Kind: UInt8 {
        case none
        case record
        case array
        /// Maps, bytes and single values: read whole when opened, nothing left to finish.
        case done
    }

    var kind: Kind = .none
    var node: Int32 = 0
    /// record: the next field slot; array: items read.
    var cursor: Int32 = 0
    /// record: one past the last field slot.
    var end: Int32 = 0
    /// record: where its first field starts, for fields asked for after later ones.
    var start: UnsafePointer<UInt8>? = nil
    /// array: items left in the current block.
    var blockRemaining = 0
    /// array: the end-of-blocks marker has been read.
    var ended = false
}

/// The `Decoder` of the typed codec: reads Avro binary straight into `init(from:)`, steered by
/// the compiled schema, without building a datum.
///
/// Avro binary is sequential. Fields asked for in schema order are read where the input
/// stands; a field asked for ahead of its turn makes the decoder skip to it, one asked for
/// after it restarts from the record's start. Whatever the type does not read is skipped when
/// its `init(from:)` returns.
final class AvroTypedDecoderState: ManagedBuffer<AvroTypedDecoderCore, UInt8>, Decoder, SingleValueDecodingContainer {
    static func make(plan: AvroTypedPlan, source: AvroByteSource, node: Int32) -> AvroTypedDecoderState {
        let buffer = create(minimumCapacity: 0) { _ in
            AvroTypedDecoderCore(plan: plan, src: source, node: node, frame: AvroTypedDecoderFrame(), failure: nil)
        }
        return unsafeDowncast(buffer, to: AvroTypedDecoderState.self)
    }

    @inline(__always)
    var core: UnsafeMutablePointer<AvroTypedDecoderCore> {
        withUnsafeMutablePointerToHeader { $0 }
    }

    @inline(__always)
    var plan: AvroTypedPlan { core.pointee.plan }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    // MARK: Values

    /// Decodes a nested value at `node`, then skips whatever of its record or array the type
    /// did not read.
    @inline(__always)
    func decodeValue<T: Decodable>(_ type: T.Type, at node: Int32) throws(AvroTypedFailure) -> T {
        if T.self == [UInt8].self {
            return try readByteArray(at: node) as! T
        }
        let c = core
        let savedFrame = c.pointee.frame
        let savedNode = c.pointee.node
        c.pointee.frame = AvroTypedDecoderFrame()
        c.pointee.node = node
        try enter()
        let value: T
        do {
            value = try T(from: self)
        } catch {
            throw AvroTypedFailure.from(error)
        }
        if let failure = c.pointee.failure { throw failure }
        try finishFrame()
        c.pointee.src.depth &-= 1
        c.pointee.frame = savedFrame
        c.pointee.node = savedNode
        return value
    }

    @inline(__always)
    func enter() throws(AvroTypedFailure) {
        do throws(AvroDecodingError) { try core.pointee.src.enterRecord() } catch { throw decoding(error) }
    }

    func finishFrame() throws(AvroTypedFailure) {
        let c = core
        let frame = c.pointee.frame
        switch frame.kind {
        case .record:
            var slot = frame.cursor
            while slot < frame.end {
                try skip(c.pointee.plan.children[Int(slot)])
                slot &+= 1
            }
        case .array:
            let item = c.pointee.plan.nodes[Int(frame.node)].a
            var remaining = frame.blockRemaining
            var ended = frame.ended
            while !ended {
                while remaining > 0 {
                    try skip(item)
                    remaining &-= 1
                }
                remaining = try readBlockCount(item)
                if remaining == 0 { ended = true }
            }
        case .none:
            // The type read nothing: the value is skipped (a record of no interest, say).
            try skip(c.pointee.node)
        case .done:
            return
        }
    }

    /// Follows union branches: the node the input's value actually has.
    @inline(__always)
    func resolve(_ node: Int32) throws(AvroTypedFailure) -> Int32 {
        let c = core
        let n = c.pointee.plan.nodes[Int(node)]
        guard n.kind == .union else { return node }
        let b: Int
        do throws(AvroDecodingError) { b = try c.pointee.src.readUnionBranch(below: Int(n.b)) } catch { throw decoding(error) }
        return c.pointee.plan.children[Int(n.a) &+ b]
    }

    /// Whether the value at `node` is null, reading nothing (a union's branch is looked at and
    /// put back).
    func peekNil(at node: Int32) throws(AvroTypedFailure) -> Bool {
        let c = core
        switch c.pointee.plan.nodes[Int(node)].kind {
        case .null:
            return true
        case .union:
            let saved = c.pointee.src.p
            let resolved = try resolve(node)
            c.pointee.src.p = saved
            return c.pointee.plan.nodes[Int(resolved)].kind == .null
        default:
            return false
        }
    }

    /// Reads an array block count, checked against the input left.
    @inline(__always)
    func readBlockCount(_ item: Int32) throws(AvroTypedFailure) -> Int {
        let c = core
        do throws(AvroDecodingError) {
            return try c.pointee.src.readBlockCount(minItemSize: c.pointee.plan.nodes[Int(item)].minSize)
        } catch {
            throw decoding(error)
        }
    }

    /// Consumes a value of `node` without building it.
    func skip(_ node: Int32) throws(AvroTypedFailure) {
        let c = core
        do throws(AvroDecodingError) { try c.pointee.plan.binary.skip(node, &c.pointee.src) } catch { throw decoding(error) }
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let c = core
        switch c.pointee.frame.kind {
        case .record:
            return KeyedDecodingContainer(AvroTypedKeyedDecoder<Key>(state: self, map: nil))
        case .none:
            break
        default:
            throw AvroTypedFailure("a keyed container was requested after another kind of value")
        }
        let node = try resolve(c.pointee.node)
        let n = c.pointee.plan.nodes[Int(node)]
        switch n.kind {
        case .record:
            c.pointee.frame = AvroTypedDecoderFrame(kind: .record, node: node, cursor: n.a, end: n.a &+ n.b, start: c.pointee.src.p)
            return KeyedDecodingContainer(AvroTypedKeyedDecoder<Key>(state: self, map: nil))
        case .map:
            c.pointee.frame.kind = .done
            return KeyedDecodingContainer(AvroTypedKeyedDecoder<Key>(state: self, map: try readMap(n.a)))
        default:
            throw mismatch(node, expected: "a record or map")
        }
    }

    /// Reads a map's keys and where each value starts, leaving the input after the map: a
    /// keyed container answers keys in any order.
    private func readMap(_ valueNode: Int32) throws(AvroTypedFailure) -> AvroTypedMapTable {
        let c = core
        var keys: [String] = []
        var values: [UnsafePointer<UInt8>] = []
        let itemMin = c.pointee.plan.nodes[Int(valueNode)].minSize &+ 1
        do throws(AvroDecodingError) {
            while true {
                let count = try c.pointee.src.readBlockCount(minItemSize: itemMin)
                if count == 0 { break }
                keys.reserveCapacity(keys.count &+ count)
                values.reserveCapacity(values.count &+ count)
                for _ in 0..<count {
                    keys.append(try c.pointee.src.readString())
                    values.append(c.pointee.src.p)
                    try c.pointee.plan.binary.skip(valueNode, &c.pointee.src)
                }
            }
        } catch {
            throw decoding(error)
        }
        return AvroTypedMapTable(keys: keys, values: values, end: c.pointee.src.p, valueNode: valueNode)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let c = core
        switch c.pointee.frame.kind {
        case .array:
            return AvroTypedUnkeyedDecoder(state: self, bytes: nil)
        case .none:
            break
        default:
            throw AvroTypedFailure("an unkeyed container was requested after another kind of value")
        }
        let node = try resolve(c.pointee.node)
        let n = c.pointee.plan.nodes[Int(node)]
        switch n.kind {
        case .array:
            c.pointee.frame = AvroTypedDecoderFrame(kind: .array, node: node)
            return AvroTypedUnkeyedDecoder(state: self, bytes: nil)
        case .bytes, .fixed:
            c.pointee.frame.kind = .done
            return AvroTypedUnkeyedDecoder(state: self, bytes: try readByteArray(at: node))
        default:
            throw mismatch(node, expected: "an array, bytes or fixed")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    // MARK: Errors

    func decoding(_ error: AvroDecodingError) -> AvroTypedFailure {
        AvroTypedFailure(AvroBinaryDecoder.invalidBinary(error).message)
    }

    /// The tree bridge's wording: `expected a string, found an integer`.
    func mismatch(_ node: Int32, expected: String) -> AvroTypedFailure {
        AvroTypedFailure("expected \(expected), found \(found(node))")
    }

    func found(_ node: Int32) -> String {
        switch plan.nodes[Int(node)].kind {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .int, .long: return "an integer"
        case .float, .double: return "a floating-point number"
        case .string, .enumeration: return "a string"
        case .bytes, .fixed: return "a byte array"
        case .array: return "an array"
        case .record, .map: return "a record or map"
        case .union: return "a union"
        }
    }
}

/// A map read ahead: its keys in input order and where each value starts.
final class AvroTypedMapTable {
    let keys: [String]
    let values: [UnsafePointer<UInt8>]
    /// Where the input continues after the map.
    let end: UnsafePointer<UInt8>
    let valueNode: Int32
    /// Key -> position, built on first use for maps too large for a linear search.
    private var index: [String: Int]?
    private var hint = 0

    init(keys: [String], values: [UnsafePointer<UInt8>], end: UnsafePointer<UInt8>, valueNode: Int32) {
        self.keys = keys
        self.values = values
        self.end = end
        self.valueNode = valueNode
    }

    /// The position of `key` (the last one when a key repeats, as the tree bridge keeps it,
    /// unless the keys are asked for in input order).
    func position(of key: String) -> Int? {
        // Decoders usually ask in `allKeys` order: try the next position first.
        if hint < keys.count && keys[hint] == key {
            hint += 1
            return hint - 1
        }
        if keys.count <= 16 { return keys.lastIndex(of: key) }
        if index == nil {
            var table: [String: Int] = [:]
            for (i, k) in keys.enumerated() { table[k] = i }
            index = table
        }
        return index?[key]
    }
}
