extension ExpressionChecker {
    mutating func unary(
        _ op: ExpressionNode.UnaryOperator,
        _ operand: Typed,
        operandNode: ExpressionNode,
        operatorSpan: ExpressionSpan
    ) -> Typed {
        switch op {
        case .not:
            guard operand.type.isAssignable(to: .bool) else {
                report(
                    .operatorTypeMismatch,
                    "`!` needs a bool, but its operand is \(operand.type.withArticle)",
                    at: operatorSpan
                )
                return .failed("`!` operand")
            }
            var typed = Typed(
                type: .bool,
                evaluator: Evaluators.not(operand.evaluator),
                constant: nil,
                whenTrue: operand.whenFalse,
                whenFalse: operand.whenTrue
            )
            if case .bool(let flag)? = operand.constant {
                typed.constant = .bool(!flag)
                typed.evaluator = Evaluators.constant(.bool(!flag))
            }
            return typed
        case .negate:
            guard operand.type.mayBeNumber else {
                report(
                    .operatorTypeMismatch,
                    "`-` needs a number, but its operand is \(operand.type.withArticle)",
                    at: operatorSpan
                )
                return .failed("`-` operand")
            }
            return Typed(type: operand.type, evaluator: Evaluators.negate(operand.evaluator), constant: nil)
        }
    }

    mutating func binary(
        _ op: ExpressionNode.BinaryOperator,
        _ leftNode: ExpressionNode,
        _ rightNode: ExpressionNode,
        operatorSpan: ExpressionSpan
    ) -> Typed {
        switch op {
        case .and, .or:
            let left = check(leftNode)
            let right = check(rightNode, guarding: op == .and ? left.whenTrue : left.whenFalse)
            for (side, typed) in [("left", left), ("right", right)] where !typed.type.isAssignable(to: .bool) {
                report(
                    .operatorTypeMismatch,
                    "`\(op.rawValue)` needs bools, but its \(side) operand is \(typed.type.withArticle)",
                    at: operatorSpan,
                    notes: [
                        .init(
                            "this operand is \(typed.type.withArticle)",
                            at: side == "left" ? leftNode.span : rightNode.span
                        )
                    ]
                )
                return .failed("`\(op.rawValue)` operand")
            }
            if op == .and {
                return Typed(
                    type: .bool,
                    evaluator: Evaluators.and(left.evaluator, right.evaluator),
                    constant: nil,
                    whenTrue: left.whenTrue.union(right.whenTrue),
                    whenFalse: left.whenFalse.intersection(right.whenFalse)
                )
            }
            return Typed(
                type: .bool,
                evaluator: Evaluators.or(left.evaluator, right.evaluator),
                constant: nil,
                whenTrue: left.whenTrue.intersection(right.whenTrue),
                whenFalse: left.whenFalse.union(right.whenFalse)
            )
        case .coalesce:
            absorbingAbsent += 1
            let left = checkTolerant(leftNode)
            absorbingAbsent -= 1
            let right = check(rightNode)
            return Typed(
                type: left.type.joined(with: right.type),
                evaluator: Evaluators.coalesce(left.evaluator, right.evaluator),
                constant: nil
            )
        default:
            let left = check(leftNode)
            let right = check(rightNode)
            return operation(op, left, right, operatorSpan: operatorSpan)
        }
    }

