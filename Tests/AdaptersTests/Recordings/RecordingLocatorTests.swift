import Adapters
import Foundation
import Testing

/// Where a recording's name leads on this host: as reported, inside `recordings.dir`, by trailing components.
@Suite("Recording locator")
struct RecordingLocatorTests {
    @Test("without recordings.dir an absolute path is read where it is; a relative one is refused")
    func noDirectory() throws {
        let locator = RecordingLocator(directory: nil)
        #expect(
            try locator.candidates(for: "/var/spool/asterisk/monitor/1.wav") == ["/var/spool/asterisk/monitor/1.wav"]
        )
        #expect(throws: RecordingPathError.relativeWithoutDirectory("1.wav")) { try locator.candidates(for: "1.wav") }
    }

    @Test("with recordings.dir: inside it as is, elsewhere by trailing components (longest first), relative inside")
    func directory() throws {
        let locator = RecordingLocator(directory: "/mnt/rec/")
        #expect(try locator.candidates(for: "/mnt/rec/2026/x.wav") == ["/mnt/rec/2026/x.wav"])
        #expect(
            try locator.candidates(for: "/var/spool/asterisk/monitor/2026/01/31/x.wav") == [
                "/mnt/rec/asterisk/monitor/2026/01/31/x.wav", "/mnt/rec/monitor/2026/01/31/x.wav",
                "/mnt/rec/2026/01/31/x.wav", "/mnt/rec/01/31/x.wav", "/mnt/rec/31/x.wav", "/mnt/rec/x.wav",
            ]
        )
        #expect(try locator.candidates(for: "1795570000.1.wav") == ["/mnt/rec/1795570000.1.wav"])
    }

    @Test("`..`, NUL and empty names are refused, even inside recordings.dir")
    func unsafe() {
        let locator = RecordingLocator(directory: "/mnt/rec")
        for name in ["../etc/shadow", "/mnt/rec/../../etc/shadow", "a\0b.wav", "", "/"] {
            #expect(throws: RecordingPathError.unsafe(name)) { try locator.candidates(for: name) }
        }
    }

    @Test("observe: found by basename in the folder; missing; a folder that is a file; a directory as the recording")
    func observe() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("locator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(repeating: 1, count: 100).write(to: folder.appendingPathComponent("1800000000.1.wav"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("dir.wav"),
            withIntermediateDirectories: true
        )
        let locator = RecordingLocator(directory: folder.path)
        guard case .present(let path, let size, _) = locator.observe("/var/spool/asterisk/monitor/1800000000.1.wav")
        else {
            Issue.record("not found by basename")
            return
        }
        #expect(path == folder.appendingPathComponent("1800000000.1.wav").path && size == 100)
        #expect(locator.observe("/var/spool/asterisk/monitor/none.wav") == .missing)
        if case .unreadable(let why) = locator.observe("dir.wav") {
            #expect(why.contains("not a regular file"))
        } else {
            Issue.record("a directory was taken for a recording")
        }
        let file = RecordingLocator(directory: folder.appendingPathComponent("1800000000.1.wav").path)
        if case .unreadable(let why) = file.observe("x.wav") {
            #expect(why.contains("is not a folder"))
        } else {
            Issue.record("a file was taken for recordings.dir")
        }
        let gone = RecordingLocator(directory: folder.appendingPathComponent("nowhere").path)
        if case .unreadable(let why) = gone.observe("x.wav") {
            #expect(why.contains("does not exist"))
        } else {
            Issue.record("a missing recordings.dir was not reported")
        }
    }
}
