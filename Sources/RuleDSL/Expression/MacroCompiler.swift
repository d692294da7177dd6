/// Compiles the `macros:` of a rules folder: each macro is an expression that may use other macros, so
/// they are checked in dependency order, and macros that refer to each other in a cycle are reported.
public enum MacroCompiler {
    /// The outcome for the whole set.
    public struct Result: Sendable {
        /// Per macro, its compilation (issues have spans into that macro's text).
        public var macros: [String: ExpressionCompilation]
        /// The environment with every macro that compiled bound as ``MacroBinding/checked(_:)`` and every
        /// one that failed bound to a resolver returning nil (so references earn E310, not "unknown").
        public var environment: TypeEnvironment
    }

    /// Compiles `definitions` (macro name → expression text) against `environment`, whose own
    /// `macros` are kept. A macro in a cycle earns E310 at its reference to the next macro of the cycle,
    /// e.g. "the macro `a` refers back to itself: a → b → a".
    public static func compile(_ definitions: [String: String], in environment: TypeEnvironment) -> Result {
        var environment = environment
        var results: [String: ExpressionCompilation] = [:]
        var parsed: [String: ExpressionNode] = [:]
        for (name, text) in definitions {
            do throws(ExpressionIssue) {
                parsed[name] = try ExpressionParser.parse(text)
            } catch {
                results[name] = ExpressionCompilation(expression: nil, issues: [error])
            }
        }
        // Bare identifiers naming another macro (variables, lists and maps take precedence).
        func dependencies(of node: ExpressionNode) -> [(name: String, span: ExpressionSpan)] {
            var found: [(String, ExpressionSpan)] = []
            visitIdentifiers(node) { name, span in
                if definitions[name] != nil, environment.variables[name] == nil, environment.lists[name] == nil,
                    environment.maps[name] == nil
                {
                    found.append((name, span))
                }
            }
            return found
        }

        enum State { case visiting, done }
        var state: [String: State] = [:]
        var stack: [String] = []

        func visit(_ name: String) {
            if state[name] != nil { return }
            state[name] = .visiting
            stack.append(name)
            defer {
                stack.removeLast()
                state[name] = .done
            }
            guard let node = parsed[name] else {
                environment.macros[name] = .resolver { _ in nil }
                return
            }
            var cycleIssues: [ExpressionIssue] = []
            for dependency in dependencies(of: node) {
                if state[dependency.name] == .visiting, let start = stack.firstIndex(of: dependency.name) {
                    let cycle = (stack[start...] + [dependency.name]).joined(separator: " → ")
                    cycleIssues.append(
                        ExpressionIssue(
                            .invalidMacroReference,
                            "the macro `\(name)` refers back to itself: \(cycle)",
                            at: dependency.span
                        )
                    )
                } else {
                    visit(dependency.name)
                }
            }
            if !cycleIssues.isEmpty {
                results[name] = ExpressionCompilation(expression: nil, issues: cycleIssues)
                environment.macros[name] = .resolver { _ in nil }
                return
            }
            let compilation = ExpressionCompiler(environment: environment).compile(node)
            results[name] = compilation
            if let expression = compilation.expression {
                environment.macros[name] = .checked(expression)
            } else {
                environment.macros[name] = .resolver { _ in nil }
            }
        }

        // Name order makes the reported cycle (and so the messages) deterministic. The macro whose
        // reference closes a cycle gets the cycle issue; the others of the cycle then fail with E310 at
        // their reference to it.
        for name in definitions.keys.sorted() { visit(name) }
        return Result(macros: results, environment: environment)
    }

    /// Calls `body` for every bare identifier in the tree.
    static func visitIdentifiers(_ node: ExpressionNode, _ body: (String, ExpressionSpan) -> Void) {
        switch node.kind {
        case .literal: break
        case .identifier(let name): body(name, node.span)
        case .member(let operand, _, _): visitIdentifiers(operand, body)
        case .index(let operand, let key):
            visitIdentifiers(operand, body)
            visitIdentifiers(key, body)
        case .call(_, _, let arguments): for argument in arguments { visitIdentifiers(argument, body) }
        case .receiverCall(let receiver, _, _, let arguments):
            visitIdentifiers(receiver, body)
            for argument in arguments { visitIdentifiers(argument, body) }
        case .unary(_, let operand, _): visitIdentifiers(operand, body)
        case .binary(_, let left, let right, _):
            visitIdentifiers(left, body)
            visitIdentifiers(right, body)
        case .conditional(let condition, let then, let otherwise):
            visitIdentifiers(condition, body)
            visitIdentifiers(then, body)
            visitIdentifiers(otherwise, body)
        case .list(let elements): for element in elements { visitIdentifiers(element, body) }
        case .map(let entries):
            for entry in entries {
                visitIdentifiers(entry.key, body)
                visitIdentifiers(entry.value, body)
            }
        }
    }
}
