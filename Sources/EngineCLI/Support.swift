import Foundation
import RuleDSL

/// Facts about the terminal the command writes to.
enum Terminal {
    /// True when standard output is a terminal and `NO_COLOR` is not set.
    static var isColorCapable: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// `engine lint --explain CODE`.
enum CodeExplanation {
    static func render(_ code: DiagnosticCode) -> String {
        """
        \(code.id) \(code.name) (\(code.defaultSeverity.rawValue)): \(code.summary)

        \(code.explanation)
        """
    }
}
