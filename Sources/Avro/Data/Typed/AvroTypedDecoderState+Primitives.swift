/// Scalar values read at a node (after its union branch), with the tree bridge's conversions:
/// `int`/`long` into any integer type they fit, `float`/`double` (or an integer) into
/// floating point, `string` or an enum symbol into `String`.
extension AvroTypedDecoderState {
    @inline(__always)
    func readBool(at node: Int32) throws(AvroTypedFailure) -> Bool {
        let n = try resolve(node)
        guard plan.nodes[Int(n)].kind == .boolean else { throw mismatch(n, expected: "a boolean") }
        do throws(AvroDecodingError) { return try core.pointee.src.readBoolean() } catch { throw decoding(error) }
    }

    @inline(__always)
    func readInteger<T: FixedWidthInteger>(_ type: T.Type, at node: Int32) throws(AvroTypedFailure) -> T {
        let n = try resolve(node)
        let kind = plan.nodes[Int(n)].kind
        guard kind == .long || kind == .int else { throw mismatch(n, expected: "an integer") }
        let v: Int64
        do throws(AvroDecodingError) {
            v = kind == .int ? Int64(try core.pointee.src.readInt()) : try core.pointee.src.readLong()
        } catch {
            throw decoding(error)
        }
        guard let converted = T(exactly: v) else { throw AvroTypedFailure("\(v) does not fit in \(T.self)") }
        return converted
    }

    @inline(__always)
    func readFloating<T: BinaryFloatingPoint>(_ type: T.Type, at node: Int32) throws(AvroTypedFailure) -> T {
        let n = try resolve(node)
        let c = core
        let kind = c.pointee.plan.nodes[Int(n)].kind
        switch kind {
        case .float, .int, .long, .double: break
        default: throw mismatch(n, expected: "a number")
        }
        do throws(AvroDecodingError) {
            switch kind {
            case .float: return T(try c.pointee.src.readFloat())
            case .int: return T(try c.pointee.src.readInt())
            case .long: return T(try c.pointee.src.readLong())
            default: break
            }
        } catch {
            throw decoding(error)
        }
        let d: Double
        do throws(AvroDecodingError) { d = try c.pointee.src.readDouble() } catch { throw decoding(error) }
        let converted = T(d)
        if d.isFinite && !converted.isFinite { throw AvroTypedFailure("\(d) does not fit in \(T.self)") }
        return converted
    }

    @inline(__always)
    func readString(at node: Int32) throws(AvroTypedFailure) -> String {
        let n = try resolve(node)
        let c = core
        let info = c.pointee.plan.nodes[Int(n)]
        switch info.kind {
        case .string:
            do throws(AvroDecodingError) { return try c.pointee.src.readString() } catch { throw decoding(error) }
        case .enumeration:
            let i: Int
            do throws(AvroDecodingError) { i = try c.pointee.src.readEnumIndex(below: Int(info.b)) } catch { throw decoding(error) }
            return c.pointee.plan.binary.symbols[Int(info.a)][i]
        default:
            throw mismatch(n, expected: "a string")
        }
    }

    /// `bytes` or `fixed` in one copy.
    func readByteArray(at node: Int32) throws(AvroTypedFailure) -> [UInt8] {
        let n = try resolve(node)
        let c = core
        let info = c.pointee.plan.nodes[Int(n)]
        switch info.kind {
        case .bytes:
            do throws(AvroDecodingError) { return try c.pointee.src.readBytes() } catch { throw decoding(error) }
        case .fixed:
            do throws(AvroDecodingError) { return try c.pointee.src.readFixed(Int(info.a)) } catch { throw decoding(error) }
        default:
            throw mismatch(n, expected: "a byte array")
        }
    }

    // MARK: SingleValueDecodingContainer (the value at the current node)

    /// Reads the single value at the current node; a failed read puts the input back, so a
    /// type may try one kind of value and then another (`try? decode(Int.self)`, then `String`).
    @inline(__always)
    private func single<R>(_ read: (Int32) throws(AvroTypedFailure) -> R) throws(AvroTypedFailure) -> R {
        let c = core
        let (start, kind) = (c.pointee.src.p, c.pointee.frame.kind)
        c.pointee.frame.kind = .done
        do throws(AvroTypedFailure) {
            return try read(c.pointee.node)
        } catch {
            (c.pointee.src.p, c.pointee.frame.kind) = (start, kind)
            throw error
        }
    }

    func decodeNil() -> Bool {
        let c = core
        guard c.pointee.frame.kind == .none, (try? peekNil(at: c.pointee.node)) == true else { return false }
        // Consume the null (its union branch), so the value is done.
        _ = try? resolve(c.pointee.node)
        c.pointee.frame.kind = .done
        return true
    }

    func decode(_ type: Bool.Type) throws -> Bool { try single { (n) throws(AvroTypedFailure) in try readBool(at: n) } }
    func decode(_ type: String.Type) throws -> String { try single { (n) throws(AvroTypedFailure) in try readString(at: n) } }
    func decode(_ type: Double.Type) throws -> Double { try single { (n) throws(AvroTypedFailure) in try readFloating(type, at: n) } }
    func decode(_ type: Float.Type) throws -> Float { try single { (n) throws(AvroTypedFailure) in try readFloating(type, at: n) } }
    func decode(_ type: Int.Type) throws -> Int { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: Int128.Type) throws -> Int128 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt.Type) throws -> UInt { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try single { (n) throws(AvroTypedFailure) in try readInteger(type, at: n) } }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A wrapper decoding its content as a single value: the content is at this node.
        try single { (n) throws(AvroTypedFailure) in try decodeValue(type, at: n) }
    }
}
