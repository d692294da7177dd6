import AGIProtocol
import NIOCore

/// One FastAGI connection on its event loop: feeds an ``AGISessionStateMachine`` what the socket and the two clocks
/// (the decision's deadline, the session's time limit, both event-loop timers) bring, and does what it returns —
/// writes a command, closes. The request, once complete, goes out through ``request`` to the server's task that
/// decides it; the decision comes back through ``AGIPendingRequest/answer(_:)``.
final class AGISessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Succeeds with the complete request (the server decides it); fails when the session ends before one came.
    let request: EventLoopPromise<AGIPendingRequest>
    private let id: String
    private let configuration: AGIServerConfiguration
    private let ended: @Sendable (AGISessionEnd, ContinuousClock.Instant?) -> Void
    private var machine: AGISessionStateMachine
    private var firstByte: ContinuousClock.Instant?
    private var requested = false
    private var timers: [Scheduled<Void>] = []

    /// A handler for session `id`; `ended` is told once how the session ended and when its first byte came.
    init(
        id: String,
        configuration: AGIServerConfiguration,
        eventLoop: any EventLoop,
        ended: @escaping @Sendable (AGISessionEnd, ContinuousClock.Instant?) -> Void
    ) {
        self.id = id
        self.configuration = configuration
        self.ended = ended
        self.request = eventLoop.makePromise()
        machine = AGISessionStateMachine(limits: configuration.limits)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timers.append(
            context.eventLoop.assumeIsolated().scheduleTask(in: .init(configuration.sessionTimeLimit)) {
                let (handler, context) = loopBound.value
                handler.perform(handler.machine.timeLimitReached(), context: context)
            }
        )
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if firstByte == nil { firstByte = .now }
        perform(machine.received(buffer.readableBytesView), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.inputEnded(), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        perform(machine.inputEnded(), context: context)
    }

    private func perform(_ action: AGISessionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .decide(let request):
            let deadline = (firstByte ?? .now) + configuration.deadline
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            timers.append(
                context.eventLoop.assumeIsolated().scheduleTask(in: .init(deadline - .now)) {
                    let (handler, context) = loopBound.value
                    handler.perform(handler.machine.deadlinePassed(), context: context)
                }
            )
            let eventLoop = context.eventLoop
            requested = true
            self.request.succeed(
                AGIPendingRequest(
                    context: AGISessionContext(id: id, request: request, deadline: deadline),
                    answer: { decision in
                        eventLoop.execute {
                            let (handler, context) = loopBound.value
                            handler.perform(handler.machine.decided(decision), context: context)
                        }
                    }
                )
            )
        case .write(let command):
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: command.bytes)), promise: nil)
        case .close(let end):
            for timer in timers { timer.cancel() }
            timers = []
            if !requested { request.fail(AGISessionClosed()) }
            ended(end, firstByte)
            context.close(promise: nil)
        }
    }
}

/// A complete request waiting for its decision, as the server's deciding task gets it.
struct AGIPendingRequest: Sendable {
    /// The request and its deadline.
    let context: AGISessionContext
    /// Hands the decision to the session (from any thread; ignored once the session ended).
    let answer: @Sendable (AGIDecision) -> Void
}

/// The session ended before its request was complete.
struct AGISessionClosed: Error {}
