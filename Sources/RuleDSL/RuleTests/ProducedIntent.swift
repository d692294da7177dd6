/// An action intent as a rule test sees it: which rule produced which action with which arguments.
public struct ProducedIntent: Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var action: String
    public var arguments: [String: Value]
    /// Seconds after the start of the case.
    public var at: Double

    /// Creates a produced intent.
    public init(rule: String, action: String, arguments: [String: Value], at: Double) {
        self.rule = rule
        self.action = action
        self.arguments = arguments
        self.at = at
    }

    public var description: String {
        let args = arguments.keys.sorted().map { "\($0): \(arguments[$0].map(IntentExpectation.render) ?? "")" }
        return "\(action) {\(args.joined(separator: ", "))} by \(rule)"
    }
}

extension IntentExpectation: CustomStringConvertible {
    /// Whether `intent` satisfies this expectation: same action, same rule when given, and every expected
    /// argument present with an equal value (maps compared as subsets, lists exactly).
    public func matches(_ intent: ProducedIntent) -> Bool {
        guard intent.action == action, rule.map({ $0 == intent.rule }) ?? true else { return false }
        return arguments.allSatisfy { name, expected in
            intent.arguments[name].map { Self.subsetMatch(expected: expected, actual: $0) } ?? false
        }
    }

    /// The arguments of `intent` that differ from this expectation's (for a readable diff).
    public func differences(from intent: ProducedIntent) -> [String] {
        arguments.keys.sorted().compactMap { name in
            let expected = arguments[name] ?? .null
            guard let actual = intent.arguments[name] else {
                return "\(name): expected \(Self.render(expected)), missing"
            }
            return Self.subsetMatch(expected: expected, actual: actual)
                ? nil : "\(name): expected \(Self.render(expected)), got \(Self.render(actual))"
        }
    }

    static func subsetMatch(expected: Value, actual: Value) -> Bool {
        switch (expected, actual) {
        case (.map(let wanted), .map(let have)):
            return wanted.allSatisfy { key, value in have[key].map { subsetMatch(expected: value, actual: $0) } ?? false
            }
        case (.list(let wanted), .list(let have)):
            return wanted.count == have.count && zip(wanted, have).allSatisfy { subsetMatch(expected: $0, actual: $1) }
        default:
            return expected.isEqual(to: actual)
        }
    }

    public var description: String {
        var text = action
        if !arguments.isEmpty {
            text +=
                " {"
                + arguments.keys.sorted().map { "\($0): \(Self.render(arguments[$0] ?? .null))" }.joined(
                    separator: ", "
                ) + "}"
        }
        if let rule { text += " by \(rule)" }
        return text
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .list(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .map(let map):
            "{" + map.keys.sorted().map { "\($0): \(render(map[$0] ?? .null))" }.joined(separator: ", ") + "}"
        default: (try? value.interpolationText()) ?? "\(value)"
        }
    }
}
