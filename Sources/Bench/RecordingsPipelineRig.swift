import AMIProtocol
public import Foundation
import Simulators

/// `engine run` as a child process (``DaemonProcess``) between the test AMI server and the fake Bitrix24, both in
/// this process, for `engine bench recordings`: `calls` queue calls arrive at `callsPerSecond`, each records a wav of
/// `seconds` (written beforehand where MixMonitor would), rings a member (its card is timed) and hangs up half a second
/// later; with recordings on (defaults but the folder and the encoder), every wav is encoded and attached while the
/// next calls ring.
///
/// Card latency: from the moment the test AMI server is handed the call's `AgentCalled` to the moment the fake portal
/// receives the head of its `telephony.externalcall.show` (both wall clock, in this process) — what the portal then
/// does with a request (decode it, check a record's mp3) is not counted.
public enum RecordingsPipelineRig {
    /// What one run measured.
    public struct Run: Sendable {
        /// Card latency per call (nil: no card).
        public let latencies: [Duration?]
        /// Records attached (mp3 in the portal).
        public let attached: Int
        /// Seconds of audio recorded.
        public let audioSeconds: Double
        /// From the first hangup to the last record received, seconds (0 without recordings).
        public let recordingSeconds: Double
        /// CPU seconds of the daemon itself over the run.
        public let daemonCPUSeconds: Double
        /// CPU seconds of its children over the run (the `lame` encodings).
        public let encoderCPUSeconds: Double
    }

    /// Why a run failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let members = (201...210).map(String.init)
    static let secret = "bench-recordings-secret"

    /// What one run does.
    public struct Options: Sendable {
        /// The `engine` binary run as the daemon.
        public var engine: URL
        /// Calls played.
        public var calls: Int
        /// Calls arriving per second.
        public var callsPerSecond: Double
        /// Seconds of each call's recording.
        public var seconds: Double
        /// `lame` or `libmp3lame`; nil turns recordings off.
        public var encoder: String?
        /// Encodings at once (nil: the daemon's default, cores − 1).
        public var concurrency: Int?
        /// The `lame` program (`recordings.lame`; nil: `lame` in PATH).
        public var lame: String?
        /// The rules folder.
        public var rulesPath: String
        /// How long the cards and records may take.
        public var timeout: Duration = .seconds(900)

        /// Options.
        public init(
            engine: URL,
            calls: Int,
            callsPerSecond: Double,
            seconds: Double,
            encoder: String?,
            concurrency: Int?,
            rulesPath: String
        ) {
            self.engine = engine
            self.calls = calls
            self.callsPerSecond = callsPerSecond
            self.seconds = seconds
            self.encoder = encoder
            self.concurrency = concurrency
            self.rulesPath = rulesPath
        }
    }

