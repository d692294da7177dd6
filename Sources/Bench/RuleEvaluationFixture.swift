public import RuleDSL

/// A realistic moment of a call for evaluating rules: a queue member's phone starts ringing on an
/// inbound call whose registration has not been answered yet (so `call.b24` is still deferred).
public enum RuleEvaluationFixture {
    public static let eventName = "call.ringing"

    public static func context() -> EvaluationContext {
        let member: Value = .map([
            "interface": "Local/201@agents", "extension": "201",
            "channel": "Local/201@agents-00000012;1", "uniqueid": "1732550000.12",
        ])
        let event: Value = .map(["member": member, "queue": "sales"])
        let call: Value = .map([
            "id": "1732550000.10", "direction": "inbound", "caller": "79161234567", "did": "74951112233",
            "queue": "sales", "answered": false, "shown": .list([]), "started_at": "2026-11-25T12:00:00+03:00",
            "talk_seconds": 0, "vars": .map([:]),
            "b24": .deferred(.reference(DeferredReference(["call", "b24"]))),
        ])
        let config: Value = .map([
            "pbx": .map(["id": "main"]),
            "bitrix24": .map(["default_user": 1, "country": "RU", "anonymous_number": "0000000000"]),
        ])
        let directory: [String: Int] = ["201": 7, "202": 9, "203": 11]
        return EvaluationContext(
            variables: ["event": event, "call": call, "config": config],
            functions: FunctionBindings([
                "user_of": { (arguments) throws(EvaluationError) -> Value in
                    guard case .string(let number)? = arguments.first, let user = directory[number] else {
                        throw .absent("no user for that extension")
                    }
                    return .int(user)
                }
            ])
        )
    }
}
