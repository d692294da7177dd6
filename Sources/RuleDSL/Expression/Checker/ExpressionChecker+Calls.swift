extension ExpressionChecker {
    /// Checks a call `name(arguments)` or `receiver.name(arguments)`: resolves the overload by arity and
    /// argument types, lets it specialise on constant arguments, and builds the call.
    mutating func call(
        _ name: String,
        nameSpan: ExpressionSpan,
        receiver: ExpressionNode?,
        arguments: [ExpressionNode],
        node: ExpressionNode
    ) -> Typed {
        let form: FunctionOverload.Form = receiver == nil ? .global : .receiver
        if let receiver, let kind = ComprehensionKind(rawValue: name) {
            return comprehension(kind, receiver: receiver, arguments: arguments, nameSpan: nameSpan)
        }
        let argumentNodes = (receiver.map { [$0] } ?? []) + arguments
        let typedArguments = argumentNodes.map { check($0) }
        let functions = environment.functions
        let overloads = functions.overloads(named: name, form: form)
        guard !overloads.isEmpty else {
            return unknownFunction(name, nameSpan: nameSpan, form: form)
        }
        references.functions.insert(name)

        let byArity = overloads.filter { $0.parameters.count == typedArguments.count }
        guard !byArity.isEmpty else {
            let counts = Set(overloads.map { $0.parameters.count - (form == .receiver ? 1 : 0) }).sorted().map(
                String.init
            )
            let accepted = Self.signatures(overloads)
            report(
                .wrongArgumentCount,
                "`\(name)` takes \(counts.joined(separator: " or ")) argument\(counts == ["1"] ? "" : "s"), "
                    + "got \(arguments.count) (\(accepted))",
                at: nameSpan
            )
            return .failed("`\(name)` arity")
        }
        let types = typedArguments.map(\.type)
        let candidates = byArity.filter { zip(types, $0.parameters).allSatisfy { $0.isAssignable(to: $1) } }
        guard let chosen = candidates.first else {
            for (position, type) in types.enumerated()
            where !byArity.contains(where: { type.isAssignable(to: $0.parameters[position]) }) {
                let accepted = Array(Set(byArity.map { $0.parameters[position].description })).sorted()
                let what =
                    form == .receiver && position == 0
                    ? "`.\(name)()` is called on" : "argument \(position + (form == .receiver ? 0 : 1)) of `\(name)` is"
                report(
                    .wrongArgumentType,
                    "\(what) \(type.withArticle), but it needs \(accepted.joined(separator: " or "))",
                    at: argumentNodes[position].span
                )
                break
            }
            return .failed("`\(name)` argument types")
        }

        let resultTypes = Set(candidates.map { $0.resultType?(types) ?? $0.result })
        let resultType = resultTypes.count == 1 ? (resultTypes.first ?? .dyn) : .dyn
        var implementation = chosen.implementation
        if let specializer = chosen.specializer {
            do throws(FunctionOverload.SpecializationError) {
                if let specialised = try specializer(typedArguments.map(\.constant)) { implementation = specialised }
            } catch {
                let span = error.argument < argumentNodes.count ? argumentNodes[error.argument].span : nameSpan
                report(error.kind, error.message, at: span)
                return .failed(error.message)
            }
        }
        if name == "matches", typedArguments.count == 2, typedArguments[1].constant == nil {
            let message = "the pattern of `matches` must be a literal; this one is computed"
            report(.dynamicRegex, message, at: argumentNodes[1].span)
            return .failed(message)
        }
        return Typed(
            type: resultType,
            evaluator: Evaluators.call(
                implementation,
                typedArguments.map(\.evaluator),
                acceptsDeferred: chosen.acceptsDeferred,
                name: name
            ),
            constant: nil
        )
    }

    private mutating func unknownFunction(
        _ name: String,
        nameSpan: ExpressionSpan,
        form: FunctionOverload.Form
    ) -> Typed {
        let functions = environment.functions
        let other: FunctionOverload.Form = form == .global ? .receiver : .global
        if !functions.overloads(named: name, form: other).isEmpty {
            let hint =
                form == .global ? "call it on its receiver: `value.\(name)(…)`" : "call it as `\(name)(value, …)`"
            report(
                .unknownFunction,
                "`\(name)` is not a \(form == .global ? "global function" : "method"); \(hint)",
                at: nameSpan
            )
        } else if form == .receiver && name == "has" {
            report(.unknownFunction, "`has` is not a method; write `has(value.field)`", at: nameSpan)
        } else {
            let candidates =
                functions.all.filter { $0.form == form }.map(\.name)
                + (form == .global ? ["has"] : ComprehensionKind.allCases.map(\.rawValue))
            report(
                .unknownFunction,
                "unknown function `\(name)`",
                at: nameSpan,
                suggestion: SpellingSuggestion.closest(to: name, among: candidates)
            )
        }
        return .failed("unknown function `\(name)`")
    }

    static func signatures(_ overloads: [FunctionOverload]) -> String {
        var seen = Set<String>()
        return overloads.map(\.signature).filter { seen.insert($0).inserted }.joined(separator: ", ")
    }
}
