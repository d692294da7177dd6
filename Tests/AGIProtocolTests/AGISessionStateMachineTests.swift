import AGIProtocol
import Testing

@Suite("AGI session state machine")
struct AGISessionStateMachineTests {
    static let environment = Array(AGIEnvironmentTests.block.utf8)

    static func deciding() throws -> AGISessionStateMachine {
        var machine = AGISessionStateMachine()
        guard case .decide(let request) = machine.received(environment) else {
            throw StateMachineFailure()
        }
        #expect(request.uniqueID == "1795564212.1")
        #expect(machine.isDeciding)
        return machine
    }

    struct StateMachineFailure: Error {}

    @Test("environment → decide → one command at a time → completed")
    func decidedSession() throws {
        var machine = try Self.deciding()
        let first = try AGICommand.setVariable("ROUTE_EXTEN", "104")
        let second = try AGICommand.setVariable("ROUTE_USER", "99")
        #expect(machine.decided(AGIDecision([first, second])) == .write(first))
        #expect(machine.received(Array("200 result=1\n".utf8)) == .write(second))
        #expect(machine.received(Array("200 result=1\n".utf8)) == .close(.completed(commands: 2)))
        #expect(machine.end == .completed(commands: 2))
        // Asterisk's closing HANGUP after the server closed is ignored.
        #expect(machine.received(Array("HANGUP\n".utf8)) == .none)
    }

    @Test("nothing to set ends at once; a late decision after the deadline is ignored")
    func deadline() throws {
        var nothing = try Self.deciding()
        #expect(nothing.decided(.nothing) == .close(.completed(commands: 0)))
        var late = try Self.deciding()
        #expect(late.deadlinePassed() == .close(.deadline))
        #expect(late.decided(AGIDecision([try AGICommand.setVariable("X", "1")])) == .none)
        #expect(late.end == .deadline)
    }

    @Test("HANGUP while deciding or commanding ends the session; 511 and 510 too")
    func hangup() throws {
        var whileDeciding = try Self.deciding()
        #expect(whileDeciding.received(Array("HANGUP\n".utf8)) == .close(.hangup))
        var whileCommanding = try Self.deciding()
        let set = try AGICommand.setVariable("X", "1")
        _ = whileCommanding.decided(AGIDecision([set, set]))
        #expect(whileCommanding.received(Array("HANGUP\n".utf8)) == .close(.hangup))
        var dead = try Self.deciding()
        _ = dead.decided(AGIDecision([set]))
        #expect(dead.received(Array("511 Command Not Permitted on a dead channel\n".utf8)) == .close(.deadChannel))
        var unknown = try Self.deciding()
        _ = unknown.decided(AGIDecision([set]))
        let reply = AGIReply(code: 510, text: "510 Invalid or unknown command")
        #expect(unknown.received(Array("510 Invalid or unknown command\n".utf8)) == .close(.refused(reply)))
    }

    @Test("the environment and a HANGUP in one read: no decision is asked for")
    func immediateHangup() {
        var machine = AGISessionStateMachine()
        #expect(machine.received(Self.environment + Array("HANGUP\n".utf8)) == .close(.hangup))
    }

    @Test("garbage, an over-long line, bytes while deciding, a stall and an early close end the session")
    func garbage() throws {
        var http = AGISessionStateMachine()
        let malformed = AGIProtocolError.malformedEnvironmentLine("GET / HTTP/1.1")
        #expect(http.received(Array("GET / HTTP/1.1\r\n".utf8)) == .close(.protocolError(malformed)))
        var long = AGISessionStateMachine(limits: AGISessionLimits(maxLineLength: 100))
        let tooLong = AGIProtocolError.lineTooLong(limit: 100)
        #expect(long.received(Array(repeating: UInt8(ascii: "x"), count: 101)) == .close(.protocolError(tooLong)))
        var chatty = try Self.deciding()
        let unexpected = AGIProtocolError.unexpectedInput("200 result=1")
        #expect(chatty.received(Array("200 result=1\n".utf8)) == .close(.protocolError(unexpected)))
        var stalled = AGISessionStateMachine()
        #expect(stalled.received(Array("agi_network: yes\n".utf8)) == .none)
        #expect(stalled.deadlinePassed() == .none)
        #expect(stalled.timeLimitReached() == .close(.timeLimit))
        var closed = AGISessionStateMachine()
        #expect(closed.inputEnded() == .close(.peerClosed))
        var endless = AGISessionStateMachine(limits: AGISessionLimits(maxEnvironmentBytes: 1024))
        let line = Array("agi_x: \(String(repeating: "y", count: 90))\n".utf8)
        var actions: [AGISessionStateMachine.Action] = []
        for _ in 0..<12 { actions.append(endless.received(line)) }
        #expect(actions.contains(.close(.protocolError(.environmentTooLarge(limit: 1024)))))
    }
}
