import Foundation
import Testing

@testable import RuleDSL

@Suite struct RecordingsConfigTests {
    /// `config.recordings.enabled` as expressions read it.
    private func enabledForRules(_ config: EngineConfig) -> Value? {
        guard case .map(let top) = config.expressionValue, case .map(let recordings)? = top["recordings"] else {
            return nil
        }
        return recordings["enabled"]
    }

    private func load(_ text: String) throws -> ConfigLoader.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return ConfigLoader.load(path: url.path, environment: [:])
    }

    @Test("no recordings section: off, and config.recordings.enabled reads false")
    func absentIsOff() throws {
        let config = try #require(try load("rules: rules/\n").config)
        #expect(config.recordings == nil)
        #expect(enabledForRules(config) == .bool(false))
    }

    @Test("a section with only dir is on, with the defaults")
    func defaults() throws {
        let config = try #require(try load("recordings: {dir: /var/spool/asterisk/monitor}\n").config)
        let recordings = try #require(config.recordings)
        #expect(
            recordings
                == {
                    var expected = EngineConfig.Recordings()
                    expected.directory = "/var/spool/asterisk/monitor"
                    return expected
                }()
        )
        #expect(recordings.enabled && recordings.encoder == .lame && recordings.bitrate == 32)
        #expect(recordings.inlineMaxBytes == 1 << 20 && recordings.keepWAV && recordings.concurrency == nil)
        #expect(enabledForRules(config) == .bool(true))
    }

    @Test("every key is read")
    func everyKey() throws {
        let text = """
            recordings:
              enabled: true
              dir: /mnt/rec
              encoder: libmp3lame
              lame: /opt/lame/bin/lame
              bitrate: 64
              concurrency: 3
              settle_seconds: 0.5
              max_wait_seconds: 30
              inline_max_bytes: 0
              keep_wav: false
              work_dir: /var/lib/switchboard/mp3

            """
        let result = try load(text)
        #expect(result.report.diagnostics.isEmpty, "\(result.report.diagnostics)")
        let recordings = try #require(result.config?.recordings)
        #expect(recordings.directory == "/mnt/rec" && recordings.encoder == .libmp3lame)
        #expect(recordings.lameProgram == "/opt/lame/bin/lame" && recordings.bitrate == 64)
        #expect(recordings.concurrency == 3 && recordings.settleSeconds == 0.5 && recordings.maxWaitSeconds == 30)
        #expect(recordings.inlineMaxBytes == 0 && !recordings.keepWAV)
        #expect(recordings.workDirectory == "/var/lib/switchboard/mp3")
    }

    @Test("enabled: false turns recordings off for the rules")
    func disabled() throws {
        let config = try #require(try load("recordings: {enabled: false, dir: /x}\n").config)
        #expect(config.recordings?.enabled == false)
        #expect(enabledForRules(config) == .bool(false))
    }

    @Test("bad values are each reported at their place, and the config is refused")
    func badValues() throws {
        let text = """
            recordings:
              enabled: yes
              encoder: ffmpeg
              bitrate: 128
              concurrency: 0
              settle_seconds: -1
              max_wait_seconds: nine
              inline_max_bytes: -5
              keep_wave: true

            """
        let result = try load(text)
        #expect(result.config == nil)
        let lines = result.report.diagnostics.map(\.range.start.line).sorted()
        #expect(lines == [2, 3, 4, 5, 6, 7, 8, 9], "\(result.report.diagnostics)")
        let rendered = DiagnosticFormat.human.render(result.report)
        #expect(rendered.contains("did you mean `keep_wav`?"))
        #expect(rendered.contains("`recordings.encoder` is `lame`"))
        #expect(rendered.contains("one of 8, 16, 24, 32, 40, 48, 56, 64"))
    }
}
