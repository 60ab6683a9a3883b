/// A growable output buffer written through a raw pointer.
///
/// `[UInt8].append` checks capacity and uniqueness per byte; the writer instead reserves room once
/// per value (`ensure`) and stores bytes directly. The sink starts on caller-provided stack memory
/// and moves to the heap only when a datum outgrows it, so small messages cost no scratch
/// allocation at all.
@usableFromInline
struct AvroByteSink {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count: Int
    @usableFromInline var capacity: Int
    /// Whether `base` was allocated by the sink (and must be freed by `release()`).
    @usableFromInline var ownsStorage: Bool

    @usableFromInline
    init(initial: UnsafeMutableBufferPointer<UInt8>) {
        if let p = initial.baseAddress, initial.count > 0 {
            base = p
            capacity = initial.count
            ownsStorage = false
        } else {
            base = .allocate(capacity: 256)
            capacity = 256
            ownsStorage = true
        }
        count = 0
    }

    /// Frees heap storage if the sink moved there.
    @usableFromInline
    mutating func release() {
        if ownsStorage { base.deallocate() }
        ownsStorage = false
        capacity = 0
        count = 0
    }

    @inlinable @inline(__always)
    mutating func ensure(_ extra: Int) {
        if capacity &- count < extra { grow(extra) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ extra: Int) {
        var newCapacity = Swift.max(capacity &* 2, 256)
        while newCapacity - count < extra { newCapacity &*= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        if ownsStorage { base.deallocate() }
        base = fresh
        capacity = newCapacity
        ownsStorage = true
    }

    @inlinable @inline(__always)
    mutating func writeByte(_ b: UInt8) {
        ensure(1)
        base[count] = b
        count &+= 1
    }

    /// Zig-zag varint of a long; at most 10 bytes.
    @inlinable @inline(__always)
    mutating func writeLong(_ v: Int64) {
        ensure(10)
        writeLongUnchecked(v)
    }

    /// ``writeLong(_:)`` when the caller has already made room for 10 bytes.
    @inlinable @inline(__always)
    mutating func writeLongUnchecked(_ v: Int64) {
        var n = UInt64(bitPattern: (v &<< 1) ^ (v >> 63))
        var p = base + count
        while n >= 0x80 {
            p.pointee = UInt8(truncatingIfNeeded: n) | 0x80
            p += 1
            n &>>= 7
        }
        p.pointee = UInt8(truncatingIfNeeded: n)
        count = (p + 1) - base
    }

    @inlinable @inline(__always)
    mutating func writeFloat(_ f: Float) {
        ensure(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: f.bitPattern.littleEndian, as: UInt32.self)
        count &+= 4
    }

    @inlinable @inline(__always)
    mutating func writeDouble(_ d: Double) {
        ensure(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: d.bitPattern.littleEndian, as: UInt64.self)
        count &+= 8
    }

    @inlinable @inline(__always)
    mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        ensure(n)
        if n > 0, let src = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: n)
        }
        count &+= n
    }

    /// Length-prefixed bytes.
    @inlinable @inline(__always)
    mutating func writeBytes(_ bytes: [UInt8]) {
        writeLong(Int64(bytes.count))
        bytes.withUnsafeBytes { writeRaw($0) }
    }

    /// Length-prefixed UTF-8.
    ///
    /// Kept small so that it is inlined where the writer matches a string in place: a string
    /// passed to a call that is not inlined has to be retained around it.
    @inlinable @inline(__always)
    mutating func writeString(_ s: String) {
        // The non-mutating view access avoids copying (retaining) the string, which `withUTF8`
        // needs; native strings, small or not, always provide contiguous UTF-8.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            writeLengthPrefixed(UnsafeRawBufferPointer(utf8))
        }
        if done == nil { writeBridgedString(s) }
    }

    @inlinable @inline(__always)
    mutating func writeLengthPrefixed(_ bytes: UnsafeRawBufferPointer) {
        writeLong(Int64(bytes.count))
        writeRaw(bytes)
    }

    /// Strings without contiguous UTF-8 (bridged, on Darwin).
    @usableFromInline @inline(never)
    mutating func writeBridgedString(_ s: String) {
        var copy = s
        copy.withUTF8 { writeLengthPrefixed(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Writes that never grow
    //
    // A string or byte array matched inside a datum (`if case .string(let s) = value.pointee`)
    // is borrowed only while nothing opaque runs during the match; `grow` (which allocates and
    // frees) counts as opaque and makes the compiler retain the payload around it. The writer
    // therefore checks for room first and then writes with these unchecked variants, falling
    // back to the growing path when the room is not there.

    /// Whether `s` is contiguous UTF-8 and its length-prefixed form plus `extra` bytes fit
    /// without growing.
    @inlinable @inline(__always)
    func hasRoom(forString s: String, plus extra: Int) -> Bool {
        s.isContiguousUTF8 && capacity &- count >= s.utf8.count &+ (10 &+ extra)
    }

    /// Whether the length-prefixed form of `bytes` plus `extra` bytes fit without growing.
    @inlinable @inline(__always)
    func hasRoom(forBytes bytes: [UInt8], plus extra: Int) -> Bool {
        capacity &- count >= bytes.count &+ (10 &+ extra)
    }

    /// Length-prefixed UTF-8 of a string that passed ``hasRoom(forString:plus:)``.
    @inlinable @inline(__always)
    mutating func writeStringUnchecked(_ s: String) {
        _ = s.utf8.withContiguousStorageIfAvailable { utf8 in
            writeLengthPrefixedUnchecked(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Length-prefixed bytes that passed ``hasRoom(forBytes:plus:)``.
    @inlinable @inline(__always)
    mutating func writeBytesUnchecked(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeLengthPrefixedUnchecked($0) }
    }

    @inlinable @inline(__always)
    mutating func writeLengthPrefixedUnchecked(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        writeLongUnchecked(Int64(n))
        if n > 0, let src = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: n)
        }
        count &+= n
    }
}
