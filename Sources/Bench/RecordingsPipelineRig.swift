import AMIProtocol
import Adapters
import Foundation
public import Logging
import RuleDSL
import ServiceLifecycle
import Simulators
import SwitchboardDaemon

/// `engine run` in this process (``Daemon``, built from an engine.yaml) between the test AMI server and the fake
/// Bitrix24, for `engine bench recordings`: `calls` queue calls arrive at `callsPerSecond`, each records a wav of
/// `seconds` (written beforehand where MixMonitor would), rings a member (its card is timed) and hangs up half a second
/// later; with recordings on, every wav is encoded and attached while the next calls ring.
///
/// Card latency: from the moment the test AMI server sends the call's `AgentCalled` to the moment the fake portal
/// receives its `telephony.externalcall.show` (both wall clock, in this process).
public enum RecordingsPipelineRig {
    /// What one run measured.
    public struct Run: Sendable {
        /// Card latency per call (nil: no card).
        public let latencies: [Duration?]
        /// Records attached (valid mp3 in the portal).
        public let attached: Int
        /// Seconds of audio recorded.
        public let audioSeconds: Double
        /// From the first hangup to the last record received, seconds (0 without recordings).
        public let recordingSeconds: Double
    }

    /// Why a run failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let members = (201...210).map(String.init)
    static let secret = "bench-recordings-secret"

    /// What one run does.
    public struct Options: Sendable {
        /// Calls played.
        public var calls: Int
        /// Calls arriving per second.
        public var callsPerSecond: Double
        /// Seconds of each call's recording.
        public var seconds: Double
        /// `lame` or `libmp3lame`; nil turns recordings off.
        public var encoder: String?
        /// Encodings at once (nil: cores − 1).
        public var concurrency: Int?
        /// The rules folder.
        public var rulesPath: String
        /// How long the cards and records may take.
        public var timeout: Duration = .seconds(600)

        /// Options.
        public init(
            calls: Int,
            callsPerSecond: Double,
            seconds: Double,
            encoder: String?,
            concurrency: Int?,
            rulesPath: String
        ) {
            self.calls = calls
            self.callsPerSecond = callsPerSecond
            self.seconds = seconds
            self.encoder = encoder
            self.concurrency = concurrency
            self.rulesPath = rulesPath
        }
    }