    /// One run: fresh simulators, state file and daemon.
    public static func run(_ options: Options) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rec-\(UUID().uuidString)")
        let monitor = folder.appendingPathComponent("monitor")
        try FileManager.default.createDirectory(at: monitor, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = (0..<options.calls).map { SyntheticInboundCall(round: 7, index: $0, members: members) }
        // One wav, linked under every call's name: the files MixMonitor would have written, without a gigabyte of disk.
        let wav = monitor.appendingPathComponent("tone.wav")
        try WAVTone(sampleRate: 8000, seconds: options.seconds).fileData().write(to: wav)
        for call in script {
            try FileManager.default.linkItem(at: wav, to: monitor.appendingPathComponent("\(call.linkedid).wav"))
        }
        let ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(secret))
        )
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        for (index, ext) in members.enumerated() {
            portal.addUser(FakeBitrix24User(id: 101 + index, name: "Operator \(ext)", phoneInner: ext))
        }
        do {
            try await portal.start()
            let daemon = try await DaemonProcess.start(
                engine: options.engine,
                folder: folder,
                config: config(options, folder: folder, monitor: monitor, amiPort: ami.port),
                environment: ["BENCH_AMI_SECRET": secret, "BENCH_WEBHOOK": portal.webhookURL],
                arguments: ["--probe-seconds", "3600"],
                ami: ami
            )
            let run: Run
            do {
                run = try await drive(script, ami: ami, portal: portal, daemon: daemon, options: options)
            } catch {
                await daemon.stop()
                throw error
            }
            await daemon.stop()
            await ami.stop()
            await portal.stop()
            return run
        } catch {
            await ami.stop()
            await portal.stop()
            throw error
        }
    }

    /// Plays the calls and measures.
    private static func drive(
        _ script: [SyntheticInboundCall],
        ami: AMITestServer,
        portal: FakeBitrix24,
        daemon: DaemonProcess,
        options: Options
    ) async throws -> Run {
        let rate = options.callsPerSecond
        let clock = ContinuousClock()
        let cpuBefore = try daemon.cpuSeconds()
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
        let deadline = clock.now + options.timeout
        while true {
            let journal = portal.journal
            let shows = journal.count { $0.method == "telephony.externalcall.show" && $0.status == 200 }
            let records = journal.count { $0.method == "telephony.externalcall.attachrecord" && $0.status == 200 }
            if shows >= script.count, records >= expected { break }
            guard clock.now < deadline, daemon.isRunning else {
                throw Failure(
                    description: "cards \(shows) and records \(records) of \(script.count) within \(options.timeout)"
                        + "\n\(daemon.log.suffix(4000))"
                )
            }
            try await clock.sleep(for: .milliseconds(200))
        }
        let cpuAfter = try daemon.cpuSeconds()
        let journal = portal.journal
        var linkedids: [String: String] = [:]
        for entry in journal where entry.method == "telephony.externalcall.register" && entry.status == 200 {
            if let external = entry.params["EXTERNAL_CALL_ID"]?.stringValue,
                let id = entry.result?["CALL_ID"]?.stringValue
            {
                linkedids[id] = String(external.split(separator: ":").last ?? "")
            }
        }
        var shown: [String: Date] = [:]
        for entry in journal where entry.method == "telephony.externalcall.show" && entry.status == 200 {
            guard let id = entry.params["CALL_ID"]?.stringValue, let linkedid = linkedids[id], shown[linkedid] == nil
            else { continue }
            shown[linkedid] = entry.receivedAt
        }
        let latencies = script.map { call -> Duration? in
            guard let t0 = rang[call.linkedid], let t1 = shown[call.linkedid] else { return nil }
            return .seconds(t1.timeIntervalSince(t0))
        }
        let lastAttach = journal.filter { $0.method == "telephony.externalcall.attachrecord" && $0.status == 200 }
            .map(\.receivedAt).max()
        let attached = linkedids.keys.count { portal.finishedCall($0)?.record.map { !$0.content.isEmpty } ?? false }
        return Run(
            latencies: latencies,
            attached: attached,
            audioSeconds: Double(script.count) * options.seconds,
            recordingSeconds: lastAttach.map { $0.timeIntervalSince(firstHangup ?? $0) } ?? 0,
            daemonCPUSeconds: cpuAfter.own - cpuBefore.own,
            encoderCPUSeconds: cpuAfter.children - cpuBefore.children
        )
    }

    /// The run's engine.yaml.
    private static func config(_ options: Options, folder: URL, monitor: URL, amiPort: Int) -> String {
        var text = """
            pbx: {id: bench}
            ami: {host: 127.0.0.1, port: \(amiPort), username: switchboard, secret: "${BENCH_AMI_SECRET}"}
            bitrix24:
              webhook_url: "${BENCH_WEBHOOK}"
              rate_limit: {per_second: 1000, burst: 250}
              default_user: 1
            admin: {listen: "127.0.0.1:0"}
            rules: \(URL(fileURLWithPath: options.rulesPath).standardizedFileURL.path)
            state: \(folder.appendingPathComponent("state.sqlite").path)

            """
        if let encoder = options.encoder {
            text += """
                recordings:
                  dir: \(monitor.path)
                  encoder: \(encoder)

                """
            if let concurrency = options.concurrency { text += "  concurrency: \(concurrency)\n" }
            if let lame = options.lame { text += "  lame: \(lame)\n" }
        }
        return text
    }
}
