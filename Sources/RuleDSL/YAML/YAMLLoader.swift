import Foundation

/// Loads YAML files for rules and config: libyaml's event API, exact positions, and a positioned
/// diagnostic for every hostile or mistaken construct instead of a crash, a hang or a silent misreading.
public enum YAMLLoader {
    /// Reads and loads the file at `path` (reported under that name).
    public static func load(path: String, limits: YAMLLimits = .default) -> YAMLLoadResult {
        let whole = SourceRange.wholeFile(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return failure(Diagnostic(.fileUnreadable, "no such file", at: whole))
        }
        // A symbolic link is followed (a Kubernetes ConfigMap mounts each file as a link into `..data/`): the
        // checks are of the file it leads to, the diagnostics name the path as given.
        let identity = FileIdentity.of(path)
        let target = identity?.resolvedPath ?? path
        if let identity, !identity.isRegular {
            return failure(Diagnostic(.fileUnreadable, "not a regular file", at: whole))
        }
        if let size = identity?.size, size > limits.maxFileBytes {
            return failure(tooLarge(size: size, path: path, limits: limits))
        }
        guard let data = FileManager.default.contents(atPath: target) else {
            return failure(Diagnostic(.fileUnreadable, "the file cannot be read (permissions?)", at: whole))
        }
        return load(bytes: [UInt8](data), path: path, limits: limits)
    }

    /// Loads `bytes` as the contents of a file named `path`.
    public static func load(bytes: [UInt8], path: String, limits: YAMLLimits = .default) -> YAMLLoadResult {
        if bytes.count > limits.maxFileBytes {
            return failure(tooLarge(size: bytes.count, path: path, limits: limits))
        }
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            let position = UTF8Validation.position(ofByte: offset, in: bytes)
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            let source = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
            return YAMLLoadResult(
                document: nil,
                source: source,
                diagnostics: [
                    Diagnostic(
                        .invalidUTF8,
                        "byte 0x\(byte) at offset \(offset) is not valid UTF-8",
                        at: SourceRange(file: path, line: position.line, column: position.column),
                        suggestion: "save the file as UTF-8 (it may be in a legacy code page such as Windows-1251)"
                    )
                ]
            )
        }
        // A byte-order mark is not content: libyaml would count it as a column of line 1.
        let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let source = SourceFile(path: path, text: String(decoding: content, as: UTF8.self))
        return parse(bytes: content, source: source, limits: limits)
    }

    /// Loads `text` as the contents of a file named `path`.
    public static func load(text: String, path: String, limits: YAMLLimits = .default) -> YAMLLoadResult {
        load(bytes: Array(text.utf8), path: path, limits: limits)
    }

    private static func parse(bytes: [UInt8], source: SourceFile, limits: YAMLLimits) -> YAMLLoadResult {
        let parser = LibYAMLParser(bytes: bytes)
        var builder = YAMLTreeBuilder(source: source, limits: limits)
        do {
            while let event = try parser.next() {
                guard builder.consume(event) else { break }
                if case .streamEnd = event { break }
            }
        } catch {
            var failure = error
            if parser.failedInReader {
                failure.problemPosition = UTF8Validation.position(ofByte: error.problemPosition.column, in: bytes)
            }
            let diagnostic = YAMLSyntaxExplainer(source: source).diagnose(failure)
            return YAMLLoadResult(
                document: nil,
                source: source,
                diagnostics: (builder.diagnostics + [diagnostic]).sorted()
            )
        }
        let root = builder.root
        var diagnostics = builder.diagnostics
        if let root {
            diagnostics += YAMLTrapChecker(source: source).check(root)
        }
        return YAMLLoadResult(
            document: YAMLDocument(source: source, root: root),
            source: source,
            diagnostics: diagnostics.sorted()
        )
    }

    static func tooLarge(size: Int, path: String, limits: YAMLLimits) -> Diagnostic {
        Diagnostic(
            .fileTooLarge,
            "the file is \(size) bytes; the limit is \(limits.maxFileBytes)",
            at: .wholeFile(path),
            suggestion: "split it into several files of the rules folder"
        )
    }

    private static func failure(_ diagnostic: Diagnostic) -> YAMLLoadResult {
        YAMLLoadResult(document: nil, source: nil, diagnostics: [diagnostic])
    }
}
