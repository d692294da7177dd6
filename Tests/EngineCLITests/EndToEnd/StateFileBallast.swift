import Foundation
import TestSupport

/// Another program filling the disk the state file lives on, played by the `sqlite3` tool: it compacts the file
/// (`VACUUM`, so the engine's tables keep no spare room in their pages), then grows a `ballast` table until the file
/// reaches the engine's cap (`state_max_mb`: SQLite's `max_page_count` on the engine's connection) with no free page
/// left, and keeps taking every page the engine frees (``topUp()``) — every write of the engine's that needs a new
/// page fails with `SQLITE_FULL`, as on a full disk. ``release()`` drops the ballast: its pages go to SQLite's free
/// list, room for the engine again.
final class StateFileBallast: @unchecked Sendable {
    let process: Process
    let input: Pipe
    let pages: Int

    /// Starts filling the file at `path` up to `pages` pages (see ``pages(_:)`` to know when it is full).
    init(path: String, pages: Int) throws {
        self.pages = pages
        (process, input) = try SQLiteShell.launch(path)
        var script = ".timeout 10000\nVACUUM;\nPRAGMA max_page_count = \(pages);\n"
        script += "CREATE TABLE IF NOT EXISTS ballast (b BLOB);\n"
        script += Self.rows([(3_000, pages), (400, 40), (40, 40)])
        send(script)
    }

    /// Takes the pages the engine freed since (a row that no longer fits fails, and is skipped).
    func topUp() {
        send(Self.rows([(3_000, 4), (400, 4), (40, 4)]))
    }

    /// Drops the ballast and ends the process.
    func release() async {
        send("DROP TABLE IF EXISTS ballast;\n.quit\n")
        try? input.fileHandleForWriting.close()
        _ = await eventually(timeout: .seconds(30)) { !self.process.isRunning }
    }

    /// One statement per row, each its own transaction: larger rows fill whole pages, the smaller ones what is left.
    private static func rows(_ sizes: [(bytes: Int, count: Int)]) -> String {
        sizes.map { String(repeating: "INSERT INTO ballast VALUES (zeroblob(\($0.bytes)));\n", count: $0.count) }
            .joined()
    }

    private func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// The file's pages in use and free, as SQLite counts them.
    static func pages(_ path: String) async throws -> (count: Int, free: Int) {
        let output = try await run(
            ".timeout 10000\nSELECT page_count, freelist_count FROM pragma_page_count(), pragma_freelist_count();\n",
            on: path
        )
        let numbers = output.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return (numbers.first ?? 0, numbers.dropFirst().first ?? 0)
    }

    /// The page size of the file at `path`.
    static func pageSize(_ path: String) async throws -> Int {
        let output = try await run(".timeout 10000\nPRAGMA page_size;\n", on: path)
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 4096
    }

    /// Runs `script` through `sqlite3 path` and returns its standard output.
    private static func run(_ script: String, on path: String) async throws -> String {
        let output = Pipe()
        let (process, input) = try SQLiteShell.launch(path, output: output)
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = await eventually(timeout: .seconds(30)) { !process.isRunning }
        return text
    }
}
