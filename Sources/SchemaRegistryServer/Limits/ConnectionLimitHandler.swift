import NIOCore
import NIOHTTP1

/// The per-connection limits, applied where requests enter the pipeline (after the decoder,
/// before either request path):
///
/// - a token bucket: a request over the connection's rate is marked with an internal header
///   carrying the seconds to wait, and the responder answers it 429 in its turn (answering
///   here would overtake pipelined requests still being served);
/// - a deadline: from the connection's start, and from the end of each request, the client has
///   `requestTimeout` to send the next whole request, or the connection is closed (so a
///   client trickling bytes holds a connection no longer than an idle one).
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The internal header's name; clients' own are removed.
    static let headerName = "x-schema-registry-retry-after"

    private var bucket: TokenBucket?
    private let requestTimeout: TimeAmount?
    /// When the connection is closed unless a request ends first.
    private var closesAt = NIODeadline.distantFuture
    /// The one timer of the connection: it fires at the deadline it was set for and, when the
    /// deadline has moved on since (a request ended), sets itself again, so a request costs a
    /// clock read rather than a timer.
    private var timer: Scheduled<Void>?

    init(limits: RequestLimits) {
        bucket = limits.connectionRequestsPerSecond.map { TokenBucket(rate: $0, now: .now) }
        requestTimeout = limits.requestTimeout.map {
            .nanoseconds($0.components.seconds * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000)
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            // Without a rate the responder ignores the header, so there is nothing to strip.
            guard bucket != nil else {
                context.fireChannelRead(data)
                return
            }
            head.headers.remove(name: Self.headerName)
            if let wait = bucket?.take(now: .now) {
                head.headers.add(name: Self.headerName, value: String(wait))
            }
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body:
            context.fireChannelRead(data)
        case .end:
            if let requestTimeout { closesAt = .now() + requestTimeout }
            context.fireChannelRead(data)
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard let requestTimeout, timer == nil else { return }
        closesAt = .now() + requestTimeout
        schedule(context.eventLoop, channel: context.channel)
    }

    private func schedule(_ eventLoop: any EventLoop, channel: any Channel) {
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(deadline: closesAt) {
            let handler = loopBound.value
            guard handler.timer != nil else { return }
            if NIODeadline.now() >= handler.closesAt {
                handler.timer = nil
                channel.close(promise: nil)
            } else {
                handler.schedule(eventLoop, channel: channel)
            }
        }
    }

    private func stop() {
        timer?.cancel()
        timer = nil
    }
}
