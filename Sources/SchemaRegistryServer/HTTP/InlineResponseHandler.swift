import NIOCore
import NIOHTTP1

/// Answers `read` routes on the connection's event loop and hands every other request on to
/// Hummingbird.
///
/// The registry serves reads from memory in microseconds; going through Hummingbird's async
/// layer costs a task hop and an async channel write for each of them, and converting heads to
/// HTTPTypes and back through NIO's response encoder costs about as much again. This handler
/// sits right after NIO's HTTP/1.1 decoder (see `RegistryHTTP1Channel`): it buffers a GET or
/// POST (bodies up to `inlineBodyLimit`), asks `RegistryResponder.dispatch` for a decision and,
/// when that is a finished reply, writes the encoded response (`ReplyEncoder`) straight to the
/// socket. Anything else (writes, compatibility checks, listings, larger bodies, HTTP/1.0,
/// `Connection`, `Expect`) is passed on unchanged to Hummingbird, which dispatches it again
/// and runs its task.
///
/// Responses must leave in request order even when a client pipelines: a request is only
/// answered inline while no forwarded request is still waiting for its response's end, which
/// `ForwardedResponseObserver` reports from behind the encoder.
final class InlineResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = IOData

    /// Larger bodies (big schemas) go to Hummingbird, whose handlers run on Swift's concurrency
    /// threads, not on the event loop: a lookup of a 59 KB schema took about 75 µs inline even
    /// with the schema's parse cached (the request JSON alone is that large), and far longer
    /// for a text the registry has not parsed yet, time during which every other connection
    /// of that loop waits. Up to 8 KiB (a few microseconds) is cheaper inline than the task
    /// hop, which halves the rate of large lookups (docs/PERFORMANCE.md).
    static let inlineBodyLimit = 8 * 1024

    private enum State {
        /// Between requests.
        case idle
        /// Collecting a request that may be answered inline.
        case buffering(HTTPRequestHead, ByteBuffer?)
        /// Passing the rest of a request through to Hummingbird.
        case forwarding
    }

    private let responder: RegistryResponder
    private var encoder: ReplyEncoder
    private let bodyLimit: Int
    private var state = State.idle
    /// Forwarded requests whose response has not been written to its end yet.
    private var awaitingResponses = 0

    /// Creates the handler of one connection.
    init(responder: RegistryResponder, serverName: String?) {
        self.responder = responder
        self.encoder = ReplyEncoder(serverName: serverName)
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
            let started = ContinuousClock.now
            var trace = RequestTrace()
            if let request = RequestHead(head), case .reply(let reply) = responder.dispatch(request, body: body ?? ByteBuffer(), trace: &trace) {
                let bytes = encoder.encode(reply, allocator: context.channel.allocator)
                context.writeAndFlush(wrapOutboundOut(.byteBuffer(bytes)), promise: nil)
                responder.finished(request, trace, status: reply.status.code, since: started)
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

    /// A forwarded request's response has been written to its end.
    func forwardedResponseEnded() {
        // Never below zero: Hummingbird also answers a malformed request it was never handed
        // (a 400 before closing the connection).
        awaitingResponses = max(0, awaitingResponses - 1)
    }

    /// Whether a request may be answered here: a GET or POST (lookups) on a persistent
    /// HTTP/1.1 connection, without connection management Hummingbird does (closing after the
    /// response, `100-continue`, upgrades).
    private static func mayAnswerInline(_ head: HTTPRequestHead) -> Bool {
        (head.method == .GET || head.method == .POST) && head.version == .http1_1
            && !head.headers.contains(name: "connection") && !head.headers.contains(name: "expect")
    }

    private func forward(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        awaitingResponses += 1
        state = .forwarding
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

/// Tells the connection's `InlineResponseHandler` when a response written by Hummingbird is
/// complete; it sits between the HTTPTypes codec and NIO's encoder, where response parts are
/// still parts.
final class ForwardedResponseObserver: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let inline: InlineResponseHandler

    /// Creates the observer reporting to `inline` (the same connection's handler).
    init(_ inline: InlineResponseHandler) {
        self.inline = inline
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { inline.forwardedResponseEnded() }
        context.write(data, promise: promise)
    }
}
