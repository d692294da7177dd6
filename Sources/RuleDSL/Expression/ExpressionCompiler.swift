/// Parses, type-checks and compiles expressions and `${…}` templates against one ``TypeEnvironment``.
///
/// Compilation happens once, when rules are loaded; the results (``CheckedExpression``,
/// ``CompiledTemplate``) are immutable, `Sendable` and evaluated per event without any parsing.
///
///     let compiler = ExpressionCompiler(environment: environment)
///     let result = compiler.compile(#"has(event.Queue) && event.Queue in sales_queues"#, expecting: .bool)
///     for issue in result.issues { … issue.diagnostic(file:position:) … }
///     if let condition = result.expression {
///         condition.evaluateCondition(EvaluationContext(variables: ["event": event]))
///     }
public struct ExpressionCompiler: Sendable {
    /// What names resolve to.
    public var environment: TypeEnvironment
    /// Field paths known to be present wherever this compiler's expressions run, e.g. those a rule's
    /// `when:` proved with `has()`: its actions run only when it is true, so reading them needs no guard.
    public var assumedPresent: Set<String> = []

    /// Creates a compiler.
    public init(environment: TypeEnvironment) {
        self.environment = environment
    }

    /// Parses and checks `text`. When `expected` is given, an expression of another type earns E311
    /// (`dyn` is accepted and checked at run time).
    public func compile(_ text: String, expecting expected: ExpressionType? = nil) -> ExpressionCompilation {
        do throws(ExpressionIssue) {
            return compile(try ExpressionParser.parse(text), expecting: expected)
        } catch {
            return ExpressionCompilation(expression: nil, issues: [error])
        }
    }

    /// Checks an already parsed expression.
    public func compile(_ syntax: ExpressionNode, expecting expected: ExpressionType? = nil) -> ExpressionCompilation {
        var checker = ExpressionChecker(environment: environment, assumedPresent: assumedPresent)
        let typed = checker.check(syntax)
        if let expected, !typed.type.isAssignable(to: expected) {
            checker.report(
                .wrongResultType,
                "the expression is \(typed.type.withArticle), but \(expected.withArticle) is required here",
                at: syntax.span
            )
        }
        let checked = CheckedExpression(
            syntax: syntax,
            type: typed.type,
            references: checker.references,
            constantValue: typed.constant,
            presentWhenTrue: typed.whenTrue,
            presentWhenFalse: typed.whenFalse,
            evaluator: typed.evaluator
        )
        let issues = Self.inTextOrder(checker.issues)
        return ExpressionCompilation(expression: issues.contains(where: \.isError) ? nil : checked, issues: issues)
    }

    /// Parses and checks template text (an action argument). A template that is exactly one `${expr}`
    /// has the expression's type; any other template is a string, and each interpolated expression must
    /// be a scalar (string, number, bool, null or dyn).
    public func compileTemplate(_ text: String, expecting expected: ExpressionType? = nil) -> TemplateCompilation {
        let template: Template
        do throws(ExpressionIssue) {
            template = try Template.parse(text)
        } catch {
            return TemplateCompilation(template: nil, issues: [error])
        }
        return compile(template, expecting: expected)
    }

