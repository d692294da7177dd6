public import AMIProtocol
public import RuleDSL

/// An AMI event as rules read it (`on: AgentConnect` → `event.*`): its headers as a map, the fields the
/// catalog declares numeric as ints (left out when not a number), the first of duplicate headers, and
/// `ChanVariable` lines (`NAME=value`) as a map under their header name.
public enum AMIEventValue {
    /// Numeric fields per AMI event, from the catalog.
    static let numericFields: [String: Set<String>] = {
        var table: [String: Set<String>] = [:]
        for schema in EventCatalog.all where schema.origin == .ami {
            table[schema.name] = Set(schema.payload.fields.filter { $0.type == .int }.map(\.name))
        }
        return table
    }()

    /// The event's value.
    public static func make(_ message: AMIMessage) -> Value {
        let numeric = numericFields[message.name ?? ""] ?? []
        var fields: [String: Value] = [:]
        var variables: [String: [String: Value]] = [:]
        for header in message.headers {
            if header.name.hasSuffix("ChanVariable") {
                let parts = header.value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 {
                    variables[header.name, default: [:]][String(parts[0])] = .string(String(parts[1]))
                }
                continue
            }
            guard fields[header.name] == nil else { continue }
            if numeric.contains(header.name) {
                if let number = Int(header.value) { fields[header.name] = .int(number) }
            } else {
                fields[header.name] = .string(header.value)
            }
        }
        for (name, map) in variables { fields[name] = .map(map) }
        return .map(fields)
    }
}
