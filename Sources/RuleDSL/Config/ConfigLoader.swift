import Foundation

/// Loads `engine.yaml` through the same YAML layer as the rules: strict keys with "did you mean",
/// typed values, `${ENV}` substitution, a positioned diagnostic for every problem, and secrets
/// wrapped so that no message can show them.
public enum ConfigLoader {
    /// What loading produced.
    public struct Result: Sendable {
        /// The configuration, when there was no error.
        public var config: EngineConfig?
        /// Every problem, with the file's text for rendering.
        public var report: LintReport
    }

    /// Loads the file at `path`, reading `${NAME}` from the process's environment, or else from the systemd
    /// credential NAME (`LoadCredential=`, in `$CREDENTIALS_DIRECTORY`).
    public static func load(path: String) -> Result {
        load(path: path, environment: ProcessInfo.processInfo.environment)
    }

    /// Loads the file at `path`, reading `${NAME}` from `environment`, or else from the credential NAME in the
    /// folder `environment["CREDENTIALS_DIRECTORY"]` names.
    public static func load(path: String, environment: [String: String]) -> Result {
        let environment = SystemdCredentials.adding(to: environment)
        let loaded = YAMLLoader.load(path: path)
        var diagnostics = loaded.diagnostics
        var config: EngineConfig?
        var source = loaded.source
        if loaded.isClean, let document = loaded.document {
            var decoder = ConfigDecoder(source: document.source, environment: environment)
            config = decoder.decode(document.root)
            diagnostics += decoder.diagnostics
            source = document.source.masking(decoder.secretRanges)
        }
        let report = LintReport(diagnostics: diagnostics, sources: source.map { [path: $0] } ?? [:], fileCount: 1)
        return Result(config: report.errorCount == 0 ? config : nil, report: report)
    }
}
