import Actions
import Adapters
import Foundation
import Testing

/// The per-call recording state machine, input by input: no files, no clock, no portal.
@Suite("Recording job (state machine)")
struct RecordingJobTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let timing = RecordingJob.Timing(settle: 1, maxWait: 10, finishWait: 30)
    static let format8k = WAVFormat(sampleRate: 8000, channels: 1, dataOffset: 44, dataLength: 16000)
    static let format16k = WAVFormat(sampleRate: 16000, channels: 1, dataOffset: 44, dataLength: 32000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func job(finish: String? = "finish", files: [String] = ["/rec/a.wav"]) -> RecordingJob {
        var job = RecordingJob(callKey: "1800000000.1", began: t0, workDirectory: "/work", bitrate: 32)
        for file in files {
            _ = job.add(RecordingRequest(callKey: "1800000000.1", file: file, rule: "attach", finishStep: finish))
        }
        return job
    }

    /// Observes file `index` present twice, `settle` apart: it is complete, its header is next.
    static func settle(
        _ job: inout RecordingJob,
        _ index: Int,
        at seconds: Double,
        size: Int64 = 16044
    ) -> [RecordingJob.Action] {
        let modified = at(seconds - 5)
        let present = RecordingFileObservation.present(path: job.files[index].name, size: size, modified: modified)
        _ = job.observed(index, present, at: at(seconds), timing: timing)
        return job.observed(index, present, at: at(seconds + 1), timing: timing)
    }

    /// A job with two files, both complete (their headers next).
    static func twoSettled() -> RecordingJob {
        var job = Self.job(files: ["/rec/a.wav", "/rec/b.wav"])
        _ = Self.settle(&job, 0, at: 1)
        _ = Self.settle(&job, 1, at: 1)
        return job
    }

    @Test(
        "found, unchanged for settle, header read, encoded, attached after the finish; delivered: reported, cleaned up"
    )
    func happyPath() {
        var job = Self.job()
        #expect(job.tick(at: Self.at(0.1), timing: Self.timing) == [.observe(file: 0, name: "/rec/a.wav")])
        #expect(Self.settle(&job, 0, at: 0.2) == [.readHeader(file: 0, path: "/rec/a.wav")])
        let encode = job.headerRead(0, .success(Self.format8k))
        #expect(
            encode == [
                .encode(
                    file: 0,
                    path: "/rec/a.wav",
                    format: Self.format8k,
                    output: "/work/1800000000.1-1.mp3",
                    settings: MP3Settings(bitrate: 32)
                )
            ]
        )
        #expect(job.phase == .encoding)
        let attach = job.encoded(0, .success(()))
        #expect(
            attach == [
                .attach(
                    step: "record",
                    parts: ["/work/1800000000.1-1.mp3"],
                    record: "/work/1800000000.1-r1.mp3",
                    filename: "a.mp3",
                    finishStep: "finish"
                )
            ]
        )
        #expect(job.phase == .attaching(step: "record", record: "/work/1800000000.1-r1.mp3"))
        let done = job.settled(step: "record", delivered: true, detail: "FILE_ID 7", removeWAVs: true)
        #expect(
            done == [
                .report(file: 0, result: .attached, detail: "FILE_ID 7"),
                .remove(["/work/1800000000.1-1.mp3", "/work/1800000000.1-r1.mp3", "/rec/a.wav"]),
            ]
        )
        #expect(job.phase == .done && job.isOver)
    }

    @Test("a file that keeps growing is not complete; past max_wait it is given up as unstable")
    func growing() {
        var job = Self.job()
        for second in 1...9 {
            let observation = RecordingFileObservation.present(
                path: "/rec/a.wav",
                size: Int64(second * 1000),
                modified: Self.at(Double(second))
            )
            #expect(job.observed(0, observation, at: Self.at(Double(second)), timing: Self.timing).isEmpty)
        }
        let actions = job.tick(at: Self.at(10), timing: Self.timing)
        #expect(
            actions.first
                == .report(file: 0, result: .unstable, detail: "/rec/a.wav still changing after 10 s (9000 bytes)")
        )
        #expect(job.phase == .failed && actions.last == .remove(["/work/1800000000.1-1.mp3"]))
    }

    @Test("missing past max_wait: missing; unreadable then: unreadable with the reason")
    func missingAndUnreadable() {
        var missing = Self.job()
        _ = missing.observed(0, .missing, at: Self.at(1), timing: Self.timing)
        #expect(
            missing.tick(at: Self.at(10), timing: Self.timing).first
                == .report(file: 0, result: .missing, detail: "no file within 10 s")
        )
        var unreadable = Self.job()
        _ = unreadable.observed(
            0,
            .unreadable("recordings.dir /x is not a folder"),
            at: Self.at(1),
            timing: Self.timing
        )
        #expect(
            unreadable.tick(at: Self.at(11), timing: Self.timing).first
                == .report(file: 0, result: .unreadable, detail: "recordings.dir /x is not a folder")
        )
    }

    @Test("bad headers end the file with their result; the call's other recording is still attached")
    func badHeader() {
        var job = Self.twoSettled()
        #expect(
            job.headerRead(0, .failure(RecordingHeaderError(.corrupt, "not a wav"))) == [
                .report(file: 0, result: .corrupt, detail: "/rec/a.wav: not a wav")
            ]
        )
        let actions = job.headerRead(1, .success(Self.format8k))
        #expect(actions.count == 1)
        #expect(job.encoded(1, .success(())).count == 1)
        #expect(
            job.settled(step: "record", delivered: true, detail: "ok", removeWAVs: false).first
                == .report(file: 1, result: .attached, detail: "ok")
        )
    }

    @Test("several recordings at 8 and 16 kHz are all encoded at 16 kHz and joined in the order they came")
    func joined() {
        var job = Self.twoSettled()
        #expect(job.headerRead(0, .success(Self.format8k)).isEmpty)  // waits for the other file
        let encodes = job.headerRead(1, .success(Self.format16k))
        #expect(encodes.count == 2)
        #expect(
            encodes.first
                == .encode(
                    file: 0,
                    path: "/rec/a.wav",
                    format: Self.format8k,
                    output: "/work/1800000000.1-1.mp3",
                    settings: MP3Settings(bitrate: 32, outputSampleRate: 16000)
                )
        )
        #expect(job.encoded(1, .success(())).isEmpty)
        guard case .attach(_, let parts, _, _, _)? = job.encoded(0, .success(())).first else {
            Issue.record("no attach")
            return
        }
        #expect(parts == ["/work/1800000000.1-1.mp3", "/work/1800000000.1-2.mp3"])
    }

    @Test("the attach waits for the finish; without one within finish_wait every recording ends as no_finish")
    func waitsForFinish() {
        var job = Self.job(finish: nil)
        _ = Self.settle(&job, 0, at: 1)
        _ = job.headerRead(0, .success(Self.format8k))
        #expect(job.encoded(0, .success(())).isEmpty)
        #expect(job.phase == .encoding)
        guard case .attach(_, _, _, _, let step)? = job.finishQueued(step: "as:done:b24.finish_call").first else {
            Issue.record("no attach after the finish")
            return
        }
        #expect(step == "as:done:b24.finish_call")
        var never = Self.job(finish: nil)
        let actions = never.tick(at: Self.at(30), timing: Self.timing)
        #expect(
            actions.first == .report(file: 0, result: .noFinish, detail: "the call's finish was not queued within 30 s")
        )
        #expect(never.phase == .failed)
    }

    @Test("encoder failure and portal refusal are each reported once per recording")
    func failures() {
        var job = Self.job()
        _ = Self.settle(&job, 0, at: 1)
        _ = job.headerRead(0, .success(Self.format8k))
        let failed = job.encoded(0, .failure(MP3EncoderError(.failed, "lame exited with status 1")))
        #expect(
            failed.first == .report(file: 0, result: .encoderFailed, detail: "/rec/a.wav: lame exited with status 1")
        )
        #expect(job.phase == .failed)

        var refused = Self.job()
        _ = Self.settle(&refused, 0, at: 1)
        _ = refused.headerRead(0, .success(Self.format8k))
        _ = refused.encoded(0, .success(()))
        let gaveUp = refused.settled(
            step: "record",
            delivered: false,
            detail: "File content is empty.",
            removeWAVs: true
        )
        #expect(gaveUp.first == .report(file: 0, result: .uploadFailed, detail: "File content is empty."))
        #expect(gaveUp.last == .remove(["/work/1800000000.1-1.mp3", "/work/1800000000.1-r1.mp3"]))  // the wav is kept
    }

    @Test("a recording added after the record was queued makes a fuller record, record-2; the first one's file goes")
    func revision() {
        var job = Self.job()
        _ = Self.settle(&job, 0, at: 1)
        _ = job.headerRead(0, .success(Self.format8k))
        _ = job.encoded(0, .success(()))
        _ = job.add(RecordingRequest(callKey: "1800000000.1", file: "/rec/b.wav", rule: "attach"))
        #expect(job.phase == .collecting)
        _ = Self.settle(&job, 1, at: 3)
        let encodes = job.headerRead(1, .success(Self.format8k))
        #expect(encodes.count == 1)  // the first part is kept
        guard case .attach(let step, let parts, _, _, _)? = job.encoded(1, .success(())).first else {
            Issue.record("no second record")
            return
        }
        #expect(step == "record-2" && parts.count == 2)
        #expect(
            job.settled(step: "record", delivered: true, detail: "", removeWAVs: false) == [
                .remove(["/work/1800000000.1-r1.mp3"])
            ]
        )
    }

    @Test("the saved form drops what settles again after a restart; resume restarts header reads and encodings")
    func durable() throws {
        var job = Self.job(files: ["/rec/a.wav", "/rec/b.wav"])
        _ = job.observed(
            0,
            .present(path: "/rec/a.wav", size: 5, modified: Self.t0),
            at: Self.at(1),
            timing: Self.timing
        )
        #expect(job.durable.files[0].state == .waiting(problem: nil))
        _ = Self.settle(&job, 1, at: 1)
        var roundTrip = try JSONDecoder().decode(RecordingJob.self, from: try JSONEncoder().encode(job.durable))
        #expect(roundTrip == job.durable)
        #expect(roundTrip.resume(at: Self.at(600)) == [.readHeader(file: 1, path: "/rec/b.wav")])
        // The deadlines count from the restart: a file found complete long after the call is no "unstable" one.
        let complete = RecordingFileObservation.present(path: "/rec/a.wav", size: 9, modified: Self.t0)
        _ = roundTrip.observed(0, complete, at: Self.at(600.1), timing: Self.timing)
        #expect(roundTrip.tick(at: Self.at(600.2), timing: Self.timing) == [.observe(file: 0, name: "/rec/a.wav")])
        #expect(roundTrip.observed(0, complete, at: Self.at(601.2), timing: Self.timing).count == 1)
    }

    @Test("file names: the first wav's name as mp3; unsafe characters of a Linkedid never reach a path")
    func names() {
        var job = RecordingJob(callKey: "../../etc/x y", began: Self.t0, workDirectory: "/work", bitrate: 32)
        _ = job.add(RecordingRequest(callKey: "../../etc/x y", file: "/rec/in-79161234567.wav", rule: "r"))
        #expect(job.files[0].part == "/work/.._.._etc_x_y-1.mp3")
    }
}
