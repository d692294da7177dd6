import AGIProtocol
import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Synchronization
import TestSupport
import Testing

/// Under a burst, FastAGI inputs share the pipeline's steps: while one step saves the call state, the inputs arriving
/// queue, and the next step takes them all — each decided as alone, the calls saved in one write.
@Suite("Call pipeline: FastAGI inputs share steps")
struct AGIStepSharingTests {
    /// Call-state writes, held while closed; records which calls each write carried.
    final class GatedPersistence: CallStatePersistence {
        private struct State {
            var open = true
            var held: [CheckedContinuation<Void, Never>] = []
            var writes: [[SavedCall]] = []
        }

        private let state = Mutex(State())

        var writes: [[SavedCall]] { state.withLock { $0.writes } }
        var heldWrites: Int { state.withLock { $0.held.count } }

        func close() { state.withLock { $0.open = false } }

        func open() {
            let held = state.withLock { state in
                state.open = true
                defer { state.held.removeAll() }
                return state.held
            }
            for write in held { write.resume() }
        }

        func save(_ calls: [SavedCall], at now: Date) async throws {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    state.writes.append(calls)
                    if state.open { return true }
                    state.held.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }

        func remove(_ ids: [String]) async throws {}
    }

    static let sessions = 40

    static func linkedid(_ index: Int) -> String { "1795700000.\(index)" }
    static func caller(_ index: Int) -> String { "7926\(String(format: "%07d", index))" }

    /// A caller's channel appearing in context `incoming` (shape of captures/answered.ami).
    static func newchannel(_ index: Int) -> AMIMessage {
        AMIMessage([
            AMIHeader("Event", "Newchannel"), AMIHeader("Privilege", "call,all"),
            AMIHeader("Channel", "PJSIP/trunk-\(String(format: "%08x", index))"), AMIHeader("ChannelState", "4"),
            AMIHeader("ChannelStateDesc", "Ring"), AMIHeader("CallerIDNum", caller(index)),
            AMIHeader("CallerIDName", "Client"), AMIHeader("ConnectedLineNum", "<unknown>"),
            AMIHeader("ConnectedLineName", "<unknown>"), AMIHeader("Language", "en"), AMIHeader("AccountCode", ""),
            AMIHeader("Context", "incoming"), AMIHeader("Exten", "74951234567"), AMIHeader("Priority", "1"),
            AMIHeader("Uniqueid", linkedid(index)), AMIHeader("Linkedid", linkedid(index)),
        ])
    }

    static func request(_ index: Int) -> AGIRequest {
        AGIRequest(environment: [
            AGIEnvironmentVariable("agi_network", "yes"), AGIEnvironmentVariable("agi_network_script", "route"),
            AGIEnvironmentVariable("agi_request", "agi://127.0.0.1/route"),
            AGIEnvironmentVariable("agi_channel", "PJSIP/trunk-\(String(format: "%08x", index))"),
            AGIEnvironmentVariable("agi_uniqueid", linkedid(index)),
            AGIEnvironmentVariable("agi_callerid", caller(index)),
        ])
    }

    @Test("40 sessions landing at once: two call-state writes, each session its own answer, every call saved")
    func landingsShareSteps() async throws {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let users = UserLookup(overrides: ["202": 12])
        let persistence = GatedPersistence()
        let pipeline = CallPipeline(
            engine: CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: users.functions)
            ),
            scheduler: nil,
            ami: nil,
            persistence: persistence,
            logger: LogCapture().logger
        )
        await pipeline.handle((0..<Self.sessions).map(Self.newchannel))
        let asked = await withTaskGroup(of: (Int, AGIStep).self) { group in
            for index in 0..<Self.sessions {
                group.addTask { (index, await pipeline.beginAGI(Self.request(index), session: "agi-\(index)")) }
            }
            var steps: [Int: AGIStep] = [:]
            for await (index, step) in group { steps[index] = step }
            return steps
        }
        var lookups: [Int: LookupRequest] = [:]
        for index in 0..<Self.sessions {
            guard case .lookups(let requests)? = asked[index], requests.count == 1 else {
                Issue.record("session \(index) asked for no single lookup: \(String(describing: asked[index]))")
                return
            }
            #expect(
                requests[0] == LookupRequest(callID: Self.linkedid(index), binding: "crm", phone: Self.caller(index))
            )
            lookups[index] = requests[0]
        }

        let writesBefore = persistence.writes.count
        persistence.close()
        let answers = await withTaskGroup(of: (Int, AGIStep).self) { group in
            for index in 0..<Self.sessions {
                guard let request = lookups[index] else { continue }
                let outcome = LookupOutcome(request: request, result: .success(AGIPipelineTests.known))
                group.addTask { (index, await pipeline.landLookups([outcome], session: "agi-\(index)")) }
            }
            // The first step holds its write; every session it did not take waits in the queue.
            let queued = await eventually {
                let open = await pipeline.openAGISessions
                let waiting = await pipeline.queuedAGIInputs
                return persistence.heldWrites == 1 && open > 0 && waiting == open
            }
            #expect(queued)
            persistence.open()
            var steps: [Int: AGIStep] = [:]
            for await (index, step) in group { steps[index] = step }
            return steps
        }
        let writes = Array(persistence.writes.dropFirst(writesBefore))
        #expect(writes.count == 2, "one write for the first step, one for all the sessions queued behind it")
        #expect(Set(writes.flatMap { $0.map(\.id) }) == Set((0..<Self.sessions).map(Self.linkedid)))
        for index in 0..<Self.sessions {
            guard case .answer(let decision)? = answers[index] else {
                Issue.record("session \(index) got no answer")
                continue
            }
            #expect(
                decision.commands.map(\.line) == [
                    "SET VARIABLE ROUTE_EXTEN \"202\"", "SET VARIABLE ROUTE_USER \"12\"",
                ],
                "session \(index)"
            )
        }
        let saved = Dictionary(writes.flatMap { $0 }.map { ($0.id, $0) }) { _, last in last }
        for index in 0..<Self.sessions {
            guard case .map(let crm)? = saved[Self.linkedid(index)]?.bindings["crm"] else {
                Issue.record("call \(index) saved without call.crm")
                continue
            }
            #expect(crm["responsible"] == .int(12))
        }
        #expect(await pipeline.openAGISessions == 0)
        #expect(await pipeline.queuedAGIInputs == 0)
    }
}
