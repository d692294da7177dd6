/// A node of a parsed expression. Every node carries the span of text it was parsed from; nodes that
/// name something (members, calls) also carry the span of the name, so errors can point at it.
public struct ExpressionNode: Sendable, Hashable {
    /// A literal constant.
    public enum Literal: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
    }

    /// A map literal entry.
    public struct MapEntry: Sendable, Hashable {
        public var key: ExpressionNode
        public var value: ExpressionNode
    }

    /// The shape of the node.
    public indirect enum Kind: Sendable, Hashable {
        /// `42`, `"text"`, `true`, `null`.
        case literal(Literal)
        /// A bare name: a root variable, list, map or macro.
        case identifier(String)
        /// `operand.name`.
        case member(ExpressionNode, name: String, nameSpan: ExpressionSpan)
        /// `operand[index]`.
        case index(ExpressionNode, ExpressionNode)
        /// `name(arguments…)`.
        case call(name: String, nameSpan: ExpressionSpan, arguments: [ExpressionNode])
        /// `receiver.name(arguments…)`.
        case receiverCall(receiver: ExpressionNode, name: String, nameSpan: ExpressionSpan, arguments: [ExpressionNode])
        /// `!x`, `-x`.
        case unary(UnaryOperator, ExpressionNode, operatorSpan: ExpressionSpan)
        /// `x op y`.
        case binary(BinaryOperator, ExpressionNode, ExpressionNode, operatorSpan: ExpressionSpan)
        /// `condition ? then : else`.
        case conditional(ExpressionNode, ExpressionNode, ExpressionNode)
        /// `[a, b]`.
        case list([ExpressionNode])
        /// `{k: v}`.
        case map([MapEntry])
    }

    /// The shape.
    public var kind: Kind
    /// Where the node's text is.
    public var span: ExpressionSpan

    /// Creates a node.
    public init(_ kind: Kind, _ span: ExpressionSpan) {
        self.kind = kind
        self.span = span
    }

    /// The dotted path of a chain of identifiers and members (`event.Queue`), or nil.
    public var path: String? {
        switch kind {
        case .identifier(let name): name
        case .member(let operand, let name, _): operand.path.map { "\($0).\(name)" }
        case .index(let operand, let key):
            if case .literal(.string(let k)) = key.kind, let base = operand.path { "\(base)[\"\(k)\"]" } else { nil }
        default: nil
        }
    }
}

extension ExpressionNode {
    /// Prefix operators.
    public enum UnaryOperator: String, Sendable, Hashable {
        case not = "!"
        case negate = "-"
    }

    /// Infix operators, in the surface syntax.
    public enum BinaryOperator: String, Sendable, Hashable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case and = "&&"
        case or = "||"
        case `in` = "in"
        case coalesce = "??"
        case add = "+"
        case subtract = "-"
    }
}
