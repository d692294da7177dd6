import Foundation
import TestSupport

/// Runs the real `engine` executable built next to the test bundle, as a user would.
struct EngineProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `engine` binary: beside the running test executable (SwiftPM puts every product of a
    /// build in one folder).
    static var binary: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // The test runner may live inside `X.xctest/…`; walk up to the products folder.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("engine").path),
            folder.pathComponents.count > 1
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("engine")
    }

    /// Runs `engine arguments…` in the package root and waits for it.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = RepositoryFiles.root
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Starts `engine arguments…` in `folder` (default: the package root) with `environment` on top of this
    /// process's, its output appended to `output`, and does not wait.
    static func launch(
        _ arguments: [String],
        environment: [String: String] = [:],
        in folder: URL = RepositoryFiles.root,
        output: URL
    ) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !FileManager.default.fileExists(atPath: output.path) {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: output)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits until `process` has exited (checking every few milliseconds), at most `timeout`: its status, or nil.
    static func exitStatus(of process: Process, timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Runs another program (`sqlite3`, `systemd-analyze`) with `input` as its standard input; both outputs together.
    static func tool(
        _ executable: String,
        _ arguments: [String],
        input: URL? = nil
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
