import Foundation
import ServiceLifecycle
import Simulators
import SwitchboardDaemon

/// `engine fake-portal`'s service: the portal serves until a graceful shutdown; meanwhile each new journal entry is
/// appended to the journal file as one JSON object.
struct FakePortalService: Service {
    let portal: FakeBitrix24
    let journal: String?
    let urlFile: String?

    func run() async throws {
        try await portal.start()
        print("fake Bitrix24 portal: \(portal.webhookURL)")
        if let urlFile { try (portal.webhookURL + "\n").write(toFile: urlFile, atomically: true, encoding: .utf8) }
        let file = try journal.map(Self.openForAppending)
        let written = await cancelWhenGracefulShutdown { [portal] in
            var written = 0
            while !Task.isCancelled {
                let already = written
                _ = await portal.waitForJournal(timeout: .seconds(1)) { $0.count > already }
                written = Self.append(portal.journal, from: written, to: file)
            }
            return written
        }
        _ = Self.append(portal.journal, from: written, to: file)
        try file?.close()
        await portal.stop()
    }

    private static func openForAppending(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw StartupFailure("cannot create the journal file \(path)")
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        return handle
    }

    /// Writes `journal[from...]` as JSON lines; returns the new count written.
    private static func append(_ journal: [FakeBitrix24JournalEntry], from start: Int, to file: FileHandle?) -> Int {
        guard journal.count > start else { return start }
        let lines = journal[start...].map { line(for: $0) + "\n" }.joined()
        file?.write(Data(lines.utf8))
        return journal.count
    }

    /// One entry as a JSON object.
    static func line(for entry: FakeBitrix24JournalEntry) -> String {
        var fields: [(String, FakeJSON)] = [
            ("seq", .int(entry.sequence)),
            ("at", .double(entry.receivedAt.timeIntervalSince1970)),
            ("method", .string(entry.method)),
            ("status", .int(entry.status)),
            ("in_batch", .bool(entry.inBatch)),
            ("params", entry.params),
            ("result", entry.result ?? .null),
        ]
        if let error = entry.error { fields.append(("error", .string("\(error.code): \(error.description)"))) }
        return "{" + fields.map { "\(FakeJSON.string($0.0).serialized):\($0.1.serialized)" }.joined(separator: ",")
            + "}"
    }
}
