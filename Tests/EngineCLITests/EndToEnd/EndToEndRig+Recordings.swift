import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

extension EndToEndRig {
    /// Where the rig's recordings are (`recordings.dir`): the captures report `/var/spool/asterisk/monitor/<id>.wav`,
    /// found here by name.
    var monitor: URL { folder.appendingPathComponent("monitor") }

    /// Turns recordings on: `recordings.dir` is ``monitor``, short settle and wait times; `keys` add or replace keys.
    func enableRecordings(_ keys: KeyValuePairs<String, String> = [:]) throws {
        if !FileManager.default.fileExists(atPath: monitor.path) {
            try FileManager.default.createDirectory(at: monitor, withIntermediateDirectories: true)
        }
        var section = ["dir": monitor.path, "settle_seconds": "0.2", "max_wait_seconds": "4"]
        for (key, value) in keys { section[key] = value }
        let lines = section.keys.sorted().map { "  \($0): \(section[$0] ?? "")" }
        try writeConfig(adding: (["recordings:"] + lines).joined(separator: "\n"))
    }

    /// Writes a tone as `name` in ``monitor``.
    @discardableResult
    func writeRecording(
        _ name: String,
        _ tone: WAVTone = WAVTone(seconds: 3),
        declaredDataSize: UInt32? = nil
    ) throws -> URL {
        try FileManager.default.createDirectory(at: monitor, withIntermediateDirectories: true)
        let url = monitor.appendingPathComponent(name)
        try tone.write(to: url, declaredDataSize: declaredDataSize)
        return url
    }

    /// The successful attachRecord commands of the call with `linkedid`.
    func attaches(of linkedid: String) -> [FakeBitrix24JournalEntry] {
        let ids = journal(of: linkedid).callIDs
        return portal.journal.filter {
            $0.method == "telephony.externalcall.attachrecord" && $0.status == 200
                && ($0.params["CALL_ID"]?.stringValue).map(ids.contains) == true
        }
    }

    /// The record the portal holds for the call with `linkedid`.
    func record(of linkedid: String) -> FakeBitrix24Record? {
        journal(of: linkedid).callIDs.lazy.compactMap { self.portal.finishedCall($0)?.record }.first
    }

    /// The running engine's `/metrics` text (its admin port: the last one the log names, after restarts; awaited,
    /// since the listener says so after the engine is up).
    func metrics() async throws -> String {
        func listening() -> Substring? {
            log.split(separator: "\n").last { $0.contains("switchboard.http.admin") && $0.contains("listening") }
        }
        _ = await eventually { listening() != nil }
        let listening = listening()
        let port = try #require(listening.flatMap { AdminEndpoint.port(inLog: String($0)) }, "no admin port in the log")
        return try await AdminEndpoint(port: port).get("/metrics").body
    }

    /// `switchboard_recordings_total{result=…}` now.
    func recordings(_ result: String) async throws -> Double {
        AdminEndpoint.sample(try await metrics(), "switchboard_recordings_total", labels: ["result": result])
    }
}
