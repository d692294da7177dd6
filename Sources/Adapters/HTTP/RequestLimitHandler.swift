import CoreMetrics
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// Enforces ``HTTPListenerLimits`` on one connection, between HTTP decoding and the router: the request must be
/// complete within `requestTimeout` (armed when the connection opens and after each response), and its body may
/// not pass `maximumBodyBytes` (a declared `Content-Length` over the limit is refused before the router sees it).
/// A refused connection is closed, logged and counted (`switchboard_http_rejected_total{reason}`); when its request
/// head came and no answer has begun, it is first answered as `POST /bitrix24/events` answers the same faults: 413
/// `{"error":"body_too_large"}`, 408 `{"error":"body_timeout"}`. A client that never completed a head gets no answer.
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
    /// A request head came and its answer has not begun: a refusal can still be answered.
    private var answerable = false

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
            answerable = true
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
        switch unwrapOutboundIn(data) {
        case .head: answerable = false
        case .end where !rejected: arm(context)
        default: break
        }
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
        if answerable {
            answerable = false
            let (status, code): (HTTPResponse.Status, String) =
                switch reason {
                case .bodyTooLarge: (.contentTooLarge, "body_too_large")
                case .requestTimeout: (.requestTimeout, "body_timeout")
                }
            let body = context.channel.allocator.buffer(string: #"{"error":"\#(code)"}"#)
            let head = HTTPResponse(
                status: status,
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
