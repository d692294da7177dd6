/// A benchmark of the expression layer for `engine bench` (release builds only): compile speed and
/// per-event evaluation of realistic `when:` conditions and templates against an AgentConnect-like
/// event. Not a unit test; the numbers depend on the machine.
public enum ExpressionBenchmark {
    /// One measured figure.
    public struct Figure: Sendable, CustomStringConvertible {
        /// What was measured.
        public var name: String
        /// How many operations ran.
        public var operations: Int
        /// Total time.
        public var duration: Duration

        /// Mean nanoseconds per operation.
        public var nanosecondsPerOperation: Double {
            let (seconds, attoseconds) = duration.components
            return (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(max(operations, 1))
        }

        /// Operations per second.
        public var operationsPerSecond: Double { 1e9 / max(nanosecondsPerOperation, 1e-9) }

        public var description: String {
            let ns = Int(nanosecondsPerOperation.rounded())
            let perSecond = Int(operationsPerSecond.rounded())
            return "\(name): \(ns) ns/op (\(perSecond) op/s, \(operations) ops)"
        }
    }

    /// The conditions evaluated, each typical of a default rule.
    public static let conditions = [
        #"inbound && event.Queue in sales_queues"#,
        #"has(event.MemberName) && event.MemberName.startsWith("Iv")"#,
        #"!(call.queue ?? "" in no_card_queues) && event.Interface.startsWith("PJSIP/")"#,
        #"unknown_caller && normalize_phone(event.CallerIDNum) == call.caller"#,
        #"event.Channel.matches("^PJSIP/[0-9]+-")"#,
        #"lookup(cause_status, event.Cause) ?? "failed" == "200""#,
        #"extension(event.Interface) == "201" || call.talk_seconds > 30"#,
        #"call.b24.call_id == "x" || inbound"#,
    ]

    /// Runs the benchmark: compiling `compileCount` expressions, then each condition and one template
    /// `iterations` times.
    public static func run(iterations: Int = 200_000, compileCount: Int = 1_000) -> [Figure] {
        let clock = ContinuousClock()
        let compiler = ExpressionCompiler(environment: environment())
        var figures: [Figure] = []

        let corpus = (0..<compileCount).map { conditions[$0 % conditions.count] + " && event.Linkedid != \"\($0)\"" }
        var compiledCount = 0
        let compileTime = clock.measure {
            for text in corpus where compiler.compile(text, expecting: .bool).expression != nil { compiledCount += 1 }
        }
        figures.append(
            Figure(name: "compile \(compiledCount) conditions", operations: compileCount, duration: compileTime)
        )

        let compiled = conditions.compactMap { compiler.compile($0, expecting: .bool).expression }
        let context = EvaluationContext(variables: variables())
        var satisfied = 0
        for (text, expression) in zip(conditions, compiled) {
            let time = clock.measure {
                for _ in 0..<iterations where expression.evaluateCondition(context).isSatisfied { satisfied += 1 }
            }
            figures.append(Figure(name: "when \(text)", operations: iterations, duration: time))
        }
        let allTime = clock.measure {
            for _ in 0..<(iterations / 8) {
                for expression in compiled where expression.evaluateCondition(context).isSatisfied { satisfied += 1 }
            }
        }
        figures.append(
            Figure(
                name: "event against all \(compiled.count) conditions",
                operations: iterations / 8,
                duration: allTime
            )
        )

        if let template = compiler.compileTemplate(
            "call ${call.id} from ${call.caller} to ${extension(event.Interface)}"
        ).template {
            var argumentContext = context
            argumentContext.mode = .argument
            var length = 0
            let time = clock.measure {
                for _ in 0..<iterations {
                    if case .string(let text)? = try? template.evaluate(argumentContext) { length += text.utf8.count }
                }
            }
            figures.append(
                Figure(name: "template (\(length / max(iterations, 1)) bytes)", operations: iterations, duration: time)
            )
        }
        _ = satisfied
        return figures
    }

    static func environment() -> TypeEnvironment {
        let event = ObjectSchema(
            name: "event(AgentConnect)",
            fields: [
                "Queue": .init(.string), "Interface": .init(.string), "Channel": .init(.string),
                "Linkedid": .init(.string),
                "CallerIDNum": .init(.string), "Cause": .init(.string), "MemberName": .init(.string, optional: true),
            ],
            isOpen: true
        )
        let crm = ObjectSchema(
            name: "call.crm",
            fields: [
                "entity_id": .init(.string, optional: true), "responsible": .init(.string, optional: true),
            ]
        )
        let call = ObjectSchema(
            name: "call",
            fields: [
                "id": .init(.string), "caller": .init(.string), "direction": .init(.string),
                "queue": .init(.string, optional: true), "answered": .init(.bool), "talk_seconds": .init(.int),
                "crm": .init(.object(crm)),
                "b24": .init(.object(ObjectSchema(name: "call.b24", fields: ["call_id": .init(.string)]))),
            ]
        )
        var environment = TypeEnvironment(
            variables: [
                "event": .object(event), "call": .object(call),
                "config": .object(ObjectSchema(name: "config", fields: [:], isOpen: true)),
            ],
            lists: ["sales_queues": ["sales", "sales-vip", "sales-night"], "no_card_queues": ["night"]],
            maps: ["cause_status": ["16": "200", "17": "486", "19": "304", "21": "403"]]
        )
        let base = ExpressionCompiler(environment: environment)
        if let inbound = base.compile(#"call.direction == "inbound""#).expression {
            environment.macros["inbound"] = .checked(inbound)
        }
        if let unknown = base.compile("!has(call.crm.entity_id)").expression {
            environment.macros["unknown_caller"] = .checked(unknown)
        }
        return environment
    }

    static func variables() -> [String: Value] {
        [
            "event": Value(fields: [
                "Event": "AgentConnect", "Privilege": "agent,all", "Queue": "sales", "Interface": "PJSIP/201",
                "MemberName": "Ivanov", "Channel": "PJSIP/201-00000012", "Linkedid": "1700000000.1",
                "Uniqueid": "1700000000.2", "CallerIDNum": "+7 (916) 123-45-67", "CallerIDName": "Client",
                "Cause": "16", "HoldTime": "3", "RingTime": "2", "BridgedChannel": "PJSIP/trunk-0000000a",
            ]),
            "call": [
                "id": "1700000000.1", "caller": "79161234567", "direction": "inbound", "queue": "sales",
                "answered": true, "talk_seconds": 42, "crm": ["responsible": "5"],
                "b24": .deferred(.reference(DeferredReference(["call", "b24"]))),
            ],
            "config": ["bitrix24": ["default_user": "1"]],
        ]
    }
}
