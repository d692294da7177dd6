import AMIProtocol
public import Foundation
import Simulators

/// `engine bench memory`: the resident memory of a real `engine run` process — the daemon as deployed, a child of the
/// bench — while N calls ring M phones each, against its memory when idle. The bench runs the test AMI server and the
/// faithful fake portal (no rate limit) on loopback; the daemon logs in, the calls arrive (each a ring group: the
/// call appears and its phones ring at once), every card reaches the portal, and then, with every call still ringing,
/// the daemon's `VmRSS` is read from `/proc/<pid>/status`.
public final class DaemonMemoryRig: Sendable {
    /// What was measured, in kB as `/proc` reports it.
    public struct Figures: Sendable {
        /// Resident memory after the daemon logged in and settled, before any call.
        public let idleKB: Int
        /// Resident memory with every call ringing and every card delivered.
        public let loadedKB: Int
        /// The peak (`VmHWM`) over the run.
        public let peakKB: Int
        /// Calls ringing.
        public let calls: Int
        /// Seconds from the first call to the last card at the portal.
        public let deliverySeconds: Double

        /// (loaded − idle) / calls, in bytes.
        public var bytesPerCall: Double { Double(loadedKB - idleKB) * 1024 / Double(max(1, calls)) }
    }

    /// Why the run failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let secret = "bench-memory-ami"
    static let webhookSecret = "benchmemorysecret"

    let ami: AMITestServer
    let portal: FakeBitrix24
    let folder: URL
    let daemon: DaemonProcess
    let extensions: [String]

    private init(ami: AMITestServer, portal: FakeBitrix24, folder: URL, daemon: DaemonProcess, extensions: [String]) {
        self.ami = ami
        self.portal = portal
        self.folder = folder
        self.daemon = daemon
        self.extensions = extensions
    }

    /// Starts the simulators and `engine run` (the binary `engine`, the rules folder `rulesPath`), and waits until
    /// the daemon has logged in and asked for the channels.
    public static func start(engine: URL, rulesPath: String, phones: Int) async throws -> DaemonMemoryRig {
        let ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(secret))
        )
        let portal = FakeBitrix24(
            configuration: FakeBitrix24Configuration(webhookSecret: webhookSecret, rateLimit: nil)
        )
        portal.addUser(FakeBitrix24User(id: 1, name: "Admin", phoneInner: nil))
        let extensions = (0..<max(1, phones)).map { "\(201 + $0)" }
        for (index, ext) in extensions.enumerated() {
            portal.addUser(FakeBitrix24User(id: 101 + index, name: "Operator \(ext)", phoneInner: ext))
        }
        try await portal.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-memory-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let config = """
                pbx: {id: bench}
                ami: {host: 127.0.0.1, port: \(ami.port), username: switchboard, secret: "${AMI_SECRET}"}
                bitrix24:
                  webhook_url: "${B24_WEBHOOK_URL}"
                  rate_limit: {per_second: 10000, burst: 250}
                  default_user: 1
                  country: RU
                admin: {listen: "127.0.0.1:0"}
                rules: \(URL(fileURLWithPath: rulesPath).standardizedFileURL.path)
                state: \(folder.appendingPathComponent("switchboard.sqlite").path)
                """
            let daemon = try await DaemonProcess.start(
                engine: engine,
                folder: folder,
                config: config,
                environment: ["AMI_SECRET": secret, "B24_WEBHOOK_URL": portal.webhookURL],
                arguments: ["--log-level", "error"],
                ami: ami
            )
            return DaemonMemoryRig(ami: ami, portal: portal, folder: folder, daemon: daemon, extensions: extensions)
        } catch {
            await ami.stop()
            await portal.stop()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Measures: idle, then `calls` calls ringing every phone, sent `chunk` calls per AMI write.
    public func measure(calls: Int, chunk: Int = 200, timeout: Duration = .seconds(600)) async throws -> Figures {
        let clock = ContinuousClock()
        // Idle: logged in, directory loaded, resynchronised; give the start-up a moment to settle.
        try await clock.sleep(for: .seconds(2))
        let idle = try Self.status(of: daemon.pid)
        let started = clock.now
        var sent = 0
        while sent < calls {
            let batch = (sent..<min(calls, sent + chunk)).map {
                SyntheticInboundCall(round: 0, index: $0, members: extensions, phones: extensions.count)
            }
            ami.broadcast(batch.flatMap { $0.ringGroupStart + $0.dials })
            sent += batch.count
            // Let the daemon read what was sent: a real PBX does not write 10,000 calls in one go either.
            try await clock.sleep(for: .milliseconds(20))
        }
        let deadline = clock.now + timeout
        while extensions.indices.contains(where: { portal.visibleCards(for: 101 + $0).count < calls }) {
            guard clock.now < deadline, daemon.isRunning else {
                let shown = extensions.indices.map { portal.visibleCards(for: 101 + $0).count }
                throw Failure(description: "cards shown per phone: \(shown) of \(calls) within \(timeout)")
            }
            try await clock.sleep(for: .milliseconds(100))
        }
        let delivered = clock.now - started
        // Let the last answers be recorded and the calls saved.
        try await clock.sleep(for: .seconds(2))
        let loaded = try Self.status(of: daemon.pid)
        return Figures(
            idleKB: idle.rss,
            loadedKB: loaded.rss,
            peakKB: loaded.peak,
            calls: calls,
            deliverySeconds: Double(delivered.components.seconds) + Double(delivered.components.attoseconds) / 1e18
        )
    }

    /// Stops the daemon, both simulators, and removes the temp folder.
    public func stop() async {
        await daemon.stop()
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `VmRSS` and `VmHWM` of `pid`, in kB.
    static func status(of pid: Int32) throws -> (rss: Int, peak: Int) {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func field(_ name: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(name + ":") }.flatMap {
                $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
            }
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else {
            throw Failure(description: "no VmRSS in /proc/\(pid)/status")
        }
        return (rss, peak)
    }
}
