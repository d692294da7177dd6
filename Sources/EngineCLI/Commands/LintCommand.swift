import ArgumentParser

/// `engine lint [PATH…]`.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check rule files.")
    func run() async throws {}
}
