public import Foundation

/// The repository's own files, for tests: the captures, the rules, fixtures. Found from this source file's path,
/// so tests read the checkout they were built from wherever they run.
public enum RepositoryFiles {
    /// The repository's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // repository

    /// A file or folder by its path relative to the root.
    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The bytes of a file relative to the root.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }

    /// A real Asterisk 22 capture of `captures/` by its scenario name (`answered` → `captures/answered.ami`).
    public static func capture(_ name: String) -> URL { url("captures/\(name).ami") }

    /// The default rules shipped in `rules/`.
    public static var rulesFolder: String { url("rules").path }

    /// Every AMI wire file of `captures/` and `captures/fixtures/` (relative paths, sorted); the cacofonisk `.json`
    /// files are not wire text.
    public static func captureFiles() throws -> [String] {
        var files: [String] = []
        for directory in [
            "captures", "captures/fixtures/goami2", "captures/fixtures/cacofonisk",
            "captures/fixtures/panoramisk",
        ] {
            for name in try FileManager.default.contentsOfDirectory(atPath: url(directory).path)
            where name.hasSuffix(".ami") || name.hasSuffix(".yaml") {
                files.append(directory + "/" + name)
            }
        }
        return files.sorted()
    }
}
