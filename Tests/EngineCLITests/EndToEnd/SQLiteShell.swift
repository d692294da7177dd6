import Foundation

/// The `sqlite3` tool on a state file: another program, as far as the engine can tell.
enum SQLiteShell {
    /// Starts `sqlite3 path` reading its script from the returned pipe; its output goes to `output` (a `Pipe` or a
    /// `FileHandle`), its errors nowhere.
    static func launch(_ path: String, output: Any = FileHandle.nullDevice) throws -> (Process, input: Pipe) {
        let process = Process()
        let input = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, input)
    }
}