    /// One run.
    public static func run(_ options: Options) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rec-\(UUID().uuidString)")
        let monitor = folder.appendingPathComponent("monitor")
        try FileManager.default.createDirectory(at: monitor, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(secret))
        )
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        for (index, ext) in members.enumerated() {
            portal.addUser(FakeBitrix24User(id: 101 + index, name: "Operator \(ext)", phoneInner: ext))
        }
        try await portal.start()
        do {
            let run = try await runDaemon(options, folder: folder, monitor: monitor, ami: ami, portal: portal)
            await ami.stop()
            await portal.stop()
            return run
        } catch {
            await ami.stop()
            await portal.stop()
            throw error
        }
    }

    private static func runDaemon(
        _ options: Options,
        folder: URL,
        monitor: URL,
        ami: AMITestServer,
        portal: FakeBitrix24
    ) async throws -> Run {
        let script = (0..<options.calls).map { SyntheticInboundCall(round: 7, index: $0, members: members) }
        let wav = WAVTone(sampleRate: 8000, seconds: options.seconds).fileData()
        for call in script { try wav.write(to: monitor.appendingPathComponent("\(call.linkedid).wav")) }

        let config = try loadConfig(
            folder: folder,
            amiPort: ami.port,
            webhook: portal.webhookURL,
            rules: options.rulesPath,
            recordings: options.encoder.map { ($0, monitor.path, options.concurrency) }
        )
        let daemon = try await Daemon.start(
            config: config,
            options: .init(probeInterval: .seconds(3600), drainTimeout: .seconds(10))
        )
        return try await withThrowingTaskGroup(of: Run?.self) { group in
            group.addTask {
                try await daemon.run()
                return nil
            }
            do {
                try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(20))
                let run = try await drive(script, ami: ami, portal: portal, options: options)
                await daemon.group.triggerGracefulShutdown()
                _ = try await group.next()
                return run
            } catch {
                await daemon.group.triggerGracefulShutdown()
                group.cancelAll()
                throw error
            }
        }
    }

    /// Plays the calls and measures.
    private static func drive(
        _ script: [SyntheticInboundCall],
        ami: AMITestServer,
        portal: FakeBitrix24,
        options: Options
    ) async throws -> Run {
        let rate = options.callsPerSecond
        let clock = ContinuousClock()
        let start = clock.now
        var rang: [String: Date] = [:]
        var firstHangup: Date?
        let talk = max(1, Int((rate / 2).rounded()))  // a call hangs up about half a second after it rang
        for (index, call) in script.enumerated() {
            try await clock.sleep(until: start + .seconds(Double(index) / rate))
            ami.broadcast(call.start + call.recording("/var/spool/asterisk/monitor/\(call.linkedid).wav"))
            rang[call.linkedid] = Date()
            ami.broadcast(call.agentCalls)
            if index >= talk {
                firstHangup = firstHangup ?? Date()
                ami.broadcast(script[index - talk].hangup)
            }
        }
        for call in script.suffix(talk) { ami.broadcast(call.hangup) }
        firstHangup = firstHangup ?? Date()

        let expected = options.encoder == nil ? 0 : script.count
        let timeout = options.timeout
        let done = await portal.waitForJournal(timeout: timeout) { journal in
            journal.filter { $0.method == "telephony.externalcall.show" && $0.status == 200 }.count >= script.count
                && journal.filter { $0.method == "telephony.externalcall.attachrecord" && $0.status == 200 }.count
                    >= expected
        }
        guard done else { throw Failure(description: "not every card (and record) reached the portal in \(timeout)") }
        let journal = portal.journal
        var callIDs: [String: String] = [:]
        for entry in journal where entry.method == "telephony.externalcall.register" && entry.status == 200 {
            if let external = entry.params["EXTERNAL_CALL_ID"]?.stringValue,
                let id = entry.result?["CALL_ID"]?.stringValue
            {
                callIDs[id] = String(external.split(separator: ":").last ?? "")
            }
        }
        var shown: [String: Date] = [:]
        for entry in journal where entry.method == "telephony.externalcall.show" && entry.status == 200 {
            guard let id = entry.params["CALL_ID"]?.stringValue, let linkedid = callIDs[id], shown[linkedid] == nil
            else { continue }
            shown[linkedid] = entry.receivedAt
        }
        let latencies = script.map { call -> Duration? in
            guard let t0 = rang[call.linkedid], let t1 = shown[call.linkedid] else { return nil }
            return .seconds(t1.timeIntervalSince(t0))
        }
        let attaches = journal.filter { $0.method == "telephony.externalcall.attachrecord" && $0.status == 200 }
        let lastAttach = attaches.map(\.receivedAt).max()
        let attached = callIDs.keys.filter { portal.finishedCall($0)?.record.map { !$0.content.isEmpty } ?? false }
            .count
        return Run(
            latencies: latencies,
            attached: attached,
            audioSeconds: Double(script.count) * options.seconds,
            recordingSeconds: lastAttach.map { $0.timeIntervalSince(firstHangup ?? $0) } ?? 0
        )
    }

    /// The engine.yaml of the run, loaded the way `engine run` loads it.
    private static func loadConfig(
        folder: URL,
        amiPort: Int,
        webhook: String,
        rules: String,
        recordings: (encoder: String, dir: String, concurrency: Int?)?
    ) throws -> EngineConfig {
        var text = """
            pbx: {id: bench}
            ami: {host: 127.0.0.1, port: \(amiPort), username: switchboard, secret: "${BENCH_AMI_SECRET}"}
            bitrix24:
              webhook_url: "${BENCH_WEBHOOK}"
              rate_limit: {per_second: 1000, burst: 250}
              default_user: 1
            admin: {listen: "127.0.0.1:0"}
            rules: \(rules)
            state: \(folder.appendingPathComponent("state.sqlite").path)

            """
        if let recordings {
            text += """
                recordings:
                  dir: \(recordings.dir)
                  encoder: \(recordings.encoder)
                  settle_seconds: 0.2
                  max_wait_seconds: 120

                """
            if let concurrency = recordings.concurrency { text += "  concurrency: \(concurrency)\n" }
        }
        let path = folder.appendingPathComponent("engine.yaml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let loaded = ConfigLoader.load(
            path: path.path,
            environment: ["BENCH_AMI_SECRET": secret, "BENCH_WEBHOOK": webhook]
        )
        guard let config = loaded.config else {
            throw Failure(description: DiagnosticFormat.human.render(loaded.report))
        }
        return config
    }

    /// Sends every logger's lines at `level` and above to /dev/null (formatted, as `engine run` would); once per
    /// process.
    public static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { DiscardingLogHandler(label: $0, level: level) }
    }
}
