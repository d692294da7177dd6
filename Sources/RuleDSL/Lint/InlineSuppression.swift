import Foundation

/// `# engine: ignore[W108]` (or `ignore[W108,W301]`) on the diagnostic's line or the line above
/// silences those warnings there. Errors cannot be silenced: a file with an error does not load.
enum InlineSuppression {
    static func filter(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> [Diagnostic] {
        diagnostics.filter { diagnostic in
            guard diagnostic.severity != .error, let source = sources[diagnostic.range.file] else { return true }
            let line = diagnostic.range.start.line
            return ![line, line - 1].contains { codes(onLine: $0, of: source).contains(diagnostic.code.id) }
        }
    }

    private static func codes(onLine number: Int, of source: SourceFile) -> [String] {
        guard let line = source.line(number), let marker = line.range(of: "# engine: ignore[") else { return [] }
        let rest = line[marker.upperBound...]
        guard let close = rest.firstIndex(of: "]") else { return [] }
        return rest[..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
    }
}
