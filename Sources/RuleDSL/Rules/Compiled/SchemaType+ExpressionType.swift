extension SchemaType {
    /// The type the expression checker uses for values of this catalog type.
    public var expressionType: ExpressionType {
        switch self {
        case .string, .enumeration: .string
        case .int: .int
        case .double: .double
        case .bool: .bool
        case .any: .dyn
        case .list(let element): .list(element.expressionType)
        case .map(let value): .map(key: .string, value: value.expressionType)
        case .object(let object): .object(object.expressionSchema)
        }
    }
}

extension CatalogObject {
    /// The object as the expression checker sees it.
    public var expressionSchema: ObjectSchema {
        var fields: [String: ObjectSchema.Field] = [:]
        for field in self.fields {
            fields[field.name] = ObjectSchema.Field(
                field.type.expressionType,
                optional: field.isOptional,
                summary: field.doc.isEmpty ? nil : field.doc
            )
        }
        return ObjectSchema(name: name, fields: fields, isOpen: isOpen)
    }
}

extension EventCatalog {
    /// The type of `event` in a rule reacting to `events`: for one event its payload; for several, the
    /// fields they all carry (a field whose type differs between them is `dyn`).
    static func eventType(for events: [EventSchema]) -> ExpressionType {
        guard let first = events.first else { return .dyn }
        if events.count == 1 { return .object(first.payload.expressionSchema) }
        let schemas = events.map(\.payload.expressionSchema)
        var fields: [String: ObjectSchema.Field] = [:]
        for (name, field) in schemas[0].fields {
            let others = schemas.dropFirst().compactMap { $0.fields[name] }
            guard others.count == schemas.count - 1 else { continue }
            let sameType = others.allSatisfy { $0.type == field.type }
            let optional = field.isOptional || others.contains { $0.isOptional }
            fields[name] = ObjectSchema.Field(sameType ? field.type : .dyn, optional: optional, summary: field.summary)
        }
        let name = "event(" + events.map(\.name).joined(separator: " | ") + ")"
        return .object(ObjectSchema(name: name, fields: fields, isOpen: events.allSatisfy(\.payload.isOpen)))
    }
}
