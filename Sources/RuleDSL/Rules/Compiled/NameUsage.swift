/// The bare names (lists, maps, macros, variables) an expression or template mentions, found from its
/// syntax alone, so usage is known even for expressions that fail to type-check.
enum NameUsage {
    /// Names in an expression's text; nothing when it does not parse.
    static func names(inExpression text: String) -> Set<String> {
        guard let node = try? ExpressionParser.parse(text) else { return [] }
        return names(in: node)
    }

    /// Names in every `${…}` of a template's text; nothing when it does not parse.
    static func names(inTemplate text: String) -> Set<String> {
        guard let template = try? Template.parse(text) else { return [] }
        return names(in: template)
    }

    /// Names in a parsed expression.
    static func names(in node: ExpressionNode) -> Set<String> {
        var names: Set<String> = []
        collect(node, into: &names)
        return names
    }

    /// Names in a parsed template.
    static func names(in template: Template) -> Set<String> {
        var names: Set<String> = []
        for part in template.parts {
            if case .expression(let node, _) = part { collect(node, into: &names) }
        }
        return names
    }

    private static func collect(_ node: ExpressionNode, into names: inout Set<String>) {
        switch node.kind {
        case .literal:
            break
        case .identifier(let name):
            names.insert(name)
        case .member(let base, _, _):
            collect(base, into: &names)
        case .index(let base, let index):
            collect(base, into: &names)
            collect(index, into: &names)
        case .call(_, _, let arguments):
            for argument in arguments { collect(argument, into: &names) }
        case .receiverCall(let receiver, _, _, let arguments):
            collect(receiver, into: &names)
            for argument in arguments { collect(argument, into: &names) }
        case .unary(_, let operand, _):
            collect(operand, into: &names)
        case .binary(_, let left, let right, _):
            collect(left, into: &names)
            collect(right, into: &names)
        case .conditional(let condition, let then, let otherwise):
            collect(condition, into: &names)
            collect(then, into: &names)
            collect(otherwise, into: &names)
        case .list(let items):
            for item in items { collect(item, into: &names) }
        case .map(let entries):
            for entry in entries {
                collect(entry.key, into: &names)
                collect(entry.value, into: &names)
            }
        }
    }
}
