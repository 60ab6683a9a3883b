/// A growable output buffer written through a raw pointer.
///
/// `[UInt8].append` checks capacity and uniqueness per byte; the writer instead reserves room once
/// per value (`ensure`) and stores bytes directly. The sink starts on caller-provided stack memory
/// and moves to the heap only when a datum outgrows it, so small messages cost no scratch
/// allocation at all.
struct AvroByteSink {
    var base: UnsafeMutablePointer<UInt8>
    var count: Int
    var capacity: Int
    /// Whether `base` was allocated by the sink (and must be freed by `release()`).
    var ownsStorage: Bool

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
    mutating func release() {
        if ownsStorage { base.deallocate() }
        ownsStorage = false
        capacity = 0
        count = 0
    }

    @inline(__always)
    mutating func ensure(_ extra: Int) {
        if capacity &- count < extra { grow(extra) }
    }

    @inline(never)
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

    @inline(__always)
    mutating func writeByte(_ b: UInt8) {
        ensure(1)
        base[count] = b
        count &+= 1
    }

    /// Zig-zag varint of a long; at most 10 bytes.
    @inline(__always)
    mutating func writeLong(_ v: Int64) {
        ensure(10)
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

    @inline(__always)
    mutating func writeFloat(_ f: Float) {
        ensure(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: f.bitPattern.littleEndian, as: UInt32.self)
        count &+= 4
    }

    @inline(__always)
    mutating func writeDouble(_ d: Double) {
        ensure(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: d.bitPattern.littleEndian, as: UInt64.self)
        count &+= 8
    }

    @inline(__always)
    mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        ensure(n)
        if n > 0, let src = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: n)
        }
        count &+= n
    }

    /// Length-prefixed bytes.
    @inline(__always)
    mutating func writeBytes(_ bytes: [UInt8]) {
        writeLong(Int64(bytes.count))
        bytes.withUnsafeBytes { writeRaw($0) }
    }

    /// Length-prefixed UTF-8.
    @inline(__always)
    mutating func writeString(_ s: String) {
        // The non-mutating view access avoids copying (retaining) the string, which `withUTF8`
        // needs; native strings, small or not, always provide contiguous UTF-8.
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { utf8 in
            writeLong(Int64(utf8.count))
            writeRaw(UnsafeRawBufferPointer(utf8))
        }
        if done == nil {
            var copy = s
            copy.withUTF8 { utf8 in
                writeLong(Int64(utf8.count))
                writeRaw(UnsafeRawBufferPointer(utf8))
            }
        }
    }
}
