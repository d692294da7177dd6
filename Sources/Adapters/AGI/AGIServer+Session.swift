import AGIProtocol
import Logging
import Metrics
import NIOCore

extension AGIServer {
    /// What can happen to a session while it runs.
    enum SessionInput: Sendable {
        case bytes(ByteBuffer)
        case ended
        case decision(AGIDecision)
        case deadline
        case timeLimit
    }

    /// Runs one connection to its end: reads (in a child task), the decision and the two clocks (in child tasks) all
    /// feed one loop over the state machine, which alone writes and closes.
    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, id: String) async {
        guard sessions.open(limit: configuration.maxSessions) else {
            try? await connection.channel.close()
            record(.overloaded, id: id, since: nil)
            return
        }
        let active = SwitchboardMetrics.agiActiveSessions()
        active.record(sessions.active)
        defer {
            sessions.close()
            active.record(sessions.active)
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                await run(id: id, inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("FastAGI connection failed", metadata: ["session": "\(id)", "error": "\(error)"])
        }
    }

    private func run(
        id: String,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async {
        let (inputs, sink) = AsyncStream.makeStream(of: SessionInput.self)
        let timeLimit = configuration.sessionTimeLimit
        let handler = self.handler
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await buffer in inbound { sink.yield(.bytes(buffer)) }
                } catch {}
                sink.yield(.ended)
            }
            group.addTask {
                guard (try? await Task.sleep(for: timeLimit)) != nil else { return }
                sink.yield(.timeLimit)
            }
            var machine = AGISessionStateMachine(limits: configuration.limits)
            var firstByte: ContinuousClock.Instant?
            for await input in inputs {
                let action: AGISessionStateMachine.Action
                switch input {
                case .bytes(let buffer):
                    if firstByte == nil { firstByte = .now }
                    action = machine.received(buffer.readableBytesView)
                case .ended: action = machine.inputEnded()
                case .decision(let decision): action = machine.decided(decision)
                case .deadline: action = machine.deadlinePassed()
                case .timeLimit: action = machine.timeLimitReached()
                }
                switch action {
                case .none:
                    continue
                case .decide(let request):
                    let deadline = (firstByte ?? .now) + configuration.deadline
                    let context = AGISessionContext(id: id, request: request, deadline: deadline)
                    group.addTask {
                        let decision = await handler.decide(context)
                        sink.yield(.decision(decision))
                    }
                    group.addTask {
                        guard (try? await Task.sleep(until: deadline)) != nil else { return }
                        sink.yield(.deadline)
                    }
                case .write(let command):
                    do {
                        try await outbound.write(ByteBuffer(bytes: command.bytes))
                    } catch {
                        sink.yield(.ended)
                    }
                case .close(let end):
                    record(end, id: id, since: firstByte)
                    sink.finish()
                }
            }
            group.cancelAll()
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
