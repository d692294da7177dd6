public import AGIProtocol
import NIOCore
import NIOPosix

/// A scripted FastAGI peer that speaks like Asterisk 22's res_agi.c, over real TCP: it sends a request's environment
/// block (recorded from a real Asterisk, see ``AGIEnvironmentFixture``), then answers each command as Asterisk would —
/// `SET VARIABLE` → `200 result=1` (and remembers the variable), `GET VARIABLE` → `200 result=1 (value)` or
/// `200 result=0`, `VERBOSE` → `200 result=1`, an unknown command → `510 Invalid or unknown command`, a command with
/// the wrong number of arguments → `520 …` — until the server closes; then it writes Asterisk's closing `HANGUP`.
/// Misbehaviour on demand: hang up while the server decides, send garbage, or stall.
public enum AGITestClient {
    /// How the peer behaves.
    public enum Behaviour: Sendable, Equatable {
        /// As Asterisk with a live channel.
        case asterisk
        /// Sends `HANGUP` right after the environment (the caller hung up while the server decides); from then on
        /// the channel is dead: commands that need it (`ANSWER`, `STREAM FILE`, …) get `511`, while `SET VARIABLE`,
        /// `GET VARIABLE`, `VERBOSE` and `EXEC` still run (res_agi.c marks them allowed on dead channels).
        case hangUpAfterEnvironment
        /// Sends these bytes instead of an environment, then waits for the server to close.
        case garbage([UInt8])
        /// Sends the first `bytes` bytes of the environment, then nothing; waits for the server to close.
        case stall(afterBytes: Int)
    }

    /// What the session came to.
    public struct Outcome: Sendable {
        /// Variables the server set, by name.
        public var variables: [String: String]
        /// Every command line received, in order.
        public var commands: [String]
        /// From the request's first byte to the server closing the connection.
        public var elapsed: Duration
        /// From the request's first byte to the first command (nil: none came).
        public var firstCommandAfter: Duration?
    }

    /// Runs one session against `127.0.0.1:port`.
    /// - Parameter channelVariables: what `GET VARIABLE` answers, by name.
    public static func run(
        port: Int,
        environment: [UInt8],
        behaviour: Behaviour = .asterisk,
        channelVariables: [String: String] = [:]
    ) async throws -> Outcome {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: port)) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var peer = Peer(behaviour: behaviour, variables: channelVariables)
            let start = ContinuousClock.now
            // A server that closes at once (too many sessions) makes this write fail, as it makes Asterisk's.
            switch behaviour {
            case .garbage(let bytes): try? await outbound.write(ByteBuffer(bytes: bytes))
            case .stall(let count): try? await outbound.write(ByteBuffer(bytes: environment.prefix(count)))
            case .hangUpAfterEnvironment:
                try? await outbound.write(ByteBuffer(bytes: environment + Array("HANGUP\n".utf8)))
            case .asterisk: try? await outbound.write(ByteBuffer(bytes: environment))
            }
            var firstCommand: Duration?
            var lines = AGILineReader(maxLineLength: 1 << 16)
            do {
                for try await buffer in inbound {
                    lines.append(buffer.readableBytesView)
                    while let line = try lines.nextLine() {
                        if firstCommand == nil { firstCommand = .now - start }
                        try? await outbound.write(ByteBuffer(bytes: Array(peer.answer(line).utf8)))
                    }
                }
            } catch {}
            let elapsed = ContinuousClock.now - start
            // Asterisk's run_agi writes HANGUP once the server closed; the socket may be gone already.
            try? await outbound.write(ByteBuffer(string: "HANGUP\n"))
            return Outcome(
                variables: peer.set,
                commands: peer.commands,
                elapsed: elapsed,
                firstCommandAfter: firstCommand
            )
        }
    }

    /// res_agi.c's command handling, for the commands a server of ours sends.
    struct Peer {
        let behaviour: Behaviour
        var variables: [String: String]
        var set: [String: String] = [:]
        var commands: [String] = []

        init(behaviour: Behaviour, variables: [String: String]) {
            self.behaviour = behaviour
            self.variables = variables
        }

        mutating func answer(_ line: String) -> String {
            commands.append(line)
            let arguments = AsteriskArgumentParser.parse(line)
            let words = arguments.prefix(2).map { $0.uppercased() }
            let dead = behaviour == .hangUpAfterEnvironment
            switch (words.first, words.dropFirst().first) {
            case ("SET", "VARIABLE"):
                guard arguments.count == 4 else { return Self.usage }
                set[arguments[2]] = arguments[3]
                variables[arguments[2]] = arguments[3]
                return "200 result=1\n"
            case ("GET", "VARIABLE"):
                guard arguments.count == 3 else { return Self.usage }
                return variables[arguments[2]].map { "200 result=1 (\($0))\n" } ?? "200 result=0\n"
            case ("VERBOSE", _):
                return "200 result=1\n"
            case ("EXEC", _):
                return "200 result=0\n"
            case ("ANSWER", _), ("HANGUP", _), ("STREAM", _), ("WAIT", _):
                return dead ? "511 Command Not Permitted on a dead channel or intercept routine\n" : "200 result=0\n"
            default:
                return "510 Invalid or unknown command\n"
            }
        }

        static let usage = "520-Invalid command syntax.  Proper usage follows:\n Usage: …\n520 End of proper usage.\n"
    }
}
