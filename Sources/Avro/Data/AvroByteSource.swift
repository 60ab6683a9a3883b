/// A bounds-checked cursor over an Avro binary body.
///
/// Every read checks the remaining length once, up front, and reports a typed error; lengths and
/// item counts are compared with what is left before anything is allocated, which is the defence
/// against forged length prefixes. The pointer-based form keeps the checks to one comparison each.
struct AvroByteSource {
    var p: UnsafePointer<UInt8>
    let start: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>
    /// Current record nesting, checked against `maximumDepth`.
    var depth: Int = 0
    let maximumDepth: Int
    /// How many more items of zero-byte types may be produced in this datum.
    var zeroSizeBudget: Int
    let zeroSizeLimit: Int

    init(_ buffer: UnsafeRawBufferPointer, maximumDepth: Int, zeroSizeLimit: Int) {
        let base = buffer.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? AvroByteSource.emptyInput
        start = base
        p = base
        end = base + buffer.count
        self.maximumDepth = maximumDepth
        self.zeroSizeLimit = zeroSizeLimit
        zeroSizeBudget = zeroSizeLimit
    }

    /// A valid address for empty inputs, whose buffers may have no base address.
    nonisolated(unsafe) static let emptyInput: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    var offset: Int { p - start }
    var remaining: Int { end - p }

    @inline(__always)
    mutating func readLong() throws(AvroDecodingError) -> Int64 {
        guard p < end else { throw .truncated(offset: offset) }
        let first = p.pointee
        if first < 0x80 {
            p += 1
            let n = UInt64(first)
            return Int64(bitPattern: (n >> 1) ^ (0 &- (n & 1)))
        }
        return try readLongSlow()
    }

