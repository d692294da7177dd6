import AGIProtocol
import Actions
import Adapters
import Engine
import RuleDSL
import TestSupport
import Testing

/// What a FastAGI decision logs: its lines are written outside the pipeline's serial step, from what the step decided.
@Suite("Call pipeline: FastAGI log lines")
struct AGIPipelineLogTests {
    /// A pipeline logging into `capture`, its call arrived and session `session` asked: the lookup it waits for.
    static func asked(session: String, logging capture: LogCapture) async throws -> (CallPipeline, LookupRequest) {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let lookup = UserLookup(overrides: ["201": 11, "202": 12, "203": 13])
        let engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: lookup.functions)
        )
        let pipeline = CallPipeline(engine: engine, scheduler: nil, ami: nil, logger: capture.logger)
        try await AGIPipelineTests.callArrives(pipeline)
        let step = await pipeline.beginAGI(AGIPipelineTests.request, session: session)
        guard case .lookups(let requests) = step, let request = requests.first else {
            throw AGIPipelineLogTestFailure(description: "no lookup asked for: \(step)")
        }
        return (pipeline, request)
    }

    @Test("an answered request logs one info line naming its session, its call and how many commands it got")
    func answered() async throws {
        let capture = LogCapture()
        let (pipeline, request) = try await Self.asked(session: "agi-7", logging: capture)
        #expect(!capture.all.contains { $0.contains("FastAGI request answered") })
        _ = await pipeline.landLookups(
            [LookupOutcome(request: request, result: .success(AGIPipelineTests.known))],
            session: "agi-7"
        )
        let answered = capture.all.filter { $0.contains("FastAGI request answered") }
        #expect(answered == ["info FastAGI request answered call=1795564212.0 commands=2 session=agi-7"])
    }

    @Test("a lookup that failed: one warning naming the call and the error; the request is answered with nothing")
    func failedLookup() async throws {
        let capture = LogCapture()
        let (pipeline, request) = try await Self.asked(session: "agi-8", logging: capture)
        let step = await pipeline.landLookups(
            [LookupOutcome(request: request, result: .failure(LookupFailure("HTTP 503 from the portal")))],
            session: "agi-8"
        )
        #expect(step == .answer(.nothing))
        let warnings = capture.all.filter { $0.hasPrefix("warning CRM lookup for a FastAGI request failed") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("call=1795564212.0") == true)
        #expect(warnings.first?.contains("error=HTTP 503 from the portal") == true)
    }
}

/// The pipeline did not ask what the test expected.
struct AGIPipelineLogTestFailure: Error, CustomStringConvertible {
    let description: String
}
