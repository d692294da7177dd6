import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Stamps each request head with the wall clock as it leaves the HTTP decoder, on the connection's event loop: the
/// journal's `receivedAt` is when the request reached the portal, not when the portal's handler got a thread (which,
/// with the portal decoding a large upload meanwhile, can be milliseconds later — the simulator's delay, not the
/// client's). The stamp travels as the header ``field`` (a client's own header of that name is replaced).
final class FakeArrivalStamp: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// The header carrying the stamp (seconds since 1970).
    static let field = HTTPFields.Element.Name("X-Fake-Portal-Arrived")!

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headerFields[Self.field] = String(Date().timeIntervalSince1970)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// The stamp of `request`, if it came through the handler.
    static func arrival(of request: Request) -> Date? {
        request.headers[field].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
    }
}