    @inline(never)
    mutating func readLongSlow() throws(AvroDecodingError) -> Int64 {
        let begin = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard p < end else { throw .truncated(offset: offset) }
            let b = p.pointee
            p += 1
            if shift == 63 && b > 1 { throw .invalidVarint(offset: begin) }
            result |= UInt64(b & 0x7F) &<< shift
            if b < 0x80 { break }
            shift += 7
            if shift > 63 { throw .invalidVarint(offset: begin) }
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    @inline(__always)
    mutating func readInt() throws(AvroDecodingError) -> Int32 {
        let begin = offset
        let l = try readLong()
        guard let i = Int32(exactly: l) else { throw .invalidVarint(offset: begin) }
        return i
    }

    @inline(__always)
    mutating func readBoolean() throws(AvroDecodingError) -> Bool {
        guard p < end else { throw .truncated(offset: offset) }
        let b = p.pointee
        guard b <= 1 else { throw .invalidBoolean(b, offset: offset) }
        p += 1
        return b == 1
    }

    @inline(__always)
    mutating func readFloat() throws(AvroDecodingError) -> Float {
        guard remaining >= 4 else { throw .truncated(offset: offset) }
        let bits = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
        p += 4
        return Float(bitPattern: UInt32(littleEndian: bits))
    }

    @inline(__always)
    mutating func readDouble() throws(AvroDecodingError) -> Double {
        guard remaining >= 8 else { throw .truncated(offset: offset) }
        let bits = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        p += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    /// A byte length, validated against the remaining input.
    @inline(__always)
    mutating func readLength() throws(AvroDecodingError) -> Int {
        let begin = offset
        let n = try readLong()
        guard n >= 0 else { throw .negativeLength(n, offset: begin) }
        guard n <= Int64(remaining) else { throw .lengthBeyondInput(n, remaining: remaining, offset: begin) }
        return Int(n)
    }

    @inline(__always)
    mutating func readBytes() throws(AvroDecodingError) -> [UInt8] {
        let n = try readLength()
        return readRaw(n)
    }

    /// `n` bytes already validated against `remaining`.
    @inline(__always)
    mutating func readRaw(_ n: Int) -> [UInt8] {
        let bytes = [UInt8](UnsafeBufferPointer(start: p, count: n))
        p += n
        return bytes
    }

    @inline(__always)
    mutating func readString() throws(AvroDecodingError) -> String {
        let n = try readLength()
        let begin = offset
        guard AvroByteSource.isValidUTF8(p, n) else { throw .invalidUTF8(offset: begin) }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        p += n
        return s
    }

    /// Strict UTF-8 validation (no overlongs, surrogates or code points above U+10FFFF).
    ///
    /// Hand-written because the standard library's throwing-style validator
    /// (`String(validating:as:)`) is generic and, unspecialised, spends most of its time in
    /// runtime metadata lookups; this one is a plain loop with an 8-byte ASCII fast path.
    @inline(__always)
    static func isValidUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i &+ 8 <= n {
            let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 { i &+= 1; continue }
            return validateMultibyte(p, n, from: i)
        }
        return true
    }

    @inline(never)
    static func validateMultibyte(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> Bool {
        var i = start
        @inline(__always) func isContinuation(_ j: Int) -> Bool { j < n && p[j] & 0xC0 == 0x80 }
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 {
                i &+= 1
            } else if b0 < 0xC2 {
                return false
            } else if b0 < 0xE0 {
                guard isContinuation(i &+ 1) else { return false }
                i &+= 2
            } else if b0 < 0xF0 {
                guard isContinuation(i &+ 1), isContinuation(i &+ 2) else { return false }
                let b1 = p[i &+ 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b0 == 0xED && b1 >= 0xA0 { return false }  // surrogate
                i &+= 3
            } else if b0 < 0xF5 {
                guard isContinuation(i &+ 1), isContinuation(i &+ 2), isContinuation(i &+ 3) else { return false }
                let b1 = p[i &+ 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b0 == 0xF4 && b1 >= 0x90 { return false }  // above U+10FFFF
                i &+= 4
            } else {
                return false
            }
        }
        return true
    }

    mutating func skip(_ n: Int) throws(AvroDecodingError) {
        guard n <= remaining else { throw .truncated(offset: offset) }
        p += n
    }

    /// A `fixed` of `size` bytes.
    @inline(__always)
    mutating func readFixed(_ size: Int) throws(AvroDecodingError) -> [UInt8] {
        guard size <= remaining else { throw .truncated(offset: offset) }
        return readRaw(size)
    }

    /// A union branch index, which must be below `count`.
    @inline(__always)
    mutating func readUnionBranch(below count: Int) throws(AvroDecodingError) -> Int {
        try readIndex(below: count, else: AvroDecodingError.invalidUnionBranch)
    }

    /// An enum symbol index, which must be below `count`.
    @inline(__always)
    mutating func readEnumIndex(below count: Int) throws(AvroDecodingError) -> Int {
        try readIndex(below: count, else: AvroDecodingError.invalidEnumIndex)
    }

    /// A long that must be in `0..<count`, else `invalid(value, offset where it starts)`.
    @inline(__always)
    private mutating func readIndex(
        below count: Int, else invalid: (Int64, Int) -> AvroDecodingError
    ) throws(AvroDecodingError) -> Int {
        let begin = offset
        let i = try readLong()
        guard i >= 0 && i < Int64(count) else { throw invalid(i, begin) }
        return Int(i)
    }

    /// Counts one more record level, against `maximumDepth` (recursive schemas, hostile input).
    @inline(__always)
    mutating func enterRecord() throws(AvroDecodingError) {
        depth &+= 1
        guard depth <= maximumDepth else { throw .nestingTooDeep(limit: maximumDepth, offset: offset) }
    }

    /// Reads a block header: the item count, consuming the byte size of a negative-count block.
    /// Returns 0 at the end of the blocks. Validates the count against the remaining input given
    /// the smallest encoded item (`minItemSize`), or against the zero-size budget.
    @inline(__always)
    mutating func readBlockCount(minItemSize: Int32) throws(AvroDecodingError) -> Int {
        let begin = offset
        var count = try readLong()
        if count == 0 { return 0 }
        if count < 0 {
            guard count != Int64.min else { throw .invalidVarint(offset: begin) }
            count = -count
            let size = try readLong()
            guard size >= 0 else { throw .negativeLength(size, offset: begin) }
        }
        try checkCount(count, minItemSize: minItemSize, at: begin)
        return Int(count)
    }

    @inline(__always)
    mutating func checkCount(_ count: Int64, minItemSize: Int32, at begin: Int) throws(AvroDecodingError) {
        if minItemSize > 0 {
            guard count <= Int64(remaining) / Int64(minItemSize) else {
                throw .lengthBeyondInput(count, remaining: remaining, offset: begin)
            }
        } else {
            guard count <= Int64(zeroSizeBudget) else {
                throw .tooManyZeroSizeItems(limit: zeroSizeLimit, offset: begin)
            }
            zeroSizeBudget -= Int(count)
        }
    }
}
