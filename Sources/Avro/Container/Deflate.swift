import CZlib

/// Raw DEFLATE through the system zlib, for the `deflate` codec of container files.
enum Deflate {
    /// Compresses `input` as raw DEFLATE at zlib's default level.
    static func compress(_ input: [UInt8]) throws(AvroContainerError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw .compression("deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .compression("deflate failed (\(status))") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Inflates raw DEFLATE, refusing to produce more than `limit` bytes (a zip bomb is an
    /// error, not an out-of-memory crash).
    static func decompress(_ input: ArraySlice<UInt8>, limit: Int) throws(AvroContainerError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .compression("inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = Array(input)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuf) throws(AvroContainerError) in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw .compression("corrupt deflate data (\(status))") }
                guard output.count + produced <= limit else { throw .compression("a block inflates beyond \(limit) bytes") }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 { throw .compression("truncated deflate data") }
            } while status != Z_STREAM_END
        }
        return output
    }
}
