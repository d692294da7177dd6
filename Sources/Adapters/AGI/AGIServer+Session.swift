import AGIProtocol
import Logging
import Metrics
import NIOCore

extension AGIServer {
    /// Sets up an accepted connection (on its event loop): refused at once beyond `maxSessions`, otherwise driven by an
    /// ``AGISessionHandler`` until it closes.
    func accept(_ channel: any Channel) throws -> AGIAcceptedSession {
        let id = "agi-\(sessions.next())"
        guard sessions.open(limit: configuration.maxSessions) else {
            channel.close(promise: nil)
            record(.overloaded, id: id, since: nil)
            return AGIAcceptedSession(channel: channel, request: channel.eventLoop.makeFailedFuture(AGISessionClosed()))
        }
        let active = SwitchboardMetrics.agiActiveSessions()
        active.record(sessions.active)
        let sessions = self.sessions
        channel.closeFuture.whenComplete { _ in
            sessions.close()
            active.record(sessions.active)
        }
        let handler = AGISessionHandler(
            id: id,
            configuration: configuration,
            eventLoop: channel.eventLoop,
            ended: { record($0, id: id, since: $1) }
        )
        try channel.pipeline.syncOperations.addHandler(handler)
        return AGIAcceptedSession(channel: channel, request: handler.request.futureResult)
    }

    /// Decides the session's request once it is complete, and hands the decision over. The decision's task is
    /// cancelled when the session closes first (its deadline passed, the channel hung up); the server stopping closes
    /// the session.
    func decide(_ session: AGIAcceptedSession) async {
        let handler = self.handler
        await withTaskCancellationHandler {
            guard let pending = try? await session.request.get() else { return }
            await withTaskGroup(of: Void.self) { deciding in
                deciding.addTask { pending.answer(await handler.decide(pending.context)) }
                // The session closes after its answer, or first (its deadline, a hang-up): then the decision is moot.
                try? await session.channel.closeFuture.get()
                deciding.cancelAll()
            }
        } onCancel: {
            session.channel.close(promise: nil)
        }
    }

    func record(_ end: AGISessionEnd, id: String, since firstByte: ContinuousClock.Instant?) {
        SwitchboardMetrics.agiSessions(outcome: end.outcome).increment()
        if let firstByte { SwitchboardMetrics.agiAnswerDuration().record(ContinuousClock.now - firstByte) }
        let metadata: Logger.Metadata = ["session": "\(id)", "outcome": "\(end.outcome)"]
        switch end {
        case .protocolError, .refused, .timeLimit, .overloaded:
            logger.notice("FastAGI session ended: \(end)", metadata: metadata)
        case .completed, .deadline, .hangup, .deadChannel, .peerClosed:
            logger.debug("FastAGI session ended", metadata: metadata)
        }
    }
}

/// An accepted FastAGI connection, as the server's accept loop gets it.
struct AGIAcceptedSession: Sendable {
    /// The connection.
    let channel: any Channel
    /// Its request once complete; fails when the session ends first.
    let request: EventLoopFuture<AGIPendingRequest>
}
