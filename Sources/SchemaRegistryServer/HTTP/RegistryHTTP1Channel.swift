import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOSSL

/// Hummingbird's HTTP/1.1 child channel with the registry's read path placed ahead of the
/// HTTPTypes conversion.
///
/// Hummingbird's own `HTTP1Channel` only lets extra handlers in after NIO's parts are turned
/// into HTTPTypes values, and every answer then goes back through that conversion and NIO's
/// response encoder. For a read served from memory those steps were a large share of the
/// request's cost, so this channel builds the pipeline itself:
///
/// ```
/// socket ⇄ request decoder ⇄ InlineResponseHandler ⇄ response encoder
///        ⇄ ForwardedResponseObserver ⇄ NIO/HTTPTypes codec ⇄ Hummingbird
/// ```
///
/// `InlineResponseHandler` answers reads with finished bytes that go straight to the socket;
/// everything else continues, unchanged, to Hummingbird, whose answers are encoded as usual.
/// The observer tells the inline handler when a forwarded request's answer is complete, so a
/// pipelining client still gets its answers in order.
///
/// With TLS, `NIOSSLServerHandler` comes first, made from the context current when the
/// connection is accepted (so a reload reaches new connections only), and a
/// `ClientCertificateHandler` after the decoder when client certificates are read.
struct RegistryHTTP1Channel: HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let registry: RegistryResponder
    let serverName: String?
    let tls: ListenerTLS?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Hummingbird's limits: NIO's header sizes, at most 1,000 header fields.
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldCount = 1000
            let inline = InlineResponseHandler(responder: registry, serverName: serverName)
            var handlers: [any ChannelHandler] = []
            if let tls {
                handlers.append(NIOSSLServerHandler(context: tls.context))
            }
            handlers.append(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
            if registry.limits.limitsConnections {
                handlers.append(ConnectionLimitHandler(limits: registry.limits))
            }
            if let tls, tls.readsClientCertificates {
                handlers.append(ClientCertificateHandler(tls: tls))
            }
            handlers += [
                inline,
                HTTPResponseEncoder(configuration: .init()),
                ForwardedResponseObserver(inline),
                HTTP1ToHTTPServerCodec(secure: tls != nil),
                HTTPConnectionStateHandler(logger: logger),
            ]
            try channel.pipeline.syncOperations.addHandlers(handlers)
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
