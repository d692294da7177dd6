/// A stable diagnostic code such as `E103 yaml-tag-on-scalar`: the letter gives the default severity,
/// the hundreds the layer (0 files, 1 YAML, 2 schema and rules, 3 expressions, 4 semantics).
/// Every code is listed in ``DiagnosticCatalog`` with the explanation `engine lint --explain` prints.
public struct DiagnosticCode: Sendable, Hashable, CustomStringConvertible {
    /// `E103`, `W108`, …
    public let id: String
    /// A kebab-case name, e.g. `duplicate-key`.
    public let name: String
    /// The severity used unless configuration says otherwise.
    public let defaultSeverity: Severity
    /// One line: what the code means.
    public let summary: String
    /// Several lines: why it is a problem and how to fix it, with an example.
    public let explanation: String

    /// Declares a code. Codes are declared once, as static members, and listed in ``DiagnosticCatalog``.
    public init(_ id: String, _ name: String, _ severity: Severity, summary: String, explanation: String) {
        self.id = id
        self.name = name
        self.defaultSeverity = severity
        self.summary = summary
        self.explanation = explanation
    }

    public var description: String { id }

    public static func == (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
