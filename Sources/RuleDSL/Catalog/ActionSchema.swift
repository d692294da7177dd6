/// An action rules can run in `do:`. Each performs exactly one Bitrix24 or AMI method (or, for
/// `call.set` and `log`, one local effect): nothing implicit.
public struct ActionSchema: Sendable, Hashable {
    /// One argument of an action.
    public struct Argument: Sendable, Hashable {
        public var name: String
        public var type: SchemaType
        public var isRequired: Bool
        public var doc: String

        /// Creates an argument.
        public init(_ name: String, _ type: SchemaType, required: Bool = false, doc: String = "") {
            self.name = name
            self.type = type
            self.isRequired = required
            self.doc = doc
        }
    }

    /// Which action this is.
    public var kind: ActionKind
    /// The name used in `do:`, e.g. `b24.register_call`.
    public var name: String { kind.rawValue }
    /// The Bitrix24 REST method or AMI action it performs, e.g. `telephony.externalCall.register`.
    public var performs: String
    public var doc: String
    public var arguments: [Argument]
    /// What `as: name` binds into the call (`call.<name>`), if the action has a result.
    public var result: CatalogObject?

    /// Creates an action schema.
    public init(
        _ kind: ActionKind,
        performs: String,
        doc: String,
        arguments: [Argument],
        result: CatalogObject? = nil
    ) {
        self.kind = kind
        self.performs = performs
        self.doc = doc
        self.arguments = arguments
        self.result = result
    }

    /// The argument named `name`.
    public func argument(_ name: String) -> Argument? {
        arguments.first { $0.name == name }
    }
}
