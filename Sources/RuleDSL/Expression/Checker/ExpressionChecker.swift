/// Type-checks a syntax tree against a ``TypeEnvironment`` and builds its evaluator in the same walk.
///
/// The check is gradual: `dyn` is accepted everywhere and checked at run time. After an error the
/// checker carries on with type `dyn` (which raises no further errors), so one pass reports every
/// independent problem without cascades.
struct ExpressionChecker {
    /// The result of checking one node.
    struct Typed {
        var type: ExpressionType
        var evaluator: Evaluator
        var constant: Value?
        /// Field paths present when the node is true / false (from `has()`).
        var whenTrue: Set<String> = []
        var whenFalse: Set<String> = []

        static func failed(_ message: String) -> Typed {
            Typed(type: .dyn, evaluator: { _ throws(EvaluationError) in throw .typeMismatch(message) }, constant: nil)
        }

        static func constant(_ value: Value, _ type: ExpressionType) -> Typed {
            Typed(type: type, evaluator: Evaluators.constant(value), constant: value)
        }
    }

    let environment: TypeEnvironment
    var issues: [ExpressionIssue] = []
    var references = ExpressionReferences()
    /// Paths a `has()` earlier in a conjunction (or a `? :` condition) proved present.
    private var guarded: Set<String> = []
    /// Above zero while checking the left side of `??`: an absent read anywhere in it (also inside a
    /// function's arguments) is absorbed by the default, so it needs no guard.
    var absorbingAbsent = 0
    /// Whether an absent value is expected here (inside `has()` or left of `??`), so optional fields
    /// may be read without warning. Applies to a chain of member and index accesses.
    private var tolerateAbsent = false
    /// Comprehension variables in scope, innermost last; a variable's index is its slot.
    var locals: [(name: String, type: ExpressionType)] = []

    init(environment: TypeEnvironment, assumedPresent: Set<String> = []) {
        self.environment = environment
        self.guarded = assumedPresent
    }

    mutating func report(
        _ kind: ExpressionIssue.Kind,
        _ message: String,
        at span: ExpressionSpan,
        suggestion: String? = nil,
        notes: [ExpressionIssue.Note] = []
    ) {
        issues.append(ExpressionIssue(kind, message, at: span, suggestion: suggestion, notes: notes))
    }

    /// Checks a node and everything below it.
    mutating func check(_ node: ExpressionNode) -> Typed {
        let tolerant = tolerateAbsent
        tolerateAbsent = false
        defer { tolerateAbsent = tolerant }

        switch node.kind {
        case .literal(let literal):
            return literalTyped(literal)
        case .identifier(let name):
            return identifier(name, at: node.span)
        case .member(let operand, let name, let nameSpan):
            tolerateAbsent = tolerant
            let base = check(operand)
            tolerateAbsent = false
            return member(base, name, nameSpan: nameSpan, path: node.path, tolerant: tolerant)
        case .index(let operand, let key):
            tolerateAbsent = tolerant
            let base = check(operand)
            tolerateAbsent = false
            let keyTyped = check(key)
            return index(base, keyTyped, keyNode: key, node: node, tolerant: tolerant)
        case .call(let name, let nameSpan, let arguments):
            if name == "has" { return has(arguments, nameSpan: nameSpan, node: node) }
            return call(name, nameSpan: nameSpan, receiver: nil, arguments: arguments, node: node)
        case .receiverCall(let receiver, let name, let nameSpan, let arguments):
            return call(name, nameSpan: nameSpan, receiver: receiver, arguments: arguments, node: node)
        case .unary(let op, let operand, let operatorSpan):
            return unary(op, check(operand), operandNode: operand, operatorSpan: operatorSpan)
        case .binary(let op, let left, let right, let operatorSpan):
            return binary(op, left, right, operatorSpan: operatorSpan)
        case .conditional(let condition, let then, let otherwise):
            return conditional(condition, then, otherwise)
        case .list(let elements):
            return list(elements)
        case .map(let entries):
            return map(entries)
        }
    }

    private func literalTyped(_ literal: ExpressionNode.Literal) -> Typed {
        switch literal {
        case .null: .constant(.null, .null)
        case .bool(let flag): .constant(.bool(flag), .bool)
        case .int(let number): .constant(.int(number), .int)
        case .double(let number): .constant(.double(number), .double)
        case .string(let text): .constant(.string(text), .string)
        }
    }

