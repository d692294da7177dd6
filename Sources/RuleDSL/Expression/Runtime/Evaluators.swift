/// Builders of the closures a compiled expression is made of. Each takes the already-built closures of
/// its operands and captures everything known at compile time (names, descriptions, constant sets).
enum Evaluators {
    static func constant(_ value: Value) -> Evaluator {
        { _ throws(EvaluationError) in value }
    }

    /// A value read from a variable, field or element: in condition mode a deferred value is absent.
    @inline(__always)
    static func read(
        _ value: Value,
        _ description: String,
        _ context: EvaluationContext
    ) throws(EvaluationError) -> Value {
        if case .deferred = value, context.mode == .condition { throw .absent(description) }
        return value
    }

    /// The boolean of an operand of `&&`, `||`, `!` or `? :`.
    @inline(__always)
    static func boolean(_ value: Value, _ what: String) throws(EvaluationError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .deferred(let deferred): throw .deferred(deferred.references.first ?? DeferredReference([]))
        default: throw .typeMismatch("\(what) needs a bool, got \(value.typeName)")
        }
    }

    /// A value that must be known now (operands of comparisons, functions, arithmetic).
    @inline(__always)
    static func known(_ value: Value) throws(EvaluationError) -> Value {
        if case .deferred(let deferred) = value { throw .deferred(deferred.references.first ?? DeferredReference([])) }
        return value
    }

    static func variable(_ name: String) -> Evaluator {
        { context throws(EvaluationError) in
            guard let value = context.variables[name] else { throw .absent(name) }
            return try read(value, name, context)
        }
    }

    static func member(_ operand: @escaping Evaluator, _ name: String, description: String) -> Evaluator {
        { context throws(EvaluationError) in
            let base = try operand(context)
            switch base {
            case .map(let fields):
                guard let value = fields[name] else { throw .absent(description) }
                return try read(value, description, context)
            case .null:
                throw .absent(description)
            case .deferred(.reference(let reference)):
                if context.mode == .condition { throw .absent(description) }
                return .deferred(.reference(reference.appending(name)))
            case .deferred(let deferred):
                throw .deferred(deferred.references.first ?? DeferredReference([]))
            default:
                throw .typeMismatch("\(base.typeNameWithArticle) has no field `\(name)`")
            }
        }
    }

    static func index(_ operand: @escaping Evaluator, _ key: @escaping Evaluator, description: String) -> Evaluator {
        { context throws(EvaluationError) in
            let base = try operand(context)
            let index = try known(key(context))
            switch base {
            case .list(let elements):
                guard case .int(let position) = index else {
                    throw .typeMismatch("a list is indexed by an int, got \(index.typeName)")
                }
                guard position >= 0, position < elements.count else { throw .absent("\(description)[\(position)]") }
                return try read(elements[position], description, context)
            case .map(let entries):
                guard let name = index.mapKey else {
                    throw .typeMismatch("map keys are strings, ints or bools, got \(index.typeName)")
                }
                guard let value = entries[name] else { throw .absent("\(description)[\(name.debugDescription)]") }
                return try read(value, description, context)
            case .null:
                throw .absent(description)
            case .deferred(.reference(let reference)):
                if context.mode == .condition { throw .absent(description) }
                guard let name = index.mapKey else { throw .deferred(reference) }
                return .deferred(.reference(reference.appending(name)))
            case .deferred(let deferred):
                throw .deferred(deferred.references.first ?? DeferredReference([]))
            default:
                throw .typeMismatch("\(base.typeNameWithArticle) cannot be indexed")
            }
        }
    }

    /// `has(operand.name)` (or `has(operand[key])` with `key` given): true when every step is present.
    static func has(_ operand: @escaping Evaluator, name: String?, key: Evaluator?) -> Evaluator {
        { context throws(EvaluationError) in
            let base: Value
            do throws(EvaluationError) {
                base = try operand(context)
            } catch {
                if case .absent = error { return .bool(false) }
                throw error
            }
            var fieldName = name
            if let key {
                let index = try known(key(context))
                if case .list(let elements) = base, case .int(let position) = index {
                    return .bool(position >= 0 && position < elements.count)
                }
                fieldName = index.mapKey
            }
            switch base {
            case .map(let fields):
                guard let fieldName else { throw .typeMismatch("map keys are strings, ints or bools") }
                guard let value = fields[fieldName] else { return .bool(false) }
                if case .deferred(let deferred) = value {
                    if context.mode == .condition { return .bool(false) }
                    throw .deferred(deferred.references.first ?? DeferredReference([]))
                }
                return .bool(true)
            case .null:
                return .bool(false)
            case .deferred(let deferred):
                throw .deferred(deferred.references.first ?? DeferredReference([]))
            default:
                throw .typeMismatch("has() needs an object or map, got \(base.typeName)")
            }
        }
    }

    static func not(_ operand: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in .bool(!(try boolean(operand(context), "`!`"))) }
    }

    static func negate(_ operand: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let value = try known(operand(context))
            switch value {
            case .int(let number):
                guard number != Int.min else { throw .overflow("-\(number) overflows") }
                return .int(-number)
            case .double(let number): return .double(-number)
            default: throw .typeMismatch("`-` needs a number, got \(value.typeName)")
            }
        }
    }

    /// `&&`, commutative as in CEL: false on either side wins over an error on the other.
    static func and(_ left: @escaping Evaluator, _ right: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let leftValue: Bool
            do throws(EvaluationError) {
                leftValue = try boolean(left(context), "`&&`")
            } catch {
                if let rightValue = try? boolean(right(context), "`&&`"), !rightValue { return .bool(false) }
                throw error
            }
            if !leftValue { return .bool(false) }
            return .bool(try boolean(right(context), "`&&`"))
        }
    }

    /// `||`, commutative as in CEL: true on either side wins over an error on the other.
    static func or(_ left: @escaping Evaluator, _ right: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let leftValue: Bool
            do throws(EvaluationError) {
                leftValue = try boolean(left(context), "`||`")
            } catch {
                if let rightValue = try? boolean(right(context), "`||`"), rightValue { return .bool(true) }
                throw error
            }
            if leftValue { return .bool(true) }
            return .bool(try boolean(right(context), "`||`"))
        }
    }

    /// `a ?? b`: `b` when `a` is absent or null; a deferred `a` becomes a deferred choice (argument mode):
    /// `a` once known, `b` if it turns out absent.
    static func coalesce(_ left: @escaping Evaluator, _ right: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let value: Value
            do throws(EvaluationError) {
                value = try left(context)
            } catch {
                if case .absent = error { return try right(context) }
                throw error
            }
            if case .null = value { return try right(context) }
            if case .deferred = value, let otherwise = try? right(context) {
                return .deferred(.fallback(value, otherwise))
            }
            return value
        }
    }

    static func conditional(
        _ condition: @escaping Evaluator,
        _ then: @escaping Evaluator,
        _ otherwise: @escaping Evaluator
    ) -> Evaluator {
        { context throws(EvaluationError) in
            try boolean(condition(context), "`? :`") ? try then(context) : try otherwise(context)
        }
    }

    static func equal(_ left: @escaping Evaluator, _ right: @escaping Evaluator, negated: Bool) -> Evaluator {
        { context throws(EvaluationError) in
            let a = try known(left(context))
            let b = try known(right(context))
            return .bool(a.isEqual(to: b) != negated)
        }
    }

    /// `==` against a constant string: the common case `event.Queue == "sales"`, without the generic path.
    static func equalString(_ operand: @escaping Evaluator, _ text: String, negated: Bool) -> Evaluator {
        { context throws(EvaluationError) in
            let value = try known(operand(context))
            if case .string(let other) = value { return .bool((other == text) != negated) }
            return .bool(value.isEqual(to: .string(text)) != negated)
        }
    }

    static func compare(
        _ left: @escaping Evaluator,
        _ right: @escaping Evaluator,
        _ op: ExpressionNode.BinaryOperator
    ) -> Evaluator {
        { context throws(EvaluationError) in
            let a = try known(left(context))
            let b = try known(right(context))
            guard let order = a.compare(to: b) else {
                throw .typeMismatch(
                    "`\(op.rawValue)` cannot compare \(a.typeNameWithArticle) with \(b.typeNameWithArticle)"
                )
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    static func membership(_ element: @escaping Evaluator, _ container: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let value = try known(element(context))
            let collection = try known(container(context))
            switch collection {
            case .list(let elements): return .bool(elements.contains { $0.isEqual(to: value) })
            case .map(let entries):
                guard let key = value.mapKey else { return .bool(false) }
                return .bool(entries[key] != nil)
            default: throw .typeMismatch("`in` needs a list or map on its right, got \(collection.typeName)")
            }
        }
    }

    /// `x in constantStrings`: a set built once.
    static func membership(_ element: @escaping Evaluator, strings: Set<String>, fallback: [Value]) -> Evaluator {
        { context throws(EvaluationError) in
            let value = try known(element(context))
            if case .string(let text) = value { return .bool(strings.contains(text)) }
            return .bool(fallback.contains { $0.isEqual(to: value) })
        }
    }

    static func add(_ left: @escaping Evaluator, _ right: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let a = try left(context)
            let b = try right(context)
            switch (a, b) {
            case (.int(let x), .int(let y)):
                let (sum, overflow) = x.addingReportingOverflow(y)
                guard !overflow else { throw .overflow("\(x) + \(y) overflows") }
                return .int(sum)
            case (.double(let x), .double(let y)): return .double(x + y)
            case (.int(let x), .double(let y)): return .double(Double(x) + y)
            case (.double(let x), .int(let y)): return .double(x + Double(y))
            case (.string(let x), .string(let y)): return .string(x + y)
            case (.list(let x), .list(let y)): return .list(x + y)
            case (.deferred, .string), (.string, .deferred), (.deferred, .deferred):
                var parts = concatenationParts(a)
                for part in concatenationParts(b) { appendMerging(part, to: &parts) }
                return .deferred(.concatenation(parts))
            default:
                _ = try known(a)
                _ = try known(b)
                throw .typeMismatch("`+` cannot add \(a.typeNameWithArticle) and \(b.typeNameWithArticle)")
            }
        }
    }

    /// Appends a part of a deferred concatenation, merging adjacent text.
    static func appendMerging(_ part: Value, to parts: inout [Value]) {
        if case .string(let text) = part, case .string(let previous)? = parts.last {
            parts[parts.count - 1] = .string(previous + text)
        } else {
            parts.append(part)
        }
    }

    static func concatenationParts(_ value: Value) -> [Value] {
        if case .deferred(.concatenation(let parts)) = value { return parts }
        return [value]
    }

    static func subtract(_ left: @escaping Evaluator, _ right: @escaping Evaluator) -> Evaluator {
        { context throws(EvaluationError) in
            let a = try known(left(context))
            let b = try known(right(context))
            switch (a, b) {
            case (.int(let x), .int(let y)):
                let (difference, overflow) = x.subtractingReportingOverflow(y)
                guard !overflow else { throw .overflow("\(x) - \(y) overflows") }
                return .int(difference)
            case (.double(let x), .double(let y)): return .double(x - y)
            case (.int(let x), .double(let y)): return .double(Double(x) - y)
            case (.double(let x), .int(let y)): return .double(x - Double(y))
            default: throw .typeMismatch("`-` cannot subtract \(b.typeNameWithArticle) from \(a.typeNameWithArticle)")
            }
        }
    }

    static func list(_ elements: [Evaluator]) -> Evaluator {
        { context throws(EvaluationError) in
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try element(context)) }
            return .list(values)
        }
    }

    static func map(_ entries: [(key: Evaluator, value: Evaluator)]) -> Evaluator {
        { context throws(EvaluationError) in
            var values: [String: Value] = [:]
            values.reserveCapacity(entries.count)
            for entry in entries {
                let key = try known(entry.key(context))
                guard let name = key.mapKey else {
                    throw .typeMismatch("map keys are strings, ints or bools, got \(key.typeName)")
                }
                values[name] = try entry.value(context)
            }
            return .map(values)
        }
    }

    /// A call whose result is checked like a read: a deferred value a function returns (e.g. `lookup`
    /// on a map holding one) is absent in condition mode.
    static func call(
        _ implementation: FunctionOverload.Implementation,
        _ arguments: [Evaluator],
        acceptsDeferred: Bool,
        name: String
    ) -> Evaluator {
        let call = rawCall(implementation, arguments, acceptsDeferred: acceptsDeferred)
        return { context throws(EvaluationError) in
            try read(call(context), "the result of \(name)()", context)
        }
    }

    private static func rawCall(
        _ implementation: FunctionOverload.Implementation,
        _ arguments: [Evaluator],
        acceptsDeferred: Bool
    ) -> Evaluator {
        @Sendable @inline(__always) func argument(_ value: Value) throws(EvaluationError) -> Value {
            acceptsDeferred ? value : try known(value)
        }
        switch implementation {
        case .unary where arguments.count != 1, .binary where arguments.count != 2:
            // A registration whose implementation does not match its parameter list: fail, do not trap.
            return { _ throws(EvaluationError) in
                throw .typeMismatch("function implementation takes a different number of arguments than declared")
            }
        case .unary(let function):
            let first = arguments[0]
            return { context throws(EvaluationError) in try function(argument(first(context))) }
        case .binary(let function):
            let first = arguments[0]
            let second = arguments[1]
            return { context throws(EvaluationError) in
                let a = try argument(first(context))
                return try function(a, argument(second(context)))
            }
        case .variadic(let function):
            return { context throws(EvaluationError) in
                var values: [Value] = []
                values.reserveCapacity(arguments.count)
                for evaluator in arguments { values.append(try argument(evaluator(context))) }
                return try function(values)
            }
        case .bound(let name):
            return { context throws(EvaluationError) in
                guard let function = context.functions[name] else { throw .unboundFunction(name) }
                var values: [Value] = []
                values.reserveCapacity(arguments.count)
                for evaluator in arguments { values.append(try argument(evaluator(context))) }
                return try function(values)
            }
        }
    }
}
