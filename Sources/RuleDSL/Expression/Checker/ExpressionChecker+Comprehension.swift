/// The comprehension macros `list.exists(x, predicate)` and `list.all(x, predicate)`.
enum ComprehensionKind: String, CaseIterable {
    case exists
    case all
}

extension ExpressionChecker {
    /// Checks `receiver.exists(x, p)` / `receiver.all(x, p)`: `x` ranges over a list's elements or a
    /// map's keys and is visible only inside `p`, which must be a bool.
    mutating func comprehension(
        _ kind: ComprehensionKind,
        receiver: ExpressionNode,
        arguments: [ExpressionNode],
        nameSpan: ExpressionSpan
    ) -> Typed {
        let range = check(receiver)
        let usage = "`\(kind.rawValue)` takes a variable name and a condition: `list.\(kind.rawValue)(x, x == \"a\")`"
        guard arguments.count == 2 else {
            report(
                .wrongArgumentCount,
                "\(usage); got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")",
                at: nameSpan
            )
            return .failed("\(kind.rawValue) arity")
        }
        guard case .identifier(let variable) = arguments[0].kind else {
            report(
                .wrongArgumentType,
                "the first argument must be a new variable name; \(usage)",
                at: arguments[0].span
            )
            return .failed("\(kind.rawValue) variable")
        }
        let elementType: ExpressionType
        switch range.type {
        case .list(let element): elementType = element
        case .map(let key, _): elementType = key
        case .dyn: elementType = .dyn
        default:
            report(
                .wrongArgumentType,
                "`.\(kind.rawValue)()` is called on \(range.type.withArticle), but it needs a list or map",
                at: receiver.span
            )
            return .failed("\(kind.rawValue) range")
        }
        let slot = locals.count
        locals.append((variable, elementType))
        let predicate = check(arguments[1])
        locals.removeLast()
        guard predicate.type.isAssignable(to: .bool) else {
            report(
                .wrongArgumentType,
                "the condition of `\(kind.rawValue)` must be a bool, got \(predicate.type.withArticle)",
                at: arguments[1].span
            )
            return .failed("\(kind.rawValue) predicate")
        }
        references.functions.insert(kind.rawValue)
        return Typed(
            type: .bool,
            evaluator: Evaluators.comprehension(
                range.evaluator,
                slot: slot,
                predicate: predicate.evaluator,
                all: kind == .all
            ),
            constant: nil
        )
    }
}

extension Evaluators {
    static func local(_ slot: Int) -> Evaluator {
        { context throws(EvaluationError) in
            guard slot < context.locals.count else { throw .absent("comprehension variable") }
            return context.locals[slot]
        }
    }

    /// `exists`: true if the predicate is true for some element (errors on other elements are absorbed,
    /// as `||` does); `all`: false if it is false for some element (errors absorbed as `&&` does).
    /// Otherwise the first error, else `false` (`exists`) or `true` (`all`). A map ranges over its keys.
    static func comprehension(
        _ range: @escaping Evaluator,
        slot: Int,
        predicate: @escaping Evaluator,
        all: Bool
    ) -> Evaluator {
        { context throws(EvaluationError) in
            let collection = try known(range(context))
            let elements: [Value]
            switch collection {
            case .list(let values): elements = values
            case .map(let entries): elements = entries.keys.sorted().map(Value.string)
            default: throw .typeMismatch("`\(all ? "all" : "exists")` needs a list or map, got \(collection.typeName)")
            }
            var inner = context
            while inner.locals.count <= slot { inner.locals.append(.null) }
            var firstError: EvaluationError?
            for element in elements {
                inner.locals[slot] = element
                do throws(EvaluationError) {
                    let decided = try boolean(predicate(inner), all ? "`all`" : "`exists`")
                    if decided != all { return .bool(decided) }
                } catch {
                    if firstError == nil { firstError = error }
                }
            }
            if let firstError { throw firstError }
            return .bool(all)
        }
    }
}
