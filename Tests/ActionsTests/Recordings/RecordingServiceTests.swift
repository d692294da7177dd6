import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// ``RecordingService`` over the real outbox, scheduler, fake portal and `lame`: a wav becomes the call's record,
/// inline or by the two-step upload, only after the finish, once; a restart resumes; bad files end with their result.
@Suite("Recording service", .serialized)
struct RecordingServiceTests {
    static func request(_ key: String, _ file: String, finish: String? = "finish") -> RecordingRequest {
        RecordingRequest(callKey: key, file: file, rule: "attach-recording", finishStep: finish)
    }

    /// Checks the record: MPEG audio of `seconds`, decoded back, audible.
    static func expectAudio(
        _ record: FakeBitrix24Record?,
        seconds: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let record = try #require(record, sourceLocation: sourceLocation)
        #expect(record.filename.hasSuffix(".mp3"), sourceLocation: sourceLocation)
        let (frames, decoded) = try LameDecoding.verify(record.content)
        #expect(
            abs(frames.seconds - seconds) < 0.3 && abs(decoded.seconds - seconds) < 0.3 && decoded.rms > 2000,
            "\(frames) \(decoded)",
            sourceLocation: sourceLocation
        )
    }

    @Test("inline: the record arrives after the finish, once, as valid MPEG audio; temporary files are removed")
    func inline() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            try await RecordingFixture.with(delivery) { fixture in
                let key = try await fixture.finishedCall(1)
                let wav = try fixture.writeWAV("1800000001.1.wav")
                await fixture.service.submit([Self.request(key, wav)])
                #expect(await eventually(timeout: .seconds(20)) { await fixture.service.pendingJobs == 0 })
                try Self.expectAudio(fixture.record(key), seconds: 3)
                let attaches = fixture.attaches(key)
                #expect(attaches.count == 1 && attaches.first?.status == 200 && attaches.first?.inBatch == false)
                #expect(attaches.first?.params["FILE_CONTENT"] != nil)
                #expect(fixture.record(key)?.filename == "1800000001.1.mp3")
                #expect(!delivery.portal.journal.contains { $0.method == "upload" })
                #expect(fixture.logs("recording attached", key).count == 1)
                #expect(fixture.leftovers.isEmpty, "\(fixture.leftovers)")
                #expect(FileManager.default.fileExists(atPath: wav))
            }
        }
    }

    @Test("two-step: uploadUrl, then the multipart POST with the mp3; keep_wav false deletes the wav once attached")
    func twoStep() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            try await RecordingFixture.with(delivery, inlineLimit: 0, keepWAV: false) { fixture in
                let key = try await fixture.finishedCall(2)
                let wav = try fixture.writeWAV("1800000002.1.wav", WAVTone(sampleRate: 16000, seconds: 4))
                await fixture.service.submit([Self.request(key, wav)])
                #expect(await eventually(timeout: .seconds(20)) { await fixture.service.pendingJobs == 0 })
                try Self.expectAudio(fixture.record(key), seconds: 4)
                let attaches = fixture.attaches(key)
                #expect(attaches.count == 1 && attaches.first?.params["FILE_CONTENT"] == nil)
                #expect(attaches.first?.result?["uploadUrl"] != nil)
                let uploads = delivery.portal.journal.filter { $0.method == "upload" }
                #expect(uploads.count == 1 && uploads.first?.status == 200)
                #expect(uploads.first?.params["filename"]?.stringValue == "1800000002.1.mp3")
                #expect(!FileManager.default.fileExists(atPath: wav))
                #expect(await fixture.scheduler.statistics.requestsSent >= 2)
            }
        }
    }

    @Test("two recordings of one call are joined into its one record, in order, both audible")
    func joined() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            try await RecordingFixture.with(delivery) { fixture in
                let key = try await fixture.finishedCall(3)
                let first = try fixture.writeWAV("a.wav", WAVTone(sampleRate: 8000, seconds: 2, frequency: 440))
                let second = try fixture.writeWAV("b.wav", WAVTone(sampleRate: 16000, seconds: 3, frequency: 880))
                await fixture.service.submit([Self.request(key, first), Self.request(key, second)])
                #expect(await eventually(timeout: .seconds(20)) { await fixture.service.pendingJobs == 0 })
                try Self.expectAudio(fixture.record(key), seconds: 5)
                #expect(try MPEGAudioFrames.parse(try #require(fixture.record(key)).content).sampleRate == 16000)
                #expect(fixture.attaches(key).count == 1)
                #expect(fixture.logs("recording attached", key).count == 2)
            }
        }
    }

    @Test("stopped with the record encoded and waiting for the finish: the next start attaches it, once")
    func resumes() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            let key = try await RecordingFixture.with(delivery) { first in
                let key = try await first.finishedCall(4)
                let wav = try first.writeWAV("1800000004.1.wav")
                await first.service.submit([Self.request(key, wav, finish: nil)])
                #expect(await eventually(timeout: .seconds(20)) { first.leftovers.contains { $0.hasSuffix("-1.mp3") } })
                #expect(await eventually { await first.service.pendingJobs == 1 })
                #expect(first.attaches(key).isEmpty)
                return key
            }

            try await RecordingFixture.with(delivery) { second in
                #expect(await second.service.pendingJobs == 1)
                await second.service.finishQueued(callKey: key, step: "finish")
                #expect(await eventually(timeout: .seconds(20)) { await second.service.pendingJobs == 0 })
                try Self.expectAudio(second.record(key), seconds: 3)
                #expect(second.attaches(key).count == 1)
            }
        }
    }

    @Test("bad files end with their result, the others of the same moment are attached")
    func badFiles() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            try await RecordingFixture.with(delivery) { fixture in
                var keys: [String: String] = [:]
                for (index, name) in ["good", "missing", "empty", "corrupt", "unsupported", "bad_name"].enumerated() {
                    keys[name] = try await fixture.finishedCall(10 + index)
                }
                try fixture.writeWAV("good.wav")
                _ = FileManager.default.createFile(
                    atPath: fixture.recordings.appendingPathComponent("empty.wav").path,
                    contents: nil
                )
                try Data("RIFF nonsense, not a wav".utf8).write(
                    to: fixture.recordings.appendingPathComponent("corrupt.wav")
                )
                var gsm = WAVTone(seconds: 1).fileData()
                gsm.replaceSubrange(20..<22, with: [0x31, 0])
                try gsm.write(to: fixture.recordings.appendingPathComponent("gsm.wav"))
                let files = [
                    "good": "good.wav", "missing": "none.wav", "empty": "empty.wav", "corrupt": "corrupt.wav",
                    "unsupported": "gsm.wav", "bad_name": "../../etc/passwd",
                ]
                for (name, key) in keys { await fixture.service.submit([Self.request(key, try #require(files[name]))]) }
                #expect(await eventually(timeout: .seconds(20)) { await fixture.service.pendingJobs == 0 })
                try Self.expectAudio(fixture.record(try #require(keys["good"])), seconds: 3)
                for name in ["missing", "empty", "corrupt", "unsupported", "bad_name"] {
                    let key = try #require(keys[name])
                    #expect(
                        fixture.logs("result=\(name)", key).count == 1,
                        "\(name): \(delivery.logs.all.filter { $0.contains(key) })"
                    )
                    #expect(fixture.attaches(key).isEmpty, "\(name)")
                }
                #expect(fixture.leftovers.isEmpty, "\(fixture.leftovers)")
            }
        }
    }

    @Test("the portal refusing the upload: upload_failed, the wav kept, nothing left in the work folder")
    func portalRefuses() async throws {
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(rateLimit: nil)) { delivery in
            try await RecordingFixture.with(delivery, inlineLimit: 0, keepWAV: false) { fixture in
                let key = try await fixture.finishedCall(20)
                let wav = try fixture.writeWAV("refused.wav")
                delivery.portal.injectFault(
                    .error(status: 400, code: "", description: "Disk quota exceeded"),
                    times: 5,
                    method: "upload"
                )
                await fixture.service.submit([Self.request(key, wav)])
                #expect(await eventually(timeout: .seconds(20)) { await fixture.service.pendingJobs == 0 })
                #expect(fixture.logs("result=upload_failed", key).count == 1, "\(delivery.logs.all)")
                #expect(fixture.record(key) == nil)
                #expect(FileManager.default.fileExists(atPath: wav))
                #expect(fixture.leftovers.isEmpty, "\(fixture.leftovers)")
            }
        }
    }
}
