import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// Both LAME encoders on real wavs: the output is clean MPEG Layer III (frame by frame), the real decoder reads it
/// back at the right length and it is not silence. Without `lame` installed these tests fail; they never skip.
@Suite("MP3 encoders (real LAME)", .serialized)
struct MP3EncoderTests {
    static let encoders: [any MP3Encoder] = [LameExecutable(), LameLibrary()]

    final class Folder: Sendable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mp3-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static func encode(
        _ encoder: any MP3Encoder,
        _ tone: WAVTone,
        declaredDataSize: UInt32? = nil,
        settings: MP3Settings = MP3Settings()
    ) async throws -> (Data, WAVFormat) {
        let folder = try Folder()
        let wav = folder.path("in.wav")
        try tone.write(to: URL(fileURLWithPath: wav), declaredDataSize: declaredDataSize)
        let format = try WAVFile.format(atPath: wav)
        try await encoder.encode(wav, format: format, to: folder.path("out.mp3"), settings: settings)
        return (try Data(contentsOf: URL(fileURLWithPath: folder.path("out.mp3"))), format)
    }

    @Test("the lame program is installed (README set-up: apt-get install lame)")
    func lameInstalled() throws {
        #expect(LameExecutable().resolvedPath != nil, "install Debian's lame: the recordings need it")
        try LameExecutable().checkAvailable()
        try LameLibrary().checkAvailable()
    }

    @Test(
        "8 and 16 kHz mono: valid frames at the input's rate, decoded back at the right length, audible",
        arguments: [8000, 16000],
        [0, 1]
    )
    func encodes(rate: Int, encoder: Int) async throws {
        let (mp3, _) = try await Self.encode(Self.encoders[encoder], WAVTone(sampleRate: rate, seconds: 3))
        let frames = try MPEGAudioFrames.parse(mp3)
        #expect(frames.sampleRate == rate && frames.channels == 1)
        #expect(abs(frames.seconds - 3) < 0.2, "\(frames.seconds) s")
        let decoded = try LameDecoding.decode(mp3)
        #expect(decoded.sampleRate == rate && abs(decoded.seconds - 3) < 0.2, "\(decoded)")
        #expect(decoded.rms > 2000, "decoded audio is near silence: rms \(decoded.rms)")
    }

    @Test("a wav its writer never closed (data size 0) is encoded in full", arguments: [0, 1])
    func unfinalized(encoder: Int) async throws {
        let (mp3, format) = try await Self.encode(Self.encoders[encoder], WAVTone(seconds: 2), declaredDataSize: 0)
        #expect(format.truncated)
        #expect(abs(try MPEGAudioFrames.parse(mp3).seconds - 2) < 0.2)
    }

    @Test("stereo, and a resample to 16 kHz for joining with a 16 kHz recording", arguments: [0, 1])
    func stereoAndResample(encoder: Int) async throws {
        let (stereo, _) = try await Self.encode(Self.encoders[encoder], WAVTone(seconds: 1, channels: 2))
        #expect(try MPEGAudioFrames.parse(stereo).channels == 2)
        let (resampled, _) = try await Self.encode(
            Self.encoders[encoder],
            WAVTone(sampleRate: 8000, seconds: 2),
            settings: MP3Settings(bitrate: 32, outputSampleRate: 16000)
        )
        let frames = try MPEGAudioFrames.parse(resampled)
        #expect(frames.sampleRate == 16000 && abs(frames.seconds - 2) < 0.2)
        // Parts at one rate join by concatenation.
        let (other, _) = try await Self.encode(Self.encoders[encoder], WAVTone(sampleRate: 16000, seconds: 1))
        #expect(abs(try MPEGAudioFrames.parse(resampled + other).seconds - 3) < 0.3)
    }

    @Test("a missing encoder says so")
    func missing() {
        #expect(throws: MP3EncoderError.self) { try LameExecutable(program: "/nonexistent/lame").checkAvailable() }
        #expect(throws: MP3EncoderError.self) { try LameExecutable(program: "lame-not-installed-x").checkAvailable() }
        do {
            try LameLibrary(path: "libmp3lame-missing.so.9").checkAvailable()
            Issue.record("a missing library loaded")
        } catch {
            #expect(error.kind == .unavailable && error.detail.contains("libmp3lame-missing.so.9"))
        }
    }

    @Test("lame failing: its exit status and last words; lame hanging: stopped after the time-out")
    func failing() async throws {
        let folder = try Folder()
        let failing = folder.path("lame-fails")
        try "#!/bin/sh\necho 'Error: disk on fire' >&2\nexit 3\n".write(
            toFile: failing,
            atomically: true,
            encoding: .utf8
        )
        let hanging = folder.path("lame-hangs")
        try "#!/bin/sh\nexec sleep 600\n".write(toFile: hanging, atomically: true, encoding: .utf8)
        for script in [failing, hanging] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        }
        let wav = folder.path("in.wav")
        try WAVTone(seconds: 1).write(to: URL(fileURLWithPath: wav))
        let format = try WAVFile.format(atPath: wav)
        do {
            try await LameExecutable(program: failing).encode(
                wav,
                format: format,
                to: folder.path("a.mp3"),
                settings: .init()
            )
            Issue.record("a failing lame succeeded")
        } catch {
            #expect(error.kind == .failed)
            #expect(error.detail.contains("status 3") && error.detail.contains("disk on fire"), "\(error.detail)")
        }
        let started = ContinuousClock.now
        do {
            try await LameExecutable(program: hanging, baseTimeout: .milliseconds(300))
                .encode(wav, format: format, to: folder.path("b.mp3"), settings: .init())
            Issue.record("a hanging lame succeeded")
        } catch {
            #expect(error.kind == .failed && error.detail.contains("longer than"), "\(error.detail)")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
