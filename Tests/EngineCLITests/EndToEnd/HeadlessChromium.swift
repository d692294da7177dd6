import Foundation
import TestSupport
import Testing

/// Headless Chromium (Debian package `chromium`, installed by the README's set-up line and `.ci/run`), as the
/// browser tests drive it: load a page, run its scripts, and give back the DOM as the browser built it.
enum HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The browser on the PATH.
    static var binary: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The DOM of `url` after it loaded, at a window of `width`×`height`.
    static func dom(of url: String, width: Int = 1280, height: Int = 900) async throws -> String {
        guard let binary else {
            throw Failure(description: "chromium is not installed (apt-get install chromium; see the README)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("dom.html")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--window-size=\(width),\(height)",
            "--dump-dom", url,
        ]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        let exited = await eventually(timeout: .seconds(120)) { !process.isRunning }
        if !exited {
            process.terminate()
            throw Failure(description: "chromium did not finish loading \(url) within 120 s")
        }
        let dom = try String(contentsOf: output, encoding: .utf8)
        guard process.terminationStatus == 0, dom.contains("</html>") else {
            throw Failure(description: "chromium exited \(process.terminationStatus) on \(url): \(dom.prefix(500))")
        }
        return dom
    }

    /// The elements `<tag …>…</tag>` of `dom` whose opening tag carries `attribute="value"`, each whole (nested
    /// elements of the same tag included).
    static func elements(_ dom: String, tag: String, attribute: String, value: String) -> [String] {
        let marker = "\(attribute)=\"\(value)\""
        var found: [String] = []
        var search = dom.startIndex
        while let open = opening(tag, in: dom, from: search) {
            search = open.upperBound
            guard let headEnd = dom[open.upperBound...].firstIndex(of: ">") else { break }
            guard dom[open.lowerBound..<headEnd].contains(marker) else { continue }
            var depth = 1
            var cursor = headEnd
            while depth > 0 {
                let nextOpen = opening(tag, in: dom, from: cursor)
                guard let nextClose = dom.range(of: "</\(tag)>", range: cursor..<dom.endIndex) else { break }
                if let nextOpen, nextOpen.lowerBound < nextClose.lowerBound {
                    depth += 1
                    cursor = nextOpen.upperBound
                } else {
                    depth -= 1
                    cursor = nextClose.upperBound
                }
            }
            found.append(String(dom[open.lowerBound..<cursor]))
        }
        return found
    }

    /// The next `<tag` that opens such an element (followed by a space or `>`), from `start`.
    private static func opening(_ tag: String, in dom: String, from start: String.Index) -> Range<String.Index>? {
        var search = start
        while let open = dom.range(of: "<\(tag)", range: search..<dom.endIndex) {
            if let next = dom[open.upperBound...].first, next == " " || next == ">" { return open }
            search = open.upperBound
        }
        return nil
    }
}
