/// One FastAGI session as a pure state machine (swift-nio style): the driver feeds it what happens — bytes received,
/// the decision, the deadline, the time limit, the peer closing — and does what it returns.
///
/// ```
/// environment ──blank line──▶ deciding ──decision──▶ commanding ──last 200──▶ closed(completed)
///                                │ deadline / HANGUP        │ HANGUP / 511 / 5xx
///                                ▼                          ▼
///                              closed                     closed
/// ```
///
/// Commands are sent one at a time, each after the previous one's reply. `HANGUP` may arrive at any moment; garbage or
/// an over-long line closes the session as a protocol error.
public struct AGISessionStateMachine: Sendable {
    /// What the driver must do.
    public enum Action: Sendable, Hashable {
        /// Nothing yet.
        case none
        /// The request is complete: decide (and start the deadline).
        case decide(AGIRequest)
        /// Write this command.
        case write(AGICommand)
        /// Close the connection: the session ended.
        case close(AGISessionEnd)
    }

    enum State: Sendable {
        case environment(AGIEnvironmentDecoder)
        case deciding
        case commanding(remaining: ArraySlice<AGICommand>, answered: Int)
        case closed(AGISessionEnd)
    }

    private var state: State
    private var lines: AGILineReader
    private let maxEnvironmentBytes: Int
    private var environmentBytes = 0
    private var replies = AGIReplyDecoder()
    /// The request, once its environment is complete.
    public private(set) var request: AGIRequest?

    /// A session that has received nothing yet.
    public init(limits: AGISessionLimits = AGISessionLimits()) {
        state = .environment(AGIEnvironmentDecoder(maxVariables: limits.maxEnvironmentVariables))
        lines = AGILineReader(maxLineLength: limits.maxLineLength)
        maxEnvironmentBytes = limits.maxEnvironmentBytes
    }

    /// How the session ended, once it has.
    public var end: AGISessionEnd? {
        if case .closed(let end) = state { end } else { nil }
    }

    /// Bytes from Asterisk.
    public mutating func received(_ bytes: some Collection<UInt8>) -> Action {
        if case .closed = state { return .none }
        if case .environment = state { environmentBytes += bytes.count }
        lines.append(bytes)
        var action = Action.none
        do {
            while let line = try lines.nextLine() {
                switch state {
                case .environment(var decoder):
                    // The state lets go of the decoder while it reads, or every line would copy the lines before it.
                    state = .deciding
                    let request = try decoder.consume(line)
                    state = .environment(decoder)
                    if let request {
                        self.request = request
                        state = .deciding
                        action = .decide(request)
                    }
                case .deciding:
                    if line == "HANGUP" { return close(.hangup) }
                    if !line.isEmpty { return close(.protocolError(.unexpectedInput(line))) }
                case .commanding(var remaining, let answered):
                    switch try replies.consume(line) {
                    case .hangup?: return close(.hangup)
                    case .reply(let reply)?:
                        guard reply.isSuccess else {
                            return close(reply.isDeadChannel ? .deadChannel : .refused(reply))
                        }
                        guard let next = remaining.popFirst() else { return close(.completed(commands: answered + 1)) }
                        state = .commanding(remaining: remaining, answered: answered + 1)
                        action = .write(next)
                    case nil: continue
                    }
                case .closed:
                    return .none
                }
            }
        } catch {
            return close(.protocolError(error))
        }
        if case .environment = state, environmentBytes > maxEnvironmentBytes {
            return close(.protocolError(.environmentTooLarge(limit: maxEnvironmentBytes)))
        }
        return action
    }

    /// The decision arrived (ignored unless the session is waiting for it).
    public mutating func decided(_ decision: AGIDecision) -> Action {
        guard case .deciding = state else { return .none }
        var commands = decision.commands[...]
        guard let first = commands.popFirst() else { return close(.completed(commands: 0)) }
        state = .commanding(remaining: commands, answered: 0)
        return .write(first)
    }

    /// The decision's deadline passed: a session still waiting for it ends with nothing set.
    public mutating func deadlinePassed() -> Action {
        guard case .deciding = state else { return .none }
        return close(.deadline)
    }

    /// The session's time limit passed: whatever it was doing, it ends.
    public mutating func timeLimitReached() -> Action {
        if case .closed = state { return .none }
        return close(.timeLimit)
    }

    /// Asterisk closed its side (or the connection failed).
    public mutating func inputEnded() -> Action {
        if case .closed = state { return .none }
        return close(.peerClosed)
    }

    /// Whether the session waits for its decision.
    public var isDeciding: Bool {
        if case .deciding = state { true } else { false }
    }

    private mutating func close(_ end: AGISessionEnd) -> Action {
        state = .closed(end)
        return .close(end)
    }
}
