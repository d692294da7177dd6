import Foundation

/// Expands simple globs (`../*.yaml`, `rules/1?-*.yaml`): wildcards in the last path component only.
enum FileGlob {
    /// Matching files, in name order; a pattern without wildcards names one file.
    static func expand(_ pattern: String, relativeTo base: String) -> [String] {
        let full = pattern.hasPrefix("/") ? pattern : "\(base)/\(pattern)"
        let folder = (full as NSString).deletingLastPathComponent
        let name = (full as NSString).lastPathComponent
        guard name.contains("*") || name.contains("?") || name.contains("[") else { return [full] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { fnmatch(name, $0, 0) == 0 }.sorted().map { "\(folder)/\($0)" }
    }
}
