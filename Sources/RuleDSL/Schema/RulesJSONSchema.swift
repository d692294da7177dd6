import Foundation

/// Generates `schemas/rules.schema.json` (JSON Schema 2020-12) from the catalogs, so editors
/// complete and check rule files with exactly what lint accepts. A test regenerates it and
/// compares it with the committed file.
public enum RulesJSONSchema {
    /// The schema as pretty-printed JSON with sorted keys, ending in a newline.
    public static func generate() -> String {
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://switchboard.invalid/schemas/rules.schema.json",
            "title": "Switchboard rule file",
            "description": "Generated from the engine's catalogs by `engine schema rules`; do not edit.",
            "type": "object",
            "additionalProperties": false,
            "required": ["version"],
            "properties": sections(),
            "$defs": [
                "rule": rule(),
                "action": ["oneOf": ActionCatalog.all.map(action)],
                "template": ["type": "string", "pattern": "\\$\\{", "description": "a `${expression}` template"],
            ],
        ]
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: schema,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            )
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func sections() -> [String: Any] {
        let docs = Dictionary(uniqueKeysWithValues: FileSectionCatalog.all.map { ($0.name, $0.doc) })
        let identifier = "^[A-Za-z_][A-Za-z0-9_]*$"
        return [
            "version": ["const": 1, "description": docs["version"] ?? ""],
            "lists": [
                "type": "object", "description": docs["lists"] ?? "",
                "propertyNames": ["pattern": identifier],
                "additionalProperties": ["type": "array", "items": ["type": "string"]],
            ],
            "maps": [
                "type": "object", "description": docs["maps"] ?? "",
                "propertyNames": ["pattern": identifier],
                "additionalProperties": ["type": "object", "additionalProperties": ["type": "string"]],
            ],
            "macros": [
                "type": "object", "description": docs["macros"] ?? "",
                "propertyNames": ["pattern": identifier],
                "additionalProperties": ["type": "string"],
            ],
            "rules": ["type": "array", "description": docs["rules"] ?? "", "items": ["$ref": "#/$defs/rule"]],
            "queues": QueueJSONSchema.section(doc: docs["queues"] ?? ""),
        ]
    }

    private static func rule() -> [String: Any] {
        let event: [String: Any] = ["enum": EventCatalog.names]
        let modifiers = MatchCondition.Modifier.allCases.filter { $0 != .equals }.map(\.rawValue) + ["not"]
        return [
            "type": "object",
            "additionalProperties": false,
            "required": ["id", "on", "do"],
            "properties": [
                "id": ["type": "string", "pattern": "^[a-z][a-z0-9-]*$", "description": "unique slug"],
                "description": ["type": "string"],
                "enabled": ["type": "boolean"],
                "stop": ["type": "boolean", "description": "later rules do not see the event"],
                "tags": ["anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]],
                "on": ["anyOf": [event, ["type": "array", "items": event, "minItems": 1]]],
                "match": [
                    "type": "object",
                    "description": "Field|modifier: value, list of values, or $list. Modifiers: "
                        + modifiers.joined(separator: ", "),
                    "additionalProperties": [
                        "anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]
                    ],
                ],
                "when": ["type": "string", "description": "an expression"],
                "do": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/action"]],
            ],
        ]
    }

    private static func action(_ schema: ActionSchema) -> [String: Any] {
        var arguments: [String: Any] = [:]
        for argument in schema.arguments {
            var property = type(argument.type)
            if !argument.doc.isEmpty { property["description"] = argument.doc }
            arguments[argument.name] = property
        }
        var argumentObject: [String: Any] = [
            "type": "object", "additionalProperties": false, "properties": arguments,
        ]
        let required = schema.arguments.filter(\.isRequired).map(\.name)
        if !required.isEmpty { argumentObject["required"] = required }
        var properties: [String: Any] = [schema.name: argumentObject]
        if schema.result != nil { properties["as"] = ["type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"] }
        return [
            "type": "object",
            "description": "\(schema.doc) (\(schema.performs))",
            "additionalProperties": false,
            "required": [schema.name],
            "properties": properties,
        ]
    }

    /// A value of `type`, or a `${…}` template (which the engine type-checks).
    private static func type(_ type: SchemaType) -> [String: Any] {
        let plain: [String: Any]
        switch type {
        case .string: return ["type": "string"]
        case .int: plain = ["type": "integer"]
        case .double: plain = ["type": "number"]
        case .bool: plain = ["type": "boolean"]
        case .any: return [:]
        case .enumeration(let values): plain = ["enum": values]
        case .list(let element): plain = ["type": "array", "items": Self.type(element)]
        case .map(let value): plain = ["type": "object", "additionalProperties": Self.type(value)]
        case .object: plain = ["type": "object"]
        }
        return ["anyOf": [plain, ["$ref": "#/$defs/template"]]]
    }
}
