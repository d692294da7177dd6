import Foundation

/// The files of a rules folder read as one consistent whole, as a reload needs them.
///
/// Symbolic links are followed: a file that is a link (Kubernetes mounts a ConfigMap as `name.yaml →
/// ..data/name.yaml`, `..data → ..2025_01_01_…`) is read where it points, and so is a folder that is a link. Each
/// file is read between two looks at what it is (where it resolves to, device, inode, size, modification time);
/// when they differ, or the folder's listing changed by the end of the reading, everything is read again — so a
/// file being written, or a folder link swapped mid-read, never yields half of one version and half of the other.
/// After `maxAttempts` readings that never settled, the snapshot carries an error and must not be applied.
public struct RuleFolderSnapshot: Sendable {
    /// One file as read.
    public struct File: Sendable {
        /// The path as the folder lists it (`rules/20-cards.yaml`): how the file is reported.
        public let path: String
        /// What was found there.
        public let identity: FileIdentity
        /// The bytes, or why they were not read.
        public let content: Content
    }

    /// What reading a file gave.
    public enum Content: Sendable {
        case bytes([UInt8])
        case unreadable(Diagnostic)
    }

    /// The files, in load order.
    public let files: [File]
    /// Paths that could not be read at all, and a reading that never settled.
    public let problems: [Diagnostic]
    /// How many readings it took (1 when nothing changed meanwhile).
    public let attempts: Int

    /// Reads the files and folders in `paths` (a folder stands for its `*.yaml` and `*.yml` files in name order).
    public static func read(paths: [String], limits: YAMLLimits = .default, maxAttempts: Int = 5) -> Self {
        read(paths: paths, limits: limits, maxAttempts: maxAttempts, afterReading: nil)
    }

    /// ``read(paths:limits:maxAttempts:)`` with a hook called after each file's bytes are read (tests change files
    /// there, to prove a change during the reading is seen).
    package static func read(
        paths: [String],
        limits: YAMLLimits,
        maxAttempts: Int,
        afterReading: ((String) -> Void)?
    ) -> Self {
        var attempt = 0
        var files: [File] = []
        var problems: [Diagnostic] = []
        while attempt < max(1, maxAttempts) {
            attempt += 1
            let listing = LintInputs.expand(paths)
            problems = listing.problems
            files = []
            var settled = true
            for path in listing.files {
                let file = readFile(path, limits: limits, afterReading: afterReading)
                guard let file else {
                    settled = false
                    break
                }
                files.append(file)
            }
            if settled, LintInputs.expand(paths).files == listing.files,
                files.allSatisfy({ FileIdentity.of($0.path) == $0.identity })
            {
                return RuleFolderSnapshot(files: files, problems: problems, attempts: attempt)
            }
        }
        let changing = Diagnostic(
            .fileUnreadable,
            "the rules kept changing while they were read (\(attempt) readings); nothing was applied",
            at: .wholeFile(paths.joined(separator: ", ")),
            suggestion: "reload again once the files are written (write a file aside, then rename it into place)"
        )
        return RuleFolderSnapshot(files: files, problems: problems + [changing], attempts: attempt)
    }

    /// One file read between two looks at it; nil when it changed meanwhile.
    private static func readFile(_ path: String, limits: YAMLLimits, afterReading: ((String) -> Void)?) -> File? {
        let before = FileIdentity.of(path)
        let whole = SourceRange.wholeFile(path)
        guard let before else {
            return File(
                path: path,
                identity: FileIdentity(resolvedPath: path, device: 0, inode: 0, size: -1, modified: 0),
                content: .unreadable(Diagnostic(.fileUnreadable, "no such file", at: whole))
            )
        }
        guard before.isRegular else {
            return File(
                path: path,
                identity: before,
                content: .unreadable(Diagnostic(.fileUnreadable, "not a regular file", at: whole))
            )
        }
        guard before.size <= limits.maxFileBytes else {
            let diagnostic = YAMLLoader.tooLarge(size: before.size, path: path, limits: limits)
            return File(path: path, identity: before, content: .unreadable(diagnostic))
        }
        let data = FileManager.default.contents(atPath: before.resolvedPath)
        afterReading?(path)
        guard FileIdentity.of(path) == before else { return nil }
        guard let data else {
            return File(
                path: path,
                identity: before,
                content: .unreadable(Diagnostic(.fileUnreadable, "the file cannot be read (permissions?)", at: whole))
            )
        }
        return File(path: path, identity: before, content: .bytes([UInt8](data)))
    }
}
