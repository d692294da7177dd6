import Foundation
import Testing

@testable import RuleDSL

/// The `queues:` section: decoded with positions into ``QueueSpec``s, linted with its own codes, in the schema.
@Suite struct QueueSectionTests {
    static func load(_ text: String) throws -> RuleSetLoader.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("queues-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent("50-queues.yaml"))
        return RuleSetLoader.load(paths: [folder.path])
    }

    static func codes(_ result: RuleSetLoader.Result) -> [String] {
        result.report.diagnostics.map { "\($0.code.id) @ \($0.range.start.line):\($0.range.start.column)" }
    }

    @Test func aFullQueueSectionCompilesToQueueSpecs() throws {
        let result = try Self.load(
            """
            version: 1
            queues:
              sales:
                strategy: fair
                ring: 20s
                max_wait: 1m30s
                wrap_up: 10
                overflow: {queue: support}
                members:
                  ivan: {dial: Local/201@agents, user: 7}
                  petr: {extension: "202", user: "8", device: PJSIP/202}
                  anna: PJSIP/203
              support:
                strategy: ringall
                overflow: {context: voicemail, extension: s}
                members:
                  olga: {extension: "204"}
            """
        )
        #expect(result.report.diagnostics.isEmpty, "\(Self.codes(result))")
        let queues = try #require(result.ruleSet?.queues)
        #expect(
            queues["sales"]
                == QueueSpec(
                    name: "sales",
                    strategy: .fair,
                    members: [
                        QueueMemberSpec(name: "ivan", dial: "Local/201@agents", user: 7),
                        QueueMemberSpec(
                            name: "petr",
                            dial: "PJSIP/202",
                            device: "PJSIP/202",
                            extensionNumber: "202",
                            user: 8
                        ),
                        QueueMemberSpec(name: "anna", dial: "PJSIP/203"),
                    ],
                    ringSeconds: 20,
                    maxWaitSeconds: 90,
                    wrapUpSeconds: 10,
                    overflow: .queue("support")
                )
        )
        #expect(queues["support"]?.strategy == .ringall)
        #expect(queues["support"]?.ringSeconds == QueueSpec.defaultRingSeconds)
        #expect(queues["support"]?.overflow == .dialplan(context: "voicemail", extension: "s", priority: 1))
    }

    @Test func badValuesAreReportedAtTheirPositionsWithTheirCodes() throws {
        let result = try Self.load(
            """
            version: 1
            queues:
              sales:
                strategy: leastrecent
                ring: 0
                max_wait: forever
                overflow: {queue: suport}
                members:
                  ivan: {dial: "PJSIP/201&PJSIP/202"}
                  petr: {user: 8}
                  anna: {dial: "PJSIP/203,20,tT"}
                  olga: {dial: "PJSIP/204\\r\\nAGI"}
              support:
                members: {}
            """
        )
        #expect(
            Set(Self.codes(result)) == [
                "E219 @ 4:15", "E219 @ 5:11", "E219 @ 6:15", "E221 @ 7:23", "E220 @ 9:20", "E220 @ 10:13",
                "E220 @ 11:20", "E220 @ 12:20", "E220 @ 14:5",
            ]
        )
        #expect(result.ruleSet == nil)
        let strategy = try #require(result.report.diagnostics.first { $0.range.start.line == 4 })
        #expect(strategy.message.contains("leastrecent"))
        #expect(strategy.notes.first?.message == "strategies: fair, ringall, linear, random")
    }

    @Test func overflowCirclesAndRingsLongerThanTheWaitAreReported() throws {
        let result = try Self.load(
            """
            version: 1
            queues:
              sales:
                ring: 30
                max_wait: 20
                overflow: {queue: support}
                members: {ivan: PJSIP/201}
              support:
                overflow: {queue: sales}
                members: {petr: PJSIP/202}
            """
        )
        #expect(Set(Self.codes(result)) == ["W407 @ 4:11", "E222 @ 6:23", "E222 @ 9:23"])
    }

    @Test func durationsReadSecondsAndMinutes() {
        #expect(QueueDuration.seconds("20") == 20)
        #expect(QueueDuration.seconds("20s") == 20)
        #expect(QueueDuration.seconds("2m") == 120)
        #expect(QueueDuration.seconds("1m30s") == 90)
        for bad in ["", "-5", "5s30m", "m", "1h", "1.5m", "30s5", "9999999s", "1m30"] {
            #expect(QueueDuration.seconds(bad) == nil, "\(bad)")
        }
    }

    @Test func theSchemaDescribesQueues() throws {
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(RulesJSONSchema.generate().utf8)) as? [String: Any]
        )
        let queues = try #require((schema["properties"] as? [String: Any])?["queues"] as? [String: Any])
        let queue = try #require(queues["additionalProperties"] as? [String: Any])
        let properties = try #require(queue["properties"] as? [String: Any])
        #expect(Set(properties.keys) == Set(QueueSectionDecoder.queueKeys))
        let strategy = try #require(properties["strategy"] as? [String: Any])
        #expect(strategy["enum"] as? [String] == QueueStrategy.allCases.map(\.rawValue))
    }
}
