@testable import RuleDSL

/// The environment and bindings the expression tests share: an AgentConnect-like `event`, the `call`
/// context, `config`, a few lists, maps and macros, and a `user_of` directory.
enum ExpressionTestEnvironment {
    static let eventSchema = ObjectSchema(
        name: "event(AgentConnect)",
        fields: [
            "Queue": .init(.string),
            "Interface": .init(.string),
            "Channel": .init(.string),
            "Linkedid": .init(.string),
            "CallerIDNum": .init(.string),
            "Cause": .init(.string),
            "HoldTime": .init(.int),
            "MemberName": .init(.string, optional: true),
        ]
    )

    static let crmSchema = ObjectSchema(
        name: "call.crm",
        fields: [
            "entity_id": .init(.string, optional: true),
            "responsible": .init(.string, optional: true),
        ]
    )

    static let b24Schema = ObjectSchema(name: "call.b24", fields: ["call_id": .init(.string)])

    static let callSchema = ObjectSchema(
        name: "call",
        fields: [
            "id": .init(.string),
            "caller": .init(.string),
            "did": .init(.string),
            "direction": .init(.string),
            "queue": .init(.string, optional: true),
            "answered": .init(.bool),
            "answered_by": .init(.string, optional: true),
            "talk_seconds": .init(.int),
            "shown": .init(.list(.string)),
            "crm": .init(.object(crmSchema)),
            "b24": .init(.object(b24Schema)),
            "vars": .init(.map(key: .string, value: .dyn)),
        ]
    )

    static let configSchema = ObjectSchema(
        name: "config",
        fields: [
            "bitrix24": .init(.object(ObjectSchema(name: "config.bitrix24", fields: ["default_user": .init(.string)])))
        ],
        isOpen: true
    )

    static var environment: TypeEnvironment {
        var environment = TypeEnvironment(
            variables: ["event": .object(eventSchema), "call": .object(callSchema), "config": .object(configSchema)],
            lists: ["sales_queues": ["sales", "sales-vip"], "no_card_queues": []],
            maps: ["cause_status": ["16": "200", "17": "486", "19": "304"]]
        )
        let base = ExpressionCompiler(environment: environment)
        if let inbound = base.compile(#"call.direction == "inbound""#).expression {
            environment.macros["inbound"] = .checked(inbound)
        }
        if let hasMember = base.compile("has(event.MemberName)").expression {
            environment.macros["has_member"] = .checked(hasMember)
        }
        environment.macros["broken_macro"] = .resolver { _ in nil }
        return environment
    }

    static let compiler = ExpressionCompiler(environment: environment)

    static let event: Value = [
        "Queue": "sales",
        "Interface": "PJSIP/201",
        "Channel": "PJSIP/201-00000012",
        "Linkedid": "1700000000.1",
        "CallerIDNum": "+7 (916) 123-45-67",
        "Cause": "16",
        "HoldTime": 12,
    ]

    static let call: Value = [
        "id": "1700000000.1",
        "caller": "79161234567",
        "did": "74950000000",
        "direction": "inbound",
        "queue": "sales",
        "answered": true,
        "talk_seconds": 42,
        "shown": ["1", "5"],
        "crm": ["entity_id": "C-15"],
        "b24": .deferred(.reference(DeferredReference(["call", "b24"]))),
        "vars": ["a": 1],
    ]

    static let config: Value = ["bitrix24": ["default_user": "1"]]

    static let directory: [String: Int] = ["201": 7, "202": 9]

    static func context(_ mode: EvaluationContext.Mode = .condition) -> EvaluationContext {
        EvaluationContext(
            variables: ["event": event, "call": call, "config": config],
            functions: FunctionBindings([
                "user_of": { (arguments) throws(EvaluationError) -> Value in
                    guard case .string(let extensionNumber)? = arguments.first else {
                        throw .typeMismatch("user_of needs a string")
                    }
                    guard let user = directory[extensionNumber] else { throw .absent("user of \(extensionNumber)") }
                    return .int(user)
                }
            ]),
            mode: mode
        )
    }
}
