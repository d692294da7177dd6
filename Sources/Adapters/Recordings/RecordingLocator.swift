import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a recording's file on this host from the name the rules give (`event.file`, or a name they built).
///
/// Without `recordings.dir`, an absolute path is read where it is. With it, files are read only from inside that
/// folder: a path Asterisk reported inside it is read as is; any other path (Asterisk in another container, with
/// the spool mounted elsewhere here) is looked up by its trailing components in the folder, the longest first
/// (`/var/spool/asterisk/monitor/2026/01/31/x.wav` → `DIR/2026/01/31/x.wav`, …, `DIR/x.wav`). A relative name is
/// taken inside the folder. Names with `..` components or a NUL byte are refused.
public struct RecordingLocator: Sendable {
    /// `recordings.dir`, standardised; nil when not configured.
    public let directory: String?
    /// Trailing components tried at most.
    static let maxSuffixComponents = 6

    /// A locator reading from `directory` (nil: absolute paths as reported).
    public init(directory: String?) {
        self.directory = directory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The paths to try for `name`, in order.
    public func candidates(for name: String) throws(RecordingPathError) -> [String] {
        let components = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !name.isEmpty, !name.contains("\0"), !components.isEmpty, !components.contains("..") else {
            throw .unsafe(name)
        }
        let absolute = name.hasPrefix("/")
        guard let directory else {
            guard absolute else { throw .relativeWithoutDirectory(name) }
            return ["/" + components.joined(separator: "/")]
        }
        guard absolute else { return [directory + "/" + components.joined(separator: "/")] }
        let path = "/" + components.joined(separator: "/")
        if path.hasPrefix(directory + "/") { return [path] }
        let longest = min(components.count, Self.maxSuffixComponents)
        return stride(from: longest, through: 1, by: -1).map { count in
            directory + "/" + components.suffix(count).joined(separator: "/")
        }
    }

    /// Looks for `name` now: the first candidate that exists, or why none can be read.
    public func observe(_ name: String) -> RecordingFileObservation {
        let paths: [String]
        do { paths = try candidates(for: name) } catch { return .unreadable(error.description) }
        for path in paths {
            // stat(2) itself: FileManager's attributes also look up the owner's and group's names, a cost paid for
            // every awaited file at every poll.
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            guard info.st_mode & S_IFMT == S_IFREG else { return .unreadable("\(path) is not a regular file") }
            guard access(path, R_OK) == 0 else { return .unreadable("\(path) is not readable") }
            #if canImport(Darwin)
            let time = info.st_mtimespec
            #else
            let time = info.st_mtim
            #endif
            let modified = Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000)
            return .present(path: path, size: Int64(info.st_size), modified: modified)
        }
        if let problem = directoryProblem() { return .unreadable(problem) }
        return .missing
    }

    /// Why `recordings.dir` cannot be searched, if it cannot.
    public func directoryProblem() -> String? {
        guard let directory else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) else {
            return "recordings.dir \(directory) does not exist"
        }
        guard isFolder.boolValue else { return "recordings.dir \(directory) is not a folder" }
        guard FileManager.default.isReadableFile(atPath: directory),
            FileManager.default.isExecutableFile(atPath: directory)
        else { return "recordings.dir \(directory) cannot be read" }
        return nil
    }
}
