/// Which message of a schema a record holds, as Confluent's wire format says it: the path of
/// positions from the file's top-level messages down through nested ones
/// (`ProtobufSchema.toMessageIndexes`). Enums and services are not counted; nested types are
/// counted as protoc lists them, map entries and groups included.
public enum ProtoMessageIndexes {
    /// The path to the message `name` (`Outer.Inner`, with or without the package, or with
    /// a leading dot), nil when the file declares no such message.
    public static func of(_ name: String, in file: ProtoFile) -> [Int]? {
        var relative = Substring(name)
        if relative.hasPrefix(".") { relative = relative.dropFirst() }
        if let package = file.package, relative.hasPrefix(package + ".") { relative = relative.dropFirst(package.count + 1) }
        var path: [Int] = []
        var candidates = file.messages
        for part in relative.split(separator: ".", omittingEmptySubsequences: false) {
            guard let index = candidates.firstIndex(where: { $0.name == part }) else { return nil }
            path.append(index)
            candidates = candidates[index].nestedMessages
        }
        return path.isEmpty ? nil : path
    }

    /// The message at `path`, with its name qualified by its parents (not the package).
    public static func message(at path: [Int], in file: ProtoFile) -> (name: String, message: ProtoMessage)? {
        var candidates = file.messages
        var names: [String] = []
        var found: ProtoMessage? = nil
        for index in path {
            guard index >= 0, index < candidates.count else { return nil }
            found = candidates[index]
            names.append(candidates[index].name)
            candidates = candidates[index].nestedMessages
        }
        return found.map { (names.joined(separator: "."), $0) }
    }

    /// The index list as the wire format writes it after the schema id: the count then each
    /// index as zig-zag varints, with `[0]` (the first message) as the single byte 0.
    public static func encode(_ path: [Int]) -> [UInt8] {
        if path == [0] { return [0] }
        var bytes: [UInt8] = []
        ProtoWireWriter.zigZag(Int64(path.count), to: &bytes)
        for index in path { ProtoWireWriter.zigZag(Int64(index), to: &bytes) }
        return bytes
    }

    /// Reads an index list from the start of `bytes`: the path and how many bytes it took;
    /// nil when the bytes end early, a varint runs over 10 bytes, or the count is negative or
    /// larger than what is left.
    public static func decode(_ bytes: some Collection<UInt8>) -> (path: [Int], length: Int)? {
        var iterator = bytes.makeIterator()
        var consumed = 0
        func read() -> Int64? {
            var result: UInt64 = 0
            for shift in stride(from: 0, to: 70, by: 7) {
                guard let byte = iterator.next() else { return nil }
                consumed += 1
                result |= UInt64(byte & 0x7F) << UInt64(shift)
                if byte & 0x80 == 0 { return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1))) }
            }
            return nil
        }
        guard let count = read(), count >= 0, count <= Int64(bytes.count) else { return nil }
        if count == 0 { return ([0], consumed) }
        var path: [Int] = []
        for _ in 0..<count {
            guard let index = read() else { return nil }
            path.append(Int(index))
        }
        return (path, consumed)
    }
}
