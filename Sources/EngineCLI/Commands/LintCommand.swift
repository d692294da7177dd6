import ArgumentParser
import Foundation
import RuleDSL

/// `engine lint [PATH…]`: checks rule files and prints every problem of every file in one pass.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule files: every problem of every file, with positions.",
        discussion: """
            Exit status: 0 when clean, 1 when any error, 3 when warnings only and --strict is given.
            Explain a code with `engine lint --explain E103`; list every code with `engine lint --list-codes`.
            Silence a warning on one line with a comment `# engine: ignore[W108]` on that line or the line above.
            """
    )

    @Argument(help: "Rule files or folders (a folder stands for its *.yaml files).")
    var paths: [String] = ["rules"]

    @Option(name: .long, help: "Output format: human, json, sarif or github.")
    var format: OutputFormat = .human

    @Flag(name: .long, help: "Fail (exit 3) on warnings too.")
    var strict = false

    @Option(name: .long, help: "Print what a diagnostic code means and how to fix it, then exit.")
    var explain: String?

    @Flag(name: .long, help: "List every diagnostic code, then exit.")
    var listCodes = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Colour the human output (default: when writing to a terminal).")
    var color: Bool?

    func run() throws {
        if let explain {
            guard let code = DiagnosticCatalog.code(named: explain) else {
                printError("engine lint: unknown diagnostic code `\(explain)`; `engine lint --list-codes` lists them")
                throw ExitCode(2)
            }
            print(CodeExplanation.render(code))
            return
        }
        if listCodes {
            for code in DiagnosticCatalog.all {
                print("\(code.id)  \(code.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(code.summary)")
            }
            return
        }
        let report = Linter.lint(paths: paths)
        let useColor = color ?? (format == .human && Terminal.isColorCapable)
        print(format.diagnosticFormat.render(report, color: useColor), terminator: "")
        let status = report.exitCode(strict: strict)
        if status != 0 { throw ExitCode(status) }
    }
}

/// The `--format` values.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json, sarif, github

    var diagnosticFormat: DiagnosticFormat {
        switch self {
        case .human: .human
        case .json: .json
        case .sarif: .sarif
        case .github: .github
        }
    }
}
