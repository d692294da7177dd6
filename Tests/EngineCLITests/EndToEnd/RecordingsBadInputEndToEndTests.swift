import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Every bad input of the recordings through the real `engine run`: each is counted under its result, logged with
/// the call's Linkedid, and the call is still finished once with no card left.
@Suite("end to end: bad recordings", .serialized)
struct RecordingsBadInputEndToEndTests {
    typealias E2E = RecordingsEndToEndTests
    static let file = E2E.file

    /// Runs `answered` until `result` is counted; the call is closed, the log names the result and the Linkedid.
    static func expect(
        _ result: String,
        config: KeyValuePairs<String, String> = [:],
        prepare: (EndToEndRig) throws -> Void
    ) async throws {
        try await EndToEndRig.with { rig in
            try FileManager.default.createDirectory(at: rig.monitor, withIntermediateDirectories: true)
            try prepare(rig)
            try await E2E.run(rig, config: config, until: result)
            E2E.expectCallClosed(rig)
            #expect(rig.attaches(of: E2E.call).isEmpty || result == "attached")
            let line = rig.log.split(separator: "\n").first {
                $0.contains("recording not attached") && $0.contains("result=\(result)")
            }
            #expect(line?.contains("call=\(E2E.call)") == true, "\(rig.log)")
        }
    }

    @Test("a missing file: given up after max_wait_seconds as missing")
    func missing() async throws {
        try await Self.expect("missing") { _ in }
    }

    @Test("an empty file: empty")
    func empty() async throws {
        try await Self.expect("empty") { rig in
            try Data().write(to: rig.monitor.appendingPathComponent(Self.file))
        }
    }

    @Test("a corrupt file: corrupt")
    func corrupt() async throws {
        try await Self.expect("corrupt") { rig in
            try Data("RIFF....WAVEjunk that is no chunk at all".utf8).write(
                to: rig.monitor.appendingPathComponent(Self.file)
            )
        }
    }

    @Test("a file that keeps growing: unstable after max_wait_seconds")
    func growing() async throws {
        try await EndToEndRig.with { rig in
            // The writer appends every 50 ms, 40 times within settle_seconds: a loaded machine that delays it a
            // while does not make the file look complete.
            try rig.enableRecordings(["settle_seconds": "2", "max_wait_seconds": "6"])
            let url = try rig.writeRecording(Self.file, WAVTone(seconds: 0.5))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let handle = try FileHandle(forWritingTo: url)
                    defer { try? handle.close() }
                    while !Task.isCancelled {
                        try handle.seekToEnd()
                        try handle.write(contentsOf: Data(repeating: 7, count: 800))
                        try await Task.sleep(for: .milliseconds(50))  // a writer still recording: 800 bytes every 50 ms
                    }
                }
                try await rig.startEngine()
                try await rig.replay("answered")
                let counted = await eventually(timeout: .seconds(30)) { (try? await rig.recordings("unstable")) == 1 }
                #expect(counted, "\(rig.log)")
                group.cancelAll()
            }
            #expect(await rig.stopEngine() == 0)
            E2E.expectCallClosed(rig)
            #expect(rig.attaches(of: E2E.call).isEmpty)
            #expect(rig.log.contains("result=unstable") && rig.log.contains("call=\(E2E.call)"))
        }
    }

    @Test("an unreadable recordings.dir (a file, not a folder): unreadable")
    func unreadableFolder() async throws {
        try await Self.expect("unreadable") { rig in
            try rig.enableRecordings()
            try FileManager.default.removeItem(at: rig.monitor)
            try Data("not a folder".utf8).write(to: rig.monitor)
        }
    }

    @Test("lame failing: encoder_failed, with its words in the log")
    func lameFails() async throws {
        try await EndToEndRig.with { rig in
            let script = rig.folder.appendingPathComponent("lame-fails")
            try "#!/bin/sh\necho 'lame: broken pipe to nowhere' >&2\nexit 2\n".write(
                to: script,
                atomically: true,
                encoding: .utf8
            )
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try rig.enableRecordings()
            try rig.writeRecording(Self.file)
            try await E2E.run(rig, config: ["lame": script.path], until: "encoder_failed")
            E2E.expectCallClosed(rig)
            #expect(rig.log.contains("broken pipe to nowhere") && rig.log.contains("call=\(E2E.call)"))
        }
    }

    @Test("the portal refusing the upload: upload_failed, the wav kept")
    func portalRefuses() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableRecordings()
            try rig.writeRecording(Self.file)
            rig.portal.injectFault(
                .error(status: 400, code: "", description: "Wrong file extension. Only wav and mp3 are allowed"),
                times: 3,
                method: "telephony.externalcall.attachrecord"
            )
            try await E2E.run(rig, until: "upload_failed")
            E2E.expectCallClosed(rig)
            #expect(rig.record(of: E2E.call) == nil)
            #expect(rig.log.contains("Wrong file extension") && rig.log.contains("call=\(E2E.call)"))
            #expect(FileManager.default.fileExists(atPath: rig.monitor.appendingPathComponent(Self.file).path))
        }
    }

    @Test("a truncated wav (its writer died): the audio it holds is attached, with a warning")
    func truncated() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableRecordings()
            try rig.writeRecording(Self.file, WAVTone(seconds: 2), declaredDataSize: 0)
            try await E2E.run(rig, until: "attached")
            try E2E.expectRecord(rig, seconds: 2)
            #expect(rig.log.contains("was not closed by its writer"))
        }
    }

    @Test("engine run refuses to start when recordings are on and the encoder is missing")
    func encoderMissing() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableRecordings(["lame": "/nonexistent/bin/lame"])
            try rig.launchEngine(environment: [:])
            let exited = await eventually(timeout: .seconds(20)) { rig.process?.isRunning == false }
            #expect(exited, "\(rig.log)")
            #expect(rig.process?.terminationStatus == 1)
            #expect(rig.log.contains("recordings are enabled"), "\(rig.log)")
            #expect(rig.log.contains("/nonexistent/bin/lame") && rig.log.contains("was not found"))
            #expect(rig.ami.loginCount == 0)
        }
    }
}
