/// The output formats of `engine lint`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error[E103]: message`, the source line, an underline, notes; colour on a terminal.
    case human
    /// One JSON document with every diagnostic and the summary.
    case json
    /// SARIF 2.1.0, for code-review tools and CI annotations.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…`).
    case github

    /// Renders `report` in this format.
    public func render(_ report: LintReport, color: Bool = false) -> String {
        switch self {
        case .human: HumanRenderer(color: color).render(report)
        case .json: JSONRenderer.render(report)
        case .sarif: SARIFRenderer.render(report)
        case .github: GitHubRenderer.render(report)
        }
    }
}