    /// Checks an already parsed template.
    public func compile(_ template: Template, expecting expected: ExpressionType? = nil) -> TemplateCompilation {
        var checker = ExpressionChecker(environment: environment, assumedPresent: assumedPresent)
        let type: ExpressionType
        let evaluator: Evaluator
        let fullSpan: ExpressionSpan
        if let single = template.singleExpression {
            let typed = checker.check(single)
            type = typed.type
            evaluator = typed.evaluator
            fullSpan = single.span  // a mismatch points at the expression, not at `${`
        } else {
            var pieces: [TemplatePiece] = []
            for part in template.parts {
                switch part {
                case .text(let text, _):
                    pieces.append(.text(text))
                case .expression(let node, _):
                    let typed = checker.check(node)
                    switch typed.type {
                    case .list, .map, .object:
                        checker.report(
                            .wrongResultType,
                            "\(typed.type.withArticle) cannot be put into text; "
                                + "select a field or element, or make it the whole value",
                            at: node.span
                        )
                    default: break
                    }
                    pieces.append(.expression(typed.evaluator))
                }
            }
            type = .string
            evaluator = Self.interpolation(pieces)
            fullSpan = ExpressionSpan(0, template.parts.last.map(Self.end(of:)) ?? 0)
        }
        if let expected, !type.isAssignable(to: expected) {
            checker.report(
                .wrongResultType,
                "the value is \(type.withArticle), but \(expected.withArticle) is required here",
                at: fullSpan
            )
        }
        let issues = Self.inTextOrder(checker.issues)
        let compiled = CompiledTemplate(
            template: template,
            type: type,
            references: checker.references,
            evaluator: evaluator
        )
        return TemplateCompilation(template: issues.contains(where: \.isError) ? nil : compiled, issues: issues)
    }

    /// Issues ordered by position (stable for equal starts).
    private static func inTextOrder(_ issues: [ExpressionIssue]) -> [ExpressionIssue] {
        issues.enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }.map(
            \.element
        )
    }

    private static func end(of part: Template.Part) -> Int {
        switch part {
        case .text(_, let span), .expression(_, let span): span.end
        }
    }

    private enum TemplatePiece {
        case text(String)
        case expression(Evaluator)
    }

    /// Joins text and interpolated values; a deferred value turns the result into a deferred concatenation.
    private static func interpolation(_ pieces: [TemplatePiece]) -> Evaluator {
        if pieces.count == 1, case .text(let text) = pieces[0] { return Evaluators.constant(.string(text)) }
        return { context throws(EvaluationError) in
            var text = ""
            var deferredParts: [Value] = []
            var isDeferred = false
            for piece in pieces {
                let value: Value
                switch piece {
                case .text(let literal): value = .string(literal)
                case .expression(let evaluator): value = try evaluator(context)
                }
                if case .deferred = value {
                    if !isDeferred {
                        isDeferred = true
                        if !text.isEmpty { deferredParts.append(.string(text)) }
                    }
                    for part in Evaluators.concatenationParts(value) {
                        Evaluators.appendMerging(part, to: &deferredParts)
                    }
                } else if isDeferred {
                    Evaluators.appendMerging(.string(try value.interpolationText()), to: &deferredParts)
                } else {
                    text += try value.interpolationText()
                }
            }
            if isDeferred { return .deferred(.concatenation(deferredParts)) }
            return .string(text)
        }
    }
}

/// The outcome of compiling an expression: the checked expression unless there were errors, and
/// every issue found (errors and warnings), in text order.
public struct ExpressionCompilation: Sendable {
    /// The compiled expression; nil when any issue is an error.
    public var expression: CheckedExpression?
    /// Problems found.
    public var issues: [ExpressionIssue]
}

/// The outcome of compiling a template.
public struct TemplateCompilation: Sendable {
    /// The compiled template; nil when any issue is an error.
    public var template: CompiledTemplate?
    /// Problems found.
    public var issues: [ExpressionIssue]
}

/// A checked and compiled `${…}` template.
public struct CompiledTemplate: Sendable {
    /// The parsed template.
    public let template: Template
    /// The type of the value: the expression's type for a single `${expr}`, else `string`.
    public let type: ExpressionType
    /// Names the template uses.
    public let references: ExpressionReferences
    let evaluator: Evaluator

    /// Evaluates the template. In ``EvaluationContext/Mode/argument`` a deferred value gives
    /// ``Value/deferred(_:)`` (a reference, or a concatenation for text around it) for the executor to
    /// resolve; in ``EvaluationContext/Mode/condition`` it is ``EvaluationError/absent(_:)``.
    public func evaluate(_ context: EvaluationContext) throws(EvaluationError) -> Value {
        try evaluator(context)
    }
}
