/// The fields of an object such as `event` (for one event name), `call` or `config`.
///
/// A closed schema knows all its fields: reading any other field is a type error (with a "did you
/// mean"). An open schema accepts any field: undeclared fields have type ``ExpressionType/dyn`` and may
/// be absent. Equality compares name, openness and fields.
public struct ObjectSchema: Sendable, Hashable {
    /// One declared field.
    public struct Field: Sendable, Hashable {
        /// The field's type.
        public var type: ExpressionType
        /// Whether the field may be absent (an AMI header not always sent): reading it outside a
        /// `has()` guard or `??` default earns warning W301.
        public var isOptional: Bool
        /// A one-line description, for schema generation and hover help.
        public var summary: String?

        /// Declares a field.
        public init(_ type: ExpressionType, optional: Bool = false, summary: String? = nil) {
            self.type = type
            self.isOptional = optional
            self.summary = summary
        }
    }

    /// The schema's name as shown in messages, e.g. `event(AgentConnect)`, `call`, `config.bitrix24`.
    public var name: String
    /// Declared fields by name.
    public var fields: [String: Field]
    /// Whether undeclared fields are accepted (as optional `dyn`).
    public var isOpen: Bool

    /// Creates a schema.
    public init(name: String, fields: [String: Field], isOpen: Bool = false) {
        self.name = name
        self.fields = fields
        self.isOpen = isOpen
    }

    /// The field named `name`: declared, or an optional `dyn` when the schema is open, else nil.
    public func field(_ name: String) -> Field? {
        if let field = fields[name] { return field }
        return isOpen ? Field(.dyn, optional: true) : nil
    }
}
