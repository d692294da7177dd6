import Foundation

/// Generates `schemas/config.schema.json` from ``ConfigCatalog``.
public enum ConfigJSONSchema {
    /// The schema as pretty-printed JSON with sorted keys, ending in a newline.
    public static func generate() -> String {
        var schema = object(ConfigCatalog.root, path: "")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = "https://switchboard.invalid/schemas/config.schema.json"
        schema["title"] = "Switchboard engine.yaml"
        schema["description"] =
            "Generated from the engine's config catalog by `engine schema config`; do not edit. "
            + "Any text value may hold ${NAME}, replaced by the environment variable NAME."
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: schema,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            )
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func object(_ object: CatalogObject, path: String) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in object.fields {
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            var property = type(field.type, path: fieldPath)
            var doc = field.doc
            if ConfigCatalog.secretPaths.contains(fieldPath) { doc += doc.isEmpty ? "a secret" : " (a secret)" }
            if !doc.isEmpty { property["description"] = doc }
            properties[field.name] = property
        }
        var result: [String: Any] = ["type": "object", "additionalProperties": false, "properties": properties]
        let required = object.fields.filter { !$0.isOptional }.map(\.name)
        if !required.isEmpty { result["required"] = required }
        return result
    }

    private static func type(_ type: SchemaType, path: String) -> [String: Any] {
        let environment: [String: Any] = ["type": "string", "pattern": "\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}"]
        switch type {
        case .string, .enumeration: return ["type": "string"]
        case .int: return ["anyOf": [["type": "integer"], environment]]
        case .double: return ["anyOf": [["type": "number"], environment]]
        case .bool: return ["type": "boolean"]
        case .any: return [:]
        case .list(let element): return ["type": "array", "items": Self.type(element, path: path)]
        case .map(let value): return ["type": "object", "additionalProperties": Self.type(value, path: path)]
        case .object(let inner): return object(inner, path: path)
        }
    }
}
