public import AGIProtocol
public import RuleDSL

/// A FastAGI request as rules read it (`on: agi.request` → `event.*`), exactly the catalog's schema; optional fields
/// left out when absent.
public enum AGIRequestValue {
    /// The event's name in `on:`.
    public static let eventName = "agi.request"

    /// The event's value for `request` in session `session`.
    public static func make(_ request: AGIRequest, session: String) -> Value {
        let script = request.script
        // The first of a repeated name wins: written last, walking backwards.
        var environment: [String: Value] = Dictionary(minimumCapacity: request.environment.count)
        for variable in request.environment.reversed() {
            environment[String(variable.name.dropFirst(4))] = .string(variable.value)
        }
        var fields: [String: Value] = [
            "session": .string(session),
            "script": .string(script.path),
            "args": .map(script.parameterMap.mapValues(Value.string)),
            "argv": .list(request.arguments.map(Value.string)),
            "channel": .string(request.channel),
            "uniqueid": .string(request.uniqueID),
            "context": .string(request.context),
            "extension": .string(request.extensionName),
            "env": .map(environment),
        ]
        fields["caller"] = request.callerNumber.map(Value.string)
        fields["caller_name"] = request.callerName.map(Value.string)
        fields["dnid"] = request.dialedNumber.map(Value.string)
        return .map(fields)
    }
}
