import CoreMetrics
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// Enforces ``HTTPListenerLimits`` on one connection, between HTTP decoding and the router: the request must be
/// complete within `requestTimeout` (armed when the connection opens and after each response), and its body may
/// not pass `maximumBodyBytes` (a declared `Content-Length` over the limit is refused before the router sees it,
/// answered 413 `{"error":"body_too_large"}`).
/// A refused connection is closed, logged and counted (`switchboard_http_rejected_total{reason}`).
final class RequestLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: HTTPListenerLimits
    private let logger: Logger
    private var deadline: Scheduled<Void>?
    private var bodyBytes = 0
    private var rejected = false

    init(limits: HTTPListenerLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !rejected else { return }
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            bodyBytes = 0
            let declared = head.headerFields[.contentLength].flatMap(Int.init) ?? 0
            if declared > limits.maximumBodyBytes { return reject(context, .bodyTooLarge) }
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > limits.maximumBodyBytes { return reject(context, .bodyTooLarge) }
        case .end:
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !rejected { arm(context) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(limits.requestTimeout)) {
            let (handler, context) = loopBound.value
            handler.reject(context, .requestTimeout)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    private func reject(_ context: ChannelHandlerContext, _ reason: SwitchboardMetrics.HTTPRejection) {
        guard !rejected else { return }
        rejected = true
        disarm()
        logger.warning(
            "HTTP connection closed",
            metadata: ["reason": "\(reason.rawValue)", "peer": "\(context.remoteAddress?.ipAddress ?? "-")"]
        )
        SwitchboardMetrics.httpRejected(reason).increment()
        if reason == .bodyTooLarge {
            // The same answer as `POST /bitrix24/events` gives for a body over its own (smaller or equal) limit.
            let body = context.channel.allocator.buffer(string: #"{"error":"body_too_large"}"#)
            let head = HTTPResponse(
                status: .contentTooLarge,
                headerFields: [
                    .connection: "close", .contentType: "application/json", .contentLength: "\(body.readableBytes)",
                ]
            )
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }
}
