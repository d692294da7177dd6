/// A problem found in an expression or template while parsing or type-checking it, located by scalar
/// offsets into the expression text. The caller turns it into a ``Diagnostic`` with
/// ``diagnostic(file:position:)``, mapping offsets to file positions.
public struct ExpressionIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; each kind has its own ``DiagnosticCode``.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// The text is not a valid expression or template (E301).
        case syntax
        /// A bare identifier names no variable, list, map or macro (E302).
        case unknownVariable
        /// A field is not part of a closed object schema (E303).
        case unknownField
        /// No function of that name exists (E304).
        case unknownFunction
        /// A function is called with the wrong number of arguments (E305).
        case wrongArgumentCount
        /// A function argument has the wrong type (E306).
        case wrongArgumentType
        /// An operator is applied to operands of types it does not accept (E307).
        case operatorTypeMismatch
        /// `has()` is applied to something that is not a field selection (E308).
        case invalidHasArgument
        /// A literal regular expression does not compile (E309).
        case invalidRegex
        /// A macro is referenced whose own definition has errors or refers back to itself (E310).
        case invalidMacroReference
        /// The expression's type is not the one its place requires, e.g. a `when:` that is not boolean (E311).
        case wrongResultType
        /// Member or index access on a value that has no fields or elements (E312).
        case notIndexable
        /// A field the schema marks optional is read without a `has()` guard or `??` default (W301).
        case unguardedOptionalField
        /// A regular expression pattern is not a literal (E313).
        case dynamicRegex
    }

    /// A related location, e.g. "the call starts here".
    public struct Note: Sendable, Hashable {
        /// What the note says.
        public var message: String
        /// Where it points.
        public var span: ExpressionSpan

        /// Creates a note.
        public init(_ message: String, at span: ExpressionSpan) {
            self.message = message
            self.span = span
        }
    }

    /// The kind of problem.
    public var kind: Kind
    /// A one-line statement of what is wrong.
    public var message: String
    /// The offending token or sub-expression.
    public var span: ExpressionSpan
    /// A name the user probably meant ("did you mean"), when one is close enough.
    public var suggestion: String?
    /// Related locations.
    public var notes: [Note]

    /// Creates an issue.
    public init(_ kind: Kind, _ message: String, at span: ExpressionSpan, suggestion: String? = nil, notes: [Note] = [])
    {
        self.kind = kind
        self.message = message
        self.span = span
        self.suggestion = suggestion
        self.notes = notes
    }

    /// The diagnostic code of this issue's kind.
    public var code: DiagnosticCode { kind.code }

    /// Whether the issue prevents the expression from being used (an error) or only warns.
    public var isError: Bool { code.defaultSeverity == .error }

    public var description: String {
        var text = "\(code.id) at \(span): \(message)"
        if let suggestion { text += " (did you mean `\(suggestion)`?)" }
        return text
    }
}

extension ExpressionIssue.Kind {
    /// The diagnostic code reported for this kind.
    public var code: DiagnosticCode {
        switch self {
        case .syntax: .expressionSyntax
        case .unknownVariable: .expressionUnknownName
        case .unknownField: .expressionUnknownField
        case .unknownFunction: .expressionUnknownFunction
        case .wrongArgumentCount: .expressionArgumentCount
        case .wrongArgumentType: .expressionArgumentType
        case .operatorTypeMismatch: .expressionOperatorType
        case .invalidHasArgument: .expressionInvalidHas
        case .invalidRegex: .expressionInvalidRegex
        case .invalidMacroReference: .expressionInvalidMacro
        case .wrongResultType: .expressionResultType
        case .notIndexable: .expressionNotIndexable
        case .unguardedOptionalField: .expressionUnguardedOptional
        case .dynamicRegex: .expressionDynamicRegex
        }
    }
}
