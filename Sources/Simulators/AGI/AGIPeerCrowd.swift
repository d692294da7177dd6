import AGIProtocol
import Glibc
import NIOPosix

/// Many FastAGI peers at once for benchmarks, as lean as Asterisk's own side of the socket: plain non-blocking sockets
/// and one `poll(2)` loop on a thread of NIO's blocking pool, so the peers cost the machine about what the kernel's
/// loopback does and the server under test gets the cores. Each peer answers commands as ``AGITestClient`` does
/// (res_agi.c's replies, `HANGUP` once the server closed). All connect first; then all send their environment blocks.
public enum AGIPeerCrowd {
    /// What one peer saw.
    public struct Outcome: Sendable {
        /// Variables the server set, by name.
        public var variables: [String: String]
        /// From the peer's first byte to the server closing the connection.
        public var elapsed: Duration
    }

    /// Why a crowd could not run.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with `errno`'s text.
        public let description: String
    }

    /// Runs one peer per environment block against `127.0.0.1:port`; returns their outcomes in the blocks' order.
    /// Gives up (throws) when a socket call fails or `timeLimit` passes.
    public static func run(
        port: Int,
        environments: [[UInt8]],
        timeLimit: Duration = .seconds(30)
    ) async throws -> [Outcome] {
        try await NIOThreadPool.singleton.runIfActive {
            let crowd = try Crowd(port: port, count: environments.count)
            return try crowd.run(environments: environments, until: .now + timeLimit)
        }
    }

    /// The sockets and the loop (one thread); closed when dropped.
    private final class Crowd {
        struct Peer {
            let socket: Int32
            var lines = AGILineReader(maxLineLength: 1 << 16)
            var script = AGITestClient.Peer(behaviour: .asterisk, variables: [:])
            var start = ContinuousClock.now
            var elapsed: Duration?
        }

        var peers: [Peer] = []
        var watched: [pollfd] = []

        init(port: Int, count: Int) throws {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
            for _ in 0..<count {
                let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                guard socket >= 0 else { throw Self.failure("socket") }
                peers.append(Peer(socket: socket))
                var one: Int32 = 1
                setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                guard connected == 0 else { throw Self.failure("connect") }
                _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
                watched.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0))
            }
        }

        func run(environments: [[UInt8]], until limit: ContinuousClock.Instant) throws -> [Outcome] {
            for index in peers.indices {
                peers[index].start = .now
                write(environments[index], to: index)
            }
            var open = peers.count
            var buffer = [UInt8](repeating: 0, count: 4096)
            while open > 0 {
                guard ContinuousClock.now < limit else { throw Failure(description: "\(open) peers still open") }
                let ready = poll(&watched, nfds_t(watched.count), 100)
                if ready < 0, errno == EINTR { continue }
                guard ready >= 0 else { throw Self.failure("poll") }
                for index in watched.indices where watched[index].revents != 0 {
                    let count = read(peers[index].socket, &buffer, buffer.count)
                    if count < 0, errno == EAGAIN || errno == EINTR { continue }
                    guard count > 0 else {
                        finish(index)
                        open -= 1
                        continue
                    }
                    answer(buffer.prefix(count), for: index)
                }
            }
            return peers.map { Outcome(variables: $0.script.set, elapsed: $0.elapsed ?? .zero) }
        }

        private func answer(_ bytes: ArraySlice<UInt8>, for index: Int) {
            peers[index].lines.append(bytes)
            while let line = try? peers[index].lines.nextLine() {
                let reply = peers[index].script.answer(line)
                write(Array(reply.utf8), to: index)
            }
        }

        /// The server closed: the elapsed time stops, and the peer says `HANGUP` as Asterisk does.
        private func finish(_ index: Int) {
            peers[index].elapsed = .now - peers[index].start
            write(Array("HANGUP\n".utf8), to: index)
            watched[index].fd = -1
        }

        /// A short write on loopback would need a writable wait; the blocks and replies fit a socket buffer.
        private func write(_ bytes: [UInt8], to index: Int) {
            _ = bytes.withUnsafeBytes { Glibc.send(peers[index].socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        deinit {
            for peer in peers { close(peer.socket) }
        }

        static func failure(_ call: String) -> Failure {
            Failure(description: "\(call): \(String(cString: strerror(errno)))")
        }
    }
}
