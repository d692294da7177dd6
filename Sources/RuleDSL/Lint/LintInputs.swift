import Foundation

/// Expands the paths given to `engine lint` into the files to check: a folder stands for its
/// `*.yaml` and `*.yml` files in name order (not its subfolders, where `tests/` live).
public enum LintInputs {
    /// The YAML files a rules folder stands for, in load order.
    public static func listing(of path: String) -> [String] {
        expand([path]).files
    }

    /// The YAML files several files and folders stand for, in order (missing paths left out).
    public static func listing(ofAll paths: [String]) -> [String] {
        expand(paths).files
    }

    /// The files to check, and a diagnostic for each path that cannot be read.
    static func expand(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(.fileUnreadable, "no such file or folder", at: .wholeFile(path)))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                problems.append(Diagnostic(.fileUnreadable, "the folder cannot be listed", at: .wholeFile(path)))
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
                .map { "\(base)/\($0)" }
                .filter { !isDirectoryPath($0) }
        }
        return (files, problems)
    }

    private static func isDirectoryPath(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
