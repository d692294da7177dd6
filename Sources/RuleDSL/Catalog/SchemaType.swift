/// The type of a value as the catalogs describe it: event fields, action arguments and results,
/// config keys. The expression checker, the rule decoder and the JSON Schema generator all read it.
public indirect enum SchemaType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int
    case double
    case bool
    /// Any value (checked at run time).
    case any
    /// One of a fixed set of strings.
    case enumeration([String])
    case list(SchemaType)
    /// A map from string keys to values of one type.
    case map(SchemaType)
    case object(CatalogObject)

    public var description: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .double: "double"
        case .bool: "bool"
        case .any: "any"
        case .enumeration(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .list(let element): "list(\(element))"
        case .map(let value): "map(string, \(value))"
        case .object(let object): object.name
        }
    }
}

/// A named object type of the catalogs (an event payload, an action result, the call) and its fields.
public struct CatalogObject: Sendable, Hashable {
    /// The name used in messages, e.g. `AgentConnect` or `b24.register_call result`.
    public var name: String
    /// The fields, in documentation order.
    public var fields: [FieldSchema]
    /// An open object accepts fields not listed (typed `any`), e.g. UserEvent's custom headers.
    public var isOpen: Bool

    /// Creates an object schema.
    public init(name: String, fields: [FieldSchema], isOpen: Bool = false) {
        self.name = name
        self.fields = fields
        self.isOpen = isOpen
    }

    /// The field named `name`, if listed.
    public func field(_ name: String) -> FieldSchema? {
        fields.first { $0.name == name }
    }
}

/// One field of an object.
public struct FieldSchema: Sendable, Hashable {
    public var name: String
    public var type: SchemaType
    /// An optional field may be absent: read it behind `has()` or `??`.
    public var isOptional: Bool
    public var doc: String

    /// Creates a field.
    public init(_ name: String, _ type: SchemaType, optional: Bool = false, doc: String = "") {
        self.name = name
        self.type = type
        self.isOptional = optional
        self.doc = doc
    }
}
