/// The text of an expression (a `when:`, a macro) or of an argument template as written in a file,
/// with the scalar node it came from so that offsets inside it map back to file positions, also
/// inside folded and literal block scalars.
public struct ExpressionText: Sendable, Hashable {
    /// The decoded text (what YAML made of the scalar).
    public var text: String
    /// The scalar it came from.
    public var node: YAMLNode

    /// Creates an expression text from a scalar node.
    public init(text: String, node: YAMLNode) {
        self.text = text
        self.node = node
    }

    /// The range of the whole text.
    public var range: SourceRange { node.range }
}
