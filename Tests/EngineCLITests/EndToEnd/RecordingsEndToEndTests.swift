import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Recordings through the real `engine run`: the test writes a real wav (a tone) where MixMonitor would have, the test
/// AMI server replays `answered` over TCP, the real `lame` encodes, and the fake portal receives the record — valid
/// MPEG audio the decoder reads back — only after the finish, once, inline or by the two-step upload.
@Suite("end to end: recordings", .serialized)
struct RecordingsEndToEndTests {
    static let call = ExpectedCall.answered.linkedid
    static let file = "1795564212.1.wav"

    /// The call's record: after its finish, once, not in a batch, MPEG audio of `seconds`, audible when decoded.
    static func expectRecord(
        _ rig: EndToEndRig,
        seconds: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let context = "\(rig.describeJournal())\n\(rig.log)"
        let attaches = rig.attaches(of: call)
        #expect(attaches.count == 1, "attaches: \(attaches.count)\n\(context)", sourceLocation: sourceLocation)
        let finish = try #require(rig.journal(of: call).finishes.first, sourceLocation: sourceLocation)
        #expect(rig.journal(of: call).finishes.count == 1, sourceLocation: sourceLocation)
        #expect(attaches.allSatisfy { $0.sequence > finish.sequence && !$0.inBatch }, sourceLocation: sourceLocation)
        let record = try #require(rig.record(of: call), "\(context)", sourceLocation: sourceLocation)
        #expect(record.filename == "1795564212.1.mp3", sourceLocation: sourceLocation)
        let (frames, decoded) = try LameDecoding.verify(record.content)
        #expect(
            abs(frames.seconds - seconds) < 0.4 && abs(decoded.seconds - seconds) < 0.4 && decoded.rms > 2000,
            "\(frames) \(decoded)",
            sourceLocation: sourceLocation
        )
    }

    /// The call was finished once and no card is left, whatever became of its recording.
    static func expectCallClosed(_ rig: EndToEndRig, sourceLocation: SourceLocation = #_sourceLocation) {
        let context = rig.describeJournal()
        #expect(rig.journal(of: call).finishes.count == 1, "\(context)", sourceLocation: sourceLocation)
        for user in EndToEndRig.allUsers {
            #expect(
                rig.portal.visibleCards(for: user).isEmpty,
                "card left for \(user)\n\(context)",
                sourceLocation: sourceLocation
            )
        }
    }

    /// Runs `answered` with recordings on (`more` config), waits until `result` was counted once, stops the engine.
    static func run(
        _ rig: EndToEndRig,
        config keys: KeyValuePairs<String, String> = [:],
        events: [AMIMessage]? = nil,
        until result: String,
        count: Double = 1
    ) async throws {
        try rig.enableRecordings(keys)
        try await rig.startEngine()
        if let events {
            await rig.ami.replay(events: events, speed: .instant)
        } else {
            try await rig.replay("answered")
        }
        let counted = await eventually(timeout: .seconds(30)) { (try? await rig.recordings(result)) == count }
        #expect(counted, "\(result) not counted\n\(rig.describeJournal())\n\(rig.log)")
        #expect(await rig.stopEngine() == 0, "\(rig.log)")
    }

    static func answeredEvents() throws -> [AMIMessage] {
        try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
    }

    @Test("inline: after the finish, once, valid MPEG audio decoded back; counted, logged with the Linkedid")
    func inline() async throws {
        try await EndToEndRig.with { rig in
            try rig.writeRecording(Self.file)
            try await Self.run(rig, until: "attached")
            try Self.expectRecord(rig, seconds: 3)
            Self.expectCallClosed(rig)
            #expect(rig.attaches(of: Self.call).first?.params["FILE_CONTENT"] != nil)
            #expect(rig.log.contains("recording attached") && rig.log.contains("call=\(Self.call)"))
            #expect(FileManager.default.fileExists(atPath: rig.monitor.appendingPathComponent(Self.file).path))
        }
    }

    @Test("two-step: uploadUrl, then the mp3 POSTed as multipart; keep_wav false deletes the wav")
    func twoStep() async throws {
        try await EndToEndRig.with { rig in
            try rig.writeRecording(Self.file, WAVTone(sampleRate: 16000, seconds: 5))
            try await Self.run(rig, config: ["inline_max_bytes": "0", "keep_wav": "false"], until: "attached")
            try Self.expectRecord(rig, seconds: 5)
            #expect(rig.attaches(of: Self.call).first?.params["FILE_CONTENT"] == nil)
            #expect(rig.portal.journal.filter { $0.method == "upload" && $0.status == 200 }.count == 1)
            #expect(!FileManager.default.fileExists(atPath: rig.monitor.appendingPathComponent(Self.file).path))
            Self.expectCallClosed(rig)
        }
    }

    @Test("VarSet filtered out: MixMonitorStart and the rule's ${UNIQUEID}.wav find the file in recordings.dir")
    func varSetFiltered() async throws {
        try await EndToEndRig.with { rig in
            try rig.writeRecording(Self.file)
            let events = try Self.answeredEvents().filter {
                !($0.name == "VarSet" && $0["Variable"] == "MIXMONITOR_FILENAME")
            }
            try await Self.run(rig, events: events, until: "attached")
            try Self.expectRecord(rig, seconds: 3)
        }
    }

    @Test("two recordings (the caller's and the operator's channel): both in the call's one record, attached once")
    func twoRecordings() async throws {
        try await EndToEndRig.with { rig in
            try rig.writeRecording(Self.file, WAVTone(seconds: 3, frequency: 440))
            try rig.writeRecording("agent-201.wav", WAVTone(seconds: 2, frequency: 880))
            var events = try Self.answeredEvents()
            let answer = try #require(events.firstIndex(where: RestartEndToEndTests.isAnswerBy201))
            var headers = events[answer].headers.filter {
                !["Event", "ChannelState", "ChannelStateDesc"].contains($0.name)
            }
            headers.insert(AMIHeader("Event", "VarSet"), at: 0)
            headers += [
                AMIHeader("Variable", "MIXMONITOR_FILENAME"),
                AMIHeader("Value", "/var/spool/asterisk/monitor/agent-201.wav"),
            ]
            events.insert(AMIMessage(headers), at: answer + 1)
            try await Self.run(rig, events: events, until: "attached", count: 2)
            try Self.expectRecord(rig, seconds: 5)
        }
    }

    @Test("SIGKILL after the finish, before the wav was there: after the restart the record is attached exactly once")
    func killedBeforeTheFile() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableRecordings(["max_wait_seconds": "120"])
            try await rig.startEngine()
            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: Self.call), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.awaitLog("recording queued"))
            #expect(await rig.stopEngine(signal: SIGKILL) != nil)
            #expect(rig.attaches(of: Self.call).isEmpty)

            try rig.writeRecording(Self.file)
            try await rig.startEngine()
            let attached = await eventually(timeout: .seconds(30)) { (try? await rig.recordings("attached")) == 1 }
            #expect(attached, "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0)
            try Self.expectRecord(rig, seconds: 3)
            #expect(rig.journal(of: Self.call).registers.count == 1)
            Self.expectCallClosed(rig)
        }
    }

    @Test("SIGKILL with the record queued but not yet sent: the restarted outbox sends it from its path, once")
    func killedWithTheRecordQueued() async throws {
        try await EndToEndRig.with { rig in
            try rig.writeRecording(Self.file)
            try rig.enableRecordings()
            // The portal holds attachRecord back (429 until far away): the record waits in the outbox.
            rig.portal.blockMethod("telephony.externalcall.attachrecord", until: Date().timeIntervalSince1970 + 3600)
            try await rig.startEngine()
            try await rig.replay("answered")
            let held = await eventually(timeout: .seconds(30)) {
                rig.portal.journal.contains { $0.method == "telephony.externalcall.attachrecord" && $0.status == 429 }
            }
            #expect(held, "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine(signal: SIGKILL) != nil)

            rig.portal.clearFaults()
            try await rig.startEngine()
            let attached = await eventually(timeout: .seconds(30)) { (try? await rig.recordings("attached")) == 1 }
            #expect(attached, "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0)
            try Self.expectRecord(rig, seconds: 3)
            Self.expectCallClosed(rig)
        }
    }
}
