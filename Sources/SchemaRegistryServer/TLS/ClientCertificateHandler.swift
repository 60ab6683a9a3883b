import NIOCore
import NIOHTTP1
import NIOSSL

/// Carries the principal of a connection's verified client certificate to the responder, in
/// an internal header on each request head.
///
/// Requests reach the registry by two paths (`InlineResponseHandler` on the event loop, and
/// Hummingbird's task), both of which see only the request head; the header lets both read
/// the principal the same way. A client cannot forge it: the header is removed from every
/// request this handler sees before the real value, if any, is added, and the responder only
/// trusts it on listeners that have this handler.
final class ClientCertificateHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The internal header's name.
    static let headerName = "x-schema-registry-client-principal"

    private let tls: ListenerTLS
    /// The connection's principal once looked up (the handshake is over before the first
    /// request arrives, and the certificate cannot change on a connection).
    private var principal: String??

    init(tls: ListenerTLS) {
        self.tls = tls
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: Self.headerName)
        if let name = connectionPrincipal(context) {
            head.headers.add(name: Self.headerName, value: name)
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    private func connectionPrincipal(_ context: ChannelHandlerContext) -> String? {
        if let principal { return principal }
        let certificate = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
        let found = certificate.flatMap { tls.principal(of: $0) }
        principal = .some(found)
        return found
    }
}
