import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// The encodings pinned to the spare cores: which cores, and a `lame` child that really runs on them.
@Suite("Encoder cores")
struct EncoderCPUSetTests {
    @Test("the last cores for the encodings; none pinned when they would take every core")
    func spareCores() {
        #expect(EncoderCPUSet.spare(concurrency: 1, allowed: [0, 1]) == [1])
        #expect(EncoderCPUSet.spare(concurrency: 3, allowed: [0, 1, 2, 3]) == [1, 2, 3])
        #expect(EncoderCPUSet.spare(concurrency: 2, allowed: [2, 5, 7]) == [5, 7])
        #expect(EncoderCPUSet.spare(concurrency: 2, allowed: [0, 1]) == nil)
        #expect(EncoderCPUSet.spare(concurrency: 1, allowed: [0]) == nil)
        #expect(EncoderCPUSet.spare(concurrency: 1, allowed: []) == nil)
        #expect(EncoderCPUSet.allowed().count == ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test("a lame child runs on the cores it is given (its own /proc status says so)")
    func childPinned() async throws {
        let folder = try MP3EncoderTests.Folder()
        let core = try #require(EncoderCPUSet.allowed().last)
        // A stand-in for lame that waits (bounded) until the daemon has pinned it, then writes its output.
        let script = folder.path("lame-pinned")
        try """
        #!/bin/sh
        for last; do :; done
        i=0
        while [ $i -lt 1000 ]; do
          if grep -q '^Cpus_allowed_list:[[:space:]]*\(core)$' /proc/$$/status; then echo pinned > "$last"; exit 0; fi
          i=$((i+1)); sleep 0.01
        done
        echo "not pinned: $(grep Cpus_allowed_list /proc/$$/status)" >&2
        exit 3

        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let wav = folder.path("in.wav")
        try WAVTone(seconds: 1).write(to: URL(fileURLWithPath: wav))
        let format = try WAVFile.format(atPath: wav)
        try await LameExecutable(program: script, cpus: [core])
            .encode(wav, format: format, to: folder.path("out.mp3"), settings: .init())
        let written = try String(contentsOfFile: folder.path("out.mp3"), encoding: .utf8)
        #expect(written == "pinned\n")
    }
}
