import AMIProtocol
import Adapters
import NIOCore

/// One client connection of ``AMITestServer``: decodes actions and hands them to the server.
final class AMITestServerSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let server: AMITestServer
    private var decoder = AMIFrameDecoder(expectsBanner: false)
    private var sessionID: Int?

    init(server: AMITestServer) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        sessionID = server.sessionOpened(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let sessionID else { return }
        let buffer = unwrapInboundIn(data)
        var actions: [AMIMessage] = []
        buffer.withUnsafeReadableBytes { bytes in
            decoder.decode(bytes) { output in
                if case .message(let message) = output { actions.append(message) }
            }
        }
        for action in actions { server.handle(action, from: sessionID) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let sessionID { server.sessionClosed(sessionID) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
