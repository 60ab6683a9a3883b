#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// The file that stands in for a topic: appended to by producers, read whole by consumers.

/// Appends `lines` to the file at `path`, creating it.
func appendLines(_ lines: [String], to path: String) throws {
    guard let file = fopen(path, "a") else { throw ValidationError("cannot open \(path) for appending") }
    defer { fclose(file) }
    for line in lines { fputs(line + "\n", file) }
}

/// The lines of the file at `path`.
func readLines(_ path: String) throws -> [String] {
    guard let file = fopen(path, "r") else { throw ValidationError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
