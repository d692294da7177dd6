import Actions
import Foundation
import SwitchboardDaemon
import Testing

/// Item 9 of the hardening issue (the smaller ones): the state database and its WAL are the engine user's alone.
@Suite("State file permissions")
struct StateFilePermissionTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func smallerOnesStateDatabaseAndItsWALAreCreated0600() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("var/switchboard.sqlite").path
        try StateFile.prepare(path: path)
        let outbox = try Outbox(path: path)
        #expect(try await outbox.pendingCount() == 0)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) (WAL mode)")
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
        #expect(try Self.mode(folder.appendingPathComponent("var").path) == 0o700)
    }

    @Test func smallerOnesExistingStateFileIsTakenBackTo0600() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(
            FileManager.default.createFile(atPath: path + "-wal", contents: nil, attributes: [.posixPermissions: 0o644])
        )
        try StateFile.prepare(path: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(path + "-wal") == 0o600)
    }
}