    private mutating func operation(
        _ op: ExpressionNode.BinaryOperator,
        _ left: Typed,
        _ right: Typed,
        operatorSpan: ExpressionSpan
    ) -> Typed {
        let (a, b) = (left.type, right.type)
        func mismatch(_ message: String) -> Typed {
            report(.operatorTypeMismatch, message, at: operatorSpan)
            return .failed(message)
        }
        switch op {
        case .equal, .notEqual:
            guard a.isComparable(with: b) else {
                return mismatch(
                    "`\(op.rawValue)` compares \(a.withArticle) with \(b.withArticle), "
                        + "which is always \(op == .equal ? "false" : "true"); convert one side with string() or int()"
                )
            }
            let negated = op == .notEqual
            if case .string(let text)? = right.constant {
                return Typed(
                    type: .bool,
                    evaluator: Evaluators.equalString(left.evaluator, text, negated: negated),
                    constant: nil
                )
            }
            if case .string(let text)? = left.constant {
                return Typed(
                    type: .bool,
                    evaluator: Evaluators.equalString(right.evaluator, text, negated: negated),
                    constant: nil
                )
            }
            return Typed(
                type: .bool,
                evaluator: Evaluators.equal(left.evaluator, right.evaluator, negated: negated),
                constant: nil
            )
        case .less, .lessEqual, .greater, .greaterEqual:
            let ordered =
                (a.mayBeNumber && b.mayBeNumber) || ((a == .string || a == .dyn) && (b == .string || b == .dyn))
            guard ordered else {
                return mismatch("`\(op.rawValue)` needs two numbers or two strings, got \(a) and \(b)")
            }
            return Typed(type: .bool, evaluator: Evaluators.compare(left.evaluator, right.evaluator, op), constant: nil)
        case .in:
            switch b {
            case .list(let element):
                guard a.isComparable(with: element) else {
                    return mismatch("`in` looks for \(a.withArticle) in a list of \(element), where it can never be")
                }
                if case .list(let items)? = right.constant {
                    let strings = Set(items.compactMap { if case .string(let text) = $0 { text } else { nil } })
                    return Typed(
                        type: .bool,
                        evaluator: Evaluators.membership(left.evaluator, strings: strings, fallback: items),
                        constant: nil
                    )
                }
            case .map, .object:
                guard Self.isMapKeyType(a) else {
                    return mismatch(
                        "`in` on a map looks for a key, which is a string, int or bool, not \(a.withArticle)"
                    )
                }
            case .dyn:
                break
            default:
                return mismatch("`in` needs a list or map on its right, got \(b.withArticle)")
            }
            return Typed(type: .bool, evaluator: Evaluators.membership(left.evaluator, right.evaluator), constant: nil)
        case .add:
            let type: ExpressionType
            switch (a, b) {
            case (.int, .int): type = .int
            case (.double, .double), (.int, .double), (.double, .int): type = .double
            case (.string, .string): type = .string
            case (.list(let x), .list(let y)): type = .list(x.joined(with: y))
            case (.dyn, let other), (let other, .dyn):
                switch other {
                case .int, .double, .string, .list, .dyn: type = .dyn
                default: return mismatch("`+` cannot add \(a.withArticle) and \(b.withArticle)")
                }
            default:
                let hint = (a == .string || b == .string) ? "; convert with string(…) first" : ""
                return mismatch("`+` cannot add \(a.withArticle) and \(b.withArticle)\(hint)")
            }
            return Typed(type: type, evaluator: Evaluators.add(left.evaluator, right.evaluator), constant: nil)
        case .subtract:
            guard a.mayBeNumber && b.mayBeNumber else { return mismatch("`-` needs two numbers, got \(a) and \(b)") }
            let type: ExpressionType = (a == .int && b == .int) ? .int : ((a == .dyn || b == .dyn) ? .dyn : .double)
            return Typed(type: type, evaluator: Evaluators.subtract(left.evaluator, right.evaluator), constant: nil)
        case .and, .or, .coalesce:
            return .failed("unreachable")
        }
    }

    mutating func conditional(
        _ conditionNode: ExpressionNode,
        _ thenNode: ExpressionNode,
        _ otherwiseNode: ExpressionNode
    ) -> Typed {
        let condition = check(conditionNode)
        let then = check(thenNode, guarding: condition.whenTrue)
        let otherwise = check(otherwiseNode, guarding: condition.whenFalse)
        guard condition.type.isAssignable(to: .bool) else {
            report(
                .operatorTypeMismatch,
                "the condition of `? :` must be a bool, got \(condition.type.withArticle)",
                at: conditionNode.span
            )
            return .failed("`? :` condition")
        }
        return Typed(
            type: then.type.joined(with: otherwise.type),
            evaluator: Evaluators.conditional(condition.evaluator, then.evaluator, otherwise.evaluator),
            constant: nil,
            whenTrue: then.whenTrue.intersection(otherwise.whenTrue),
            whenFalse: then.whenFalse.intersection(otherwise.whenFalse)
        )
    }

    mutating func list(_ nodes: [ExpressionNode]) -> Typed {
        let elements = nodes.map { check($0) }
        let elementType = ExpressionType.join(elements.map(\.type)) ?? .dyn
        let constants = elements.compactMap(\.constant)
        if constants.count == elements.count {
            return .constant(.list(constants), .list(elementType))
        }
        return Typed(type: .list(elementType), evaluator: Evaluators.list(elements.map(\.evaluator)), constant: nil)
    }

    mutating func map(_ entries: [ExpressionNode.MapEntry]) -> Typed {
        var keyType: ExpressionType?
        var valueType: ExpressionType?
        var evaluators: [(key: Evaluator, value: Evaluator)] = []
        var constants: [String: Value] = [:]
        var allConstant = true
        for entry in entries {
            let key = check(entry.key)
            let value = check(entry.value)
            if !Self.isMapKeyType(key.type) {
                report(
                    .operatorTypeMismatch,
                    "map keys are strings, ints or bools, not \(key.type)",
                    at: entry.key.span
                )
            }
            keyType = keyType.map { $0.joined(with: key.type) } ?? key.type
            valueType = valueType.map { $0.joined(with: value.type) } ?? value.type
            evaluators.append((key.evaluator, value.evaluator))
            if let k = key.constant?.mapKey, let v = value.constant { constants[k] = v } else { allConstant = false }
        }
        let type = ExpressionType.map(key: keyType ?? .string, value: valueType ?? .dyn)
        if allConstant { return .constant(.map(constants), type) }
        return Typed(type: type, evaluator: Evaluators.map(evaluators), constant: nil)
    }
}