    private mutating func identifier(_ name: String, at span: ExpressionSpan) -> Typed {
        if let slot = locals.lastIndex(where: { $0.name == name }) {
            return Typed(type: locals[slot].type, evaluator: Evaluators.local(slot), constant: nil)
        }
        if let type = environment.variables[name] {
            references.variables.insert(name)
            return Typed(type: type, evaluator: Evaluators.variable(name), constant: nil)
        }
        if let items = environment.lists[name] {
            references.lists.insert(name)
            return .constant(.list(items.map(Value.string)), .list(.string))
        }
        if let entries = environment.maps[name] {
            references.maps.insert(name)
            let valueType = ExpressionType.join(entries.values.map(Self.staticType(of:)))
            return .constant(.map(entries), .map(key: .string, value: valueType ?? .dyn))
        }
        if let binding = environment.macros[name] {
            references.macros.insert(name)
            let checked: CheckedExpression?
            switch binding {
            case .checked(let expression): checked = expression
            case .resolver(let resolve): checked = resolve(name)
            }
            guard let checked else {
                report(
                    .invalidMacroReference,
                    "the macro `\(name)` cannot be used: its definition has errors or refers back to itself",
                    at: span
                )
                return .failed("macro `\(name)` is invalid")
            }
            return Typed(
                type: checked.type,
                evaluator: checked.evaluator,
                constant: checked.constantValue,
                whenTrue: checked.presentWhenTrue,
                whenFalse: checked.presentWhenFalse
            )
        }
        let suggestion = SpellingSuggestion.closest(to: name, among: environment.identifierNames + locals.map(\.name))
        var message = "unknown name `\(name)`: not a variable, list, map or macro"
        if !environment.functions.overloads(named: name, form: .global).isEmpty || name == "has" {
            message = "`\(name)` is a function: call it as `\(name)(…)`"
        }
        report(.unknownVariable, message, at: span, suggestion: suggestion)
        return .failed("unknown name `\(name)`")
    }

    /// The static type of a constant value.
    static func staticType(of value: Value) -> ExpressionType {
        switch value {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .string: .string
        case .list(let elements): .list(ExpressionType.join(elements.map(staticType(of:))) ?? .dyn)
        case .map(let entries):
            .map(key: .string, value: ExpressionType.join(entries.values.map(staticType(of:))) ?? .dyn)
        case .deferred: .dyn
        }
    }

    /// All prefixes of a dotted path: `event.A.B` → `event.A.B`, `event.A`.
    static func presencePaths(_ path: String?) -> Set<String> {
        guard let path else { return [] }
        var result: Set<String> = [path]
        var current = Substring(path)
        while let dot = current.lastIndex(of: ".") {
            current = current[..<dot]
            if current.contains(".") { result.insert(String(current)) }
        }
        return result
    }

    // MARK: Members and indexes

    private mutating func member(
        _ base: Typed,
        _ name: String,
        nameSpan: ExpressionSpan,
        path: String?,
        tolerant: Bool
    ) -> Typed {
        let description = path ?? name
        if let path { references.fieldPaths.insert(path) }
        let type = memberType(base.type, name, nameSpan: nameSpan, path: path, tolerant: tolerant) ?? .dyn
        var typed = Typed(
            type: type,
            evaluator: Evaluators.member(base.evaluator, name, description: description),
            constant: nil
        )
        if case .map(let fields)? = base.constant, let value = fields[name] {
            typed = .constant(value, type)
        }
        return typed
    }

    /// The type of `base.name`, reporting unknown fields, fields of non-objects and unguarded optional
    /// fields; nil after an error.
    mutating func memberType(
        _ base: ExpressionType,
        _ name: String,
        nameSpan: ExpressionSpan,
        path: String?,
        tolerant: Bool
    ) -> ExpressionType? {
        switch base {
        case .object(let schema):
            guard let field = schema.field(name) else {
                let suggestion = SpellingSuggestion.closest(to: name, among: schema.fields.keys)
                report(.unknownField, "\(schema.name) has no field `\(name)`", at: nameSpan, suggestion: suggestion)
                return nil
            }
            if field.isOptional, schema.fields[name] != nil, !tolerant, absorbingAbsent == 0,
                !(path.map(guarded.contains) ?? false)
            {
                report(
                    .unguardedOptionalField,
                    "`\(path ?? name)` may be absent; guard it with `has(\(path ?? name))` or give a default with `??`",
                    at: nameSpan
                )
            }
            return field.type
        case .map(_, let value):
            return value
        case .dyn:
            return .dyn
        default:
            report(.notIndexable, "\(base.withArticle) has no fields, so `.\(name)` cannot be read", at: nameSpan)
            return nil
        }
    }

