import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `read` routes on the connection's event loop and hands every other request to
/// Hummingbird.
///
/// The registry serves reads from memory in microseconds; going through Hummingbird's async
/// layer costs a task hop and an async channel write for each of them, which was most of the
/// CPU of a `GET /schemas/ids/{id}`. This handler sits in the HTTP/1.1 pipeline after the
/// codec: it buffers a GET or POST (bodies up to `inlineBodyLimit`), asks
/// `RegistryResponder.dispatch` for a decision and, when that is a finished reply, writes it
/// straight back. Anything else (writes, compatibility checks, listings, larger bodies,
/// `Connection: close`, `Expect`) is replayed unchanged to Hummingbird, which dispatches it
/// again and runs its task.
///
/// Responses must leave in request order even when a client pipelines: a request is only
/// answered inline while no forwarded request is still waiting for its response's end.
final class InlineResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Larger bodies (big schemas) go to Hummingbird, so parsing them never holds an event loop.
    static let inlineBodyLimit = 64 * 1024

    private enum State {
        /// Between requests.
        case idle
        /// Collecting a request that may be answered inline.
        case buffering(HTTPRequest, ByteBuffer?)
        /// Passing the rest of a request through to Hummingbird.
        case forwarding
    }

    private let responder: RegistryResponder
    private let serverName: String?
    private let bodyLimit: Int
    private var state = State.idle
    /// Forwarded requests whose response has not been written to its end yet.
    private var awaitingResponses = 0
    private var date = HTTPDate()

    /// Creates the handler of one connection.
    init(responder: RegistryResponder, serverName: String?) {
        self.responder = responder
        self.serverName = serverName
        self.bodyLimit = min(Self.inlineBodyLimit, responder.maximumBodySize)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (part, state) {
        case (.head(let head), .idle):
            if awaitingResponses == 0 && Self.mayAnswerInline(head) {
                state = .buffering(head, nil)
            } else {
                forward(head, context: context)
            }
        case (.body(let chunk), .buffering(let head, var body)):
            let size = (body?.readableBytes ?? 0) + chunk.readableBytes
            if size > bodyLimit {
                forward(head, context: context)
                if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(data)
            } else if body == nil {
                state = .buffering(head, chunk)
            } else {
                var chunk = chunk
                body!.writeBuffer(&chunk)
                state = .buffering(head, body)
            }
        case (.end(let trailers), .buffering(let head, let body)):
            if case .reply(let reply) = responder.dispatch(head, body: body ?? ByteBuffer()) {
                write(reply, context: context)
            } else {
                forward(head, context: context)
                if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(wrapInboundOut(.end(trailers)))
            }
            state = .idle
        case (.end, .forwarding):
            state = .idle
            context.fireChannelRead(data)
        default:
            // The rest of a forwarded request, or parts out of order (which Hummingbird
            // reports as it always has).
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Never below zero: Hummingbird also answers a malformed request it was never handed
        // (a 400 before closing the connection).
        if case .end = unwrapOutboundIn(data) { awaitingResponses = max(0, awaitingResponses - 1) }
        context.write(data, promise: promise)
    }

    /// Whether a request may be answered here: GET and POST (lookups) without connection
    /// management Hummingbird does (closing after the response, `100-continue`).
    private static func mayAnswerInline(_ head: HTTPRequest) -> Bool {
        (head.method == .get || head.method == .post) && head.headerFields[.connection] == nil && head.headerFields[.expect] == nil
    }

    private func forward(_ head: HTTPRequest, context: ChannelHandlerContext) {
        awaitingResponses += 1
        state = .forwarding
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    private func write(_ reply: Reply, context: ChannelHandlerContext) {
        var fields = RegistryResponder.headers(reply.mediaType)
        if let body = reply.body { fields[.contentLength] = String(body.readableBytes) }
        fields[.date] = date.now()
        if let serverName { fields[.server] = serverName }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: reply.status, headerFields: fields))), promise: nil)
        if let body = reply.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
