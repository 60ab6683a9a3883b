#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSONModel
import Testing

/// Reads are answered on the event loop and everything else by Hummingbird; these tests pin
/// down that a client cannot tell the two apart, even when it pipelines.
@Suite("Reads answered on the event loop")
struct InlineResponseTests {
    static let schema = #"{"type":"record","name":"Reading","fields":[{"name":"celsius","type":"double"}]}"#

    @Test("an inline read and a task route send the same headers")
    func sameHeaders() async throws {
        try await withServer { client in
            let registered = try await client.register("temps", Self.schema)  // a task route
            let read = try await client.call(.get, "/schemas/ids/1")  // a read route
            #expect(registered.status == 200 && read.status == 200)
            for name in [HTTPField.Name.contentType, .cacheControl, HTTPField.Name("X-XSS-Protection")!] {
                #expect(read.headers[name] != nil)
                #expect(read.headers[name] == registered.headers[name])
            }
            #expect(read.headers[.contentLength] == String(read.text.utf8.count))
            #expect(read.headers[.date]?.hasSuffix(" GMT") == true)
            #expect(read.json?.objectValue?["schema"]?.stringValue?.contains("Reading") == true)
        }
    }

    @Test("inline and forwarded answers are the same bytes, Date aside")
    func sameBytes() async throws {
        try await withServer { client in
            #expect(try await client.register("temps", Self.schema).status == 200)
            // A `Connection` header sends the request to Hummingbird; without it, it is answered inline.
            let forwarded = ["Connection: keep-alive"]
            let requests = [
                Self.request("GET", "/schemas/ids/1"), Self.request("GET", "/schemas/ids/1", headers: forwarded),
                Self.request("GET", "/schemas/ids/9"), Self.request("GET", "/schemas/ids/9", headers: forwarded),
                Self.request("GET", "/schemas/ids/1", headers: ["Accept: application/json"]),
                Self.request("GET", "/schemas/ids/1", headers: ["Accept: application/json"] + forwarded),
                Self.request("GET", "/schemas/types", close: true),
            ]
            let answers = try await Self.exchange(port: try #require(client.port), requests.joined())
            try #require(answers.count == 7)
            func withoutDate(_ answer: Answer) -> [String] { answer.head.filter { !$0.hasPrefix("Date: ") } + [answer.body] }
            #expect(answers[0].head.first == "HTTP/1.1 200 OK")
            #expect(answers[2].head.first == "HTTP/1.1 404 Not Found")
            #expect(answers[4].head.contains("Content-Type: application/json"))
            for pair in [(0, 1), (2, 3), (4, 5)] {
                #expect(withoutDate(answers[pair.0]) == withoutDate(answers[pair.1]))
            }
        }
    }

    @Test("pipelined requests mixing inline reads and task routes are answered in order")
    func pipelinedOrder() async throws {
        try await withServer { client in
            let port = try #require(client.port)
            let body = JSONWriter.string(["schema": .string(Self.schema)])
            let requests = [
                Self.request("POST", "/subjects/temps/versions", body: body),  // task: registers id 1
                Self.request("GET", "/schemas/ids/1"),  // inline, must see the registration
                Self.request("GET", "/subjects"),  // task (a listing)
                Self.request("POST", "/subjects/temps", body: body),  // inline lookup
                Self.request("GET", "/schemas/ids/2"),  // inline 404
                Self.request("GET", "/subjects/temps/versions", close: true),
            ]
            let answers = try await Self.exchange(port: port, requests.joined())
            #expect(answers.map(\.status) == [200, 200, 200, 200, 404, 200])
            #expect(answers[0].body == #"{"id":1}"# || answers[0].body.hasPrefix(#"{"id":1,"#))
            #expect(answers[1].body.contains("Reading"))
            #expect(answers[2].body == #"["temps"]"#)
            #expect(answers[3].body.contains(#""subject":"temps""#))
            #expect(answers[4].body.contains("40403"))
            #expect(answers[5].body == "[1]")
        }
    }

    @Test("a repeated lookup (answered from the lookup cache) follows every write")
    func lookupFollowsWrites() async throws {
        try await withServer { client async throws in
            #expect(try await Self.lookup(client, "").status == 404)
            #expect(try await client.register("temps", Self.schema).status == 200)
            #expect(try await Self.lookup(client, "").json?.objectValue?["version"]?.integerValue == 1)
            #expect(try await Self.lookup(client, "").json?.objectValue?["version"]?.integerValue == 1)
            #expect(try await client.call(.delete, "/subjects/temps/versions/1").status == 200)
            #expect(try await Self.lookup(client, "").errorCode == 40401)
            #expect(try await Self.lookup(client, "?deleted=true").json?.objectValue?["deleted"] == .bool(true))
            #expect(try await client.register("temps", Self.schema).status == 200)
            #expect(try await Self.lookup(client, "").json?.objectValue?["version"]?.integerValue == 2)
            // The same schema, spelled differently: found only once the config normalizes.
            let spaced = JSONWriter.string(["schema": .string(Self.schema.replacingOccurrences(of: ",", with: ", "))])
            #expect(try await client.call(.post, "/subjects/temps", body: spaced).json?.objectValue?["version"]?.integerValue == 2)
            let other = #"{"type":"record","name":"Reading","fields":[{"name":"celsius","type":"double","doc":"x"}]}"#
            #expect(try await client.call(.put, "/config/temps", body: #"{"compatibility":"NONE"}"#).status == 200)
            #expect(try await client.register("temps", other).status == 200)
            #expect(try await client.call(.post, "/subjects/temps", body: JSONWriter.string(["schema": .string(other)])).json?.objectValue?["version"]?.integerValue == 3)
            #expect(try await client.call(.delete, "/subjects/temps/versions/3?permanent=false").status == 200)
            #expect(try await client.call(.delete, "/subjects/temps/versions/3?permanent=true").status == 200)
            #expect(try await client.call(.post, "/subjects/temps", body: JSONWriter.string(["schema": .string(other)])).errorCode == 40403)
        }
    }

    static func lookup(_ client: any TestClientProtocol, _ query: String) async throws -> Reply {
        try await client.call(.post, "/subjects/temps" + query, body: JSONWriter.string(["schema": .string(schema)]))
    }

    @Test("a lookup body over the inline limit is answered by Hummingbird, the same way")
    func largeBody() async throws {
        try await withServer(maximumBodySize: 1 << 20) { client in
            let doc = String(repeating: "x", count: 70 * 1024)
            let big = #"{"type":"record","name":"Big","doc":"\#(doc)","fields":[]}"#
            #expect(try await client.register("big", big).status == 200)
            let found = try await client.call(.post, "/subjects/big", body: JSONWriter.string(["schema": .string(big)]))
            #expect(found.status == 200)
            #expect(found.json?.objectValue?["version"]?.integerValue == 1)
        }
    }

    @Test("Connection: close gets its answer, then the connection closes")
    func connectionClose() async throws {
        try await withServer { client in
            let answers = try await Self.exchange(port: try #require(client.port), Self.request("GET", "/schemas/types", close: true))
            #expect(answers.count == 1)
            #expect(answers.first?.status == 200)
        }
    }

    // MARK: A raw HTTP/1.1 client, so requests can be pipelined in one write.

    static func request(_ method: String, _ path: String, body: String? = nil, close: Bool = false, headers: [String] = []) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for header in headers { text += header + "\r\n" }
        if close { text += "Connection: close\r\n" }
        if let body {
            text += "Content-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return text
    }

    struct Answer {
        var status: Int
        /// The status line and header lines, as sent.
        var head: [String]
        var body: String
    }

    /// Sends `text` in one write and reads until the server closes (the last request must
    /// say `Connection: close`), then splits the stream into responses by `Content-Length`.
    ///
    /// The blocking socket calls run on a thread of their own: on the cooperative pool they
    /// would hold one of its few threads, which the server's own tasks need.
    static func exchange(port: Int, _ text: String) async throws -> [Answer] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try blockingExchange(port: port, text) }) }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, _ text: String) throws -> [Answer] {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            try #require(n > 0)
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received.append(contentsOf: chunk[0..<n])
        }
        var answers: [Answer] = []
        var rest = received[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) else { break }
            let head = String(decoding: rest[rest.startIndex..<end], as: UTF8.self).split(separator: "\r\n")
            let status = Int(head[0].split(separator: " ")[1]) ?? 0
            var length = 0
            for line in head.dropFirst() where line.lowercased().hasPrefix("content-length:") {
                length = Int(line.split(separator: ":")[1].trimmingCharacters(in: " ")) ?? 0
            }
            let bodyStart = end + separator.count
            let body = String(decoding: rest[bodyStart..<bodyStart + length], as: UTF8.self)
            answers.append(Answer(status: status, head: head.map(String.init), body: body))
            rest = rest[(bodyStart + length)...]
        }
        return answers
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