    private mutating func index(
        _ base: Typed,
        _ key: Typed,
        keyNode: ExpressionNode,
        node: ExpressionNode,
        tolerant: Bool
    ) -> Typed {
        let description: String
        if case .index(let operand, _) = node.kind {
            description = operand.path ?? "value"
        } else {
            description = "value"
        }
        var type: ExpressionType = .dyn
        switch base.type {
        case .list(let element):
            if key.type.isAssignable(to: .int) {
                type = element
            } else {
                report(.wrongArgumentType, "a list is indexed by an int, not \(key.type.withArticle)", at: keyNode.span)
            }
        case .map(let keyType, let value):
            if Self.isMapKeyType(key.type) && (key.type.isAssignable(to: keyType) || keyType == .string) {
                type = value
            } else {
                report(.wrongArgumentType, "this map's keys are \(keyType), not \(key.type)", at: keyNode.span)
            }
        case .object(let schema):
            if case .string(let name)? = key.constant {
                if let path = node.path { references.fieldPaths.insert(path) }
                type = memberType(base.type, name, nameSpan: keyNode.span, path: node.path, tolerant: tolerant) ?? .dyn
            } else if !key.type.isAssignable(to: .string) {
                report(
                    .wrongArgumentType,
                    "the fields of \(schema.name) are named by strings, not \(key.type)",
                    at: keyNode.span
                )
            }
        case .dyn:
            break
        default:
            report(.notIndexable, "\(base.type.withArticle) cannot be indexed", at: node.span)
        }
        return Typed(
            type: type,
            evaluator: Evaluators.index(base.evaluator, key.evaluator, description: description),
            constant: nil
        )
    }

    static func isMapKeyType(_ type: ExpressionType) -> Bool {
        type == .string || type == .int || type == .bool || type == .dyn
    }

    // MARK: has()

    private mutating func has(_ arguments: [ExpressionNode], nameSpan: ExpressionSpan, node: ExpressionNode) -> Typed {
        references.functions.insert("has")
        guard arguments.count == 1 else {
            report(
                .wrongArgumentCount,
                "`has` takes exactly one argument, a field selection such as `has(event.Queue)`; "
                    + "got \(arguments.count)",
                at: nameSpan
            )
            return .failed("has() arity")
        }
        let argument = arguments[0]
        let evaluator: Evaluator
        switch argument.kind {
        case .member(let operand, let name, let fieldSpan):
            tolerateAbsent = true
            let base = check(operand)
            tolerateAbsent = false
            if let path = argument.path { references.fieldPaths.insert(path) }
            _ = memberType(base.type, name, nameSpan: fieldSpan, path: argument.path, tolerant: true)
            evaluator = Evaluators.has(base.evaluator, name: name, key: nil)
        case .index(let operand, let keyNode):
            tolerateAbsent = true
            let base = check(operand)
            tolerateAbsent = false
            let key = check(keyNode)
            if case .object = base.type, case .string(let name)? = key.constant {
                if let path = argument.path { references.fieldPaths.insert(path) }
                _ = memberType(base.type, name, nameSpan: keyNode.span, path: argument.path, tolerant: true)
            }
            evaluator = Evaluators.has(base.evaluator, name: nil, key: key.evaluator)
        default:
            report(
                .invalidHasArgument,
                "`has()` needs a field selection such as `has(event.Queue)`, not \(Self.describe(argument))",
                at: argument.span
            )
            return .failed("has() argument")
        }
        let present = Self.presencePaths(argument.path)
        return Typed(type: .bool, evaluator: evaluator, constant: nil, whenTrue: present, whenFalse: [])
    }

    static func describe(_ node: ExpressionNode) -> String {
        switch node.kind {
        case .identifier(let name): "the bare name `\(name)`"
        case .literal: "a literal"
        case .call(let name, _, _), .receiverCall(_, let name, _, _): "a call to `\(name)`"
        default: "this expression"
        }
    }

    // MARK: Guards

    /// Checks `node` with `paths` added to the guarded set.
    mutating func check(_ node: ExpressionNode, guarding paths: Set<String>) -> Typed {
        guard !paths.isSubset(of: guarded) else { return check(node) }
        let saved = guarded
        guarded.formUnion(paths)
        defer { guarded = saved }
        return check(node)
    }

    /// Checks `node` as the left side of `??`: absent is expected there.
    mutating func checkTolerant(_ node: ExpressionNode) -> Typed {
        switch node.kind {
        case .member, .index:
            tolerateAbsent = true
            defer { tolerateAbsent = false }
            return check(node)
        default:
            return check(node)
        }
    }
}
