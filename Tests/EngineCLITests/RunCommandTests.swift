import Foundation
import TestSupport
import Testing

/// `engine run`'s refusals, as a user meets them.
@Suite struct RunCommandTests {
    @Test("without ami or bitrix24, engine run exits 1, names what is missing and points to engine demo")
    func refusesWithoutPBXOrPortal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("engine.yaml")
        try "rules: \(RepositoryFiles.rulesFolder)\nstate: \(folder.path)/state.sqlite\n".write(
            to: config,
            atomically: true,
            encoding: .utf8
        )
        let output = try EngineProcess.run(["run", "--config", config.path])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("configures no ami or bitrix24 section"), "\(output.stderr)")
        #expect(output.stderr.contains("`engine demo`"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state.sqlite").path))
    }
}
