import AMIProtocol
import Engine

/// Arguments that become AMI fields, each checked by `AMIFieldCheck` (errors name the argument, never the value).
extension IntentArguments {
    func amiValue(_ name: String) throws(ExecutionError) -> String {
        let text = try string(name)
        try checked(name) { field throws(AMIFieldError) in try AMIFieldCheck.value(text, field: field) }
        return text
    }

    func amiChannel(_ name: String) throws(ExecutionError) -> String {
        let text = try string(name)
        try checked(name) { field throws(AMIFieldError) in try AMIFieldCheck.channel(text, field: field) }
        return text
    }

    func amiVariableName(_ name: String) throws(ExecutionError) -> String {
        let text = try string(name)
        try checked(name) { field throws(AMIFieldError) in try AMIFieldCheck.variableName(text, field: field) }
        return text
    }

    func optionalAMICallerID(_ name: String) throws(ExecutionError) -> String? {
        guard let text = optionalString(name) else { return nil }
        try checked(name) { field throws(AMIFieldError) in try AMIFieldCheck.callerID(text, field: field) }
        return text
    }

    /// `variables:` of an originate: every name and every value checked.
    func amiVariables(_ name: String) throws(ExecutionError) -> [(name: String, value: String)] {
        let pairs = stringMap(name)
        for (variable, value) in pairs {
            try checked("\(name).\(variable)") { field throws(AMIFieldError) in
                try AMIFieldCheck.variableName(variable, field: "variable name in `\(name)`")
                try AMIFieldCheck.variableValue(value, field: field)
            }
        }
        return pairs.map { (name: $0.0, value: $0.1) }
    }

    private func checked(
        _ argument: String,
        _ check: (String) throws(AMIFieldError) -> Void
    ) throws(ExecutionError) {
        do {
            try check("argument `\(argument)`")
        } catch {
            throw .unsafeAMIValue(action: action, problem: error)
        }
    }
}
