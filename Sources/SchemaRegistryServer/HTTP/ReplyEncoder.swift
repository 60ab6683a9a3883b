import HTTPTypes
import NIOCore
import NIOHTTP1

/// Writes a `Reply` as the bytes of an HTTP/1.1 response, for `InlineResponseHandler`.
///
/// The bytes are those NIO's response encoder writes for the same reply coming from
/// Hummingbird (status line with NIO's reason phrase, the media type's headers,
/// `Content-Length`, `Date`, `Server`, in that order), so a client cannot tell which path
/// answered. Everything before `Content-Length` depends only on status and media type and is
/// rendered once per process.
struct ReplyEncoder {
    private let serverLine: String?
    private var date = HTTPDate()

    /// Creates the encoder of one connection.
    ///
    /// - Parameter serverName: the `Server` header value, or `nil` for none.
    init(serverName: String?) {
        serverLine = serverName.map { "Server: \($0)\r\n" }
    }

    /// The whole response, head and body, in one buffer (one `write` to the socket).
    mutating func encode(_ reply: Reply, allocator: ByteBufferAllocator) -> ByteBuffer {
        let prefix = Self.prefix(reply.status, reply.mediaType)
        let bodySize = reply.body?.readableBytes ?? 0
        var buffer = allocator.buffer(capacity: prefix.readableBytes + 96 + bodySize)
        buffer.writeImmutableBuffer(prefix)
        if let challenge = reply.challenge {
            buffer.writeStaticString("WWW-Authenticate: ")
            buffer.writeString(challenge)
            buffer.writeStaticString("\r\n")
        }
        if let retryAfter = reply.retryAfter {
            buffer.writeStaticString("Retry-After: ")
            buffer.writeString(String(retryAfter))
            buffer.writeStaticString("\r\n")
        }
        if let body = reply.body {
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(body.readableBytes))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("Date: ")
        buffer.writeString(date.now())
        buffer.writeStaticString("\r\n")
        if let serverLine { buffer.writeString(serverLine) }
        buffer.writeStaticString("\r\n")
        if let body = reply.body { buffer.writeImmutableBuffer(body) }
        return buffer
    }

    /// The status line and fixed headers of a status and media type.
    static func prefix(_ status: HTTPResponse.Status, _ mediaType: MediaType) -> ByteBuffer {
        // NIO writes its own phrase for every code in the table, whatever the status carries.
        if let rendered = commonPrefixes[PrefixKey(code: status.code, mediaType: mediaType)] { return rendered }
        return render(status, mediaType)
    }

    private struct PrefixKey: Hashable {
        var code: Int
        var mediaType: MediaType
    }

    /// The statuses the registry's read routes answer with, for every media type.
    private static let commonPrefixes: [PrefixKey: ByteBuffer] = {
        var table: [PrefixKey: ByteBuffer] = [:]
        for code in [200, 204, 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 500, 503] {
            for mediaType in [MediaType.schemaRegistryV1, .schemaRegistry, .json] {
                table[PrefixKey(code: code, mediaType: mediaType)] = render(HTTPResponse.Status(code: code), mediaType)
            }
        }
        return table
    }()

    private static func render(_ status: HTTPResponse.Status, _ mediaType: MediaType) -> ByteBuffer {
        // The phrase NIO's encoder writes: its standard one for a known code, else the status's.
        let phrase = HTTPResponseStatus(statusCode: status.code, reasonPhrase: status.reasonPhrase).reasonPhrase
        var text = "HTTP/1.1 \(status.code) \(phrase)\r\n"
        for field in RegistryResponder.headers(mediaType) {
            text += "\(field.name.rawName): \(field.value)\r\n"
        }
        return ByteBuffer(string: text)
    }
}
