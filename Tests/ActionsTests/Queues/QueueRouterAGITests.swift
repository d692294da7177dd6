import AGIProtocol
import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The engine queues' FastAGI conversation over real TCP: the server with the queue router behind it, a scripted peer
/// that speaks like Asterisk 22 (its environment block recorded from one, captures/agi/route.agi), the router's clock a
/// manual one, member state in a real SQLite file. AMI events are handed to the router as the pipeline hands them.
@Suite("engine queues over FastAGI")
struct QueueRouterAGITests {
    static let sales = QueueSpec(
        name: "sales",
        members: [
            QueueMemberSpec(name: "ivan", dial: "PJSIP/201", user: 11),
            QueueMemberSpec(name: "petr", dial: "PJSIP/202", user: 12),
            QueueMemberSpec(name: "anna", dial: "PJSIP/203", user: 13),
        ],
        ringSeconds: 15,
        maxWaitSeconds: 60,
        overflow: .dialplan(context: "voicemail", extension: "s", priority: 1)
    )

    /// A router for `sales` answering FastAGI on a free loopback port, its wake-up loop running on `clock`.
    struct Rig {
        let router: QueueRouter
        let store: QueueMemberStore
        let clock: ManualDeliveryClock
        let port: Int

        /// The dialplan asks from channel `uniqueid`, reporting `status` (`${DIALSTATUS}`).
        func ask(_ uniqueid: String = "1796402157.1", status: String = "") async throws -> AGITestClient.Outcome {
            let script = "queue?name=sales&status=\(status)"
            let request = AGIEnvironmentFixture(bytes: try RepositoryFiles.bytes("captures/agi/route.agi"))
                .replacing("agi_network_script", with: script)
                .replacing("agi_request", with: "agi://127.0.0.1:4573/\(script)")
                .replacing("agi_uniqueid", with: uniqueid)
            return try await AGITestClient.run(port: port, environment: request.bytes)
        }

        /// What the pipeline hands the router from the AMI stream.
        func ami(_ headers: KeyValuePairs<String, String>) async {
            _ = await router.observe([AMIMessage(headers)])
        }

        static func with(_ body: (Rig) async throws -> Void) async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qagi-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let outbox = try Outbox(path: folder.appendingPathComponent("switchboard.sqlite").path)
            let store = try await QueueMemberStore(outbox: outbox)
            let clock = ManualDeliveryClock(start: Date(timeIntervalSince1970: 1_800_000_000))
            let router = QueueRouter(queues: [QueueRouterAGITests.sales], clock: clock, store: store)
            var routes = AGIRouter()
            routes.register("queue", router)
            let server = AGIServer(
                // Generous: the deadline is exact (the event loop's clock) while the test suite can hold decisions up.
                configuration: AGIServerConfiguration(
                    address: ListenAddress(host: "127.0.0.1", port: 0),
                    deadline: .seconds(20),
                    sessionTimeLimit: .seconds(30)
                ),
                handler: routes
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                group.addTask { try await router.run() }
                defer { group.cancelAll() }
                let port = try await server.listeningPort()
                try await body(Rig(router: router, store: store, clock: clock, port: port))
            }
        }
    }

    @Test("dial, report, dial the next; an operator unavailable between two attempts is skipped; the answer is kept")
    func conversation() async throws {
        try await Rig.with { rig in
            let first = try await rig.ask()
            #expect(
                first.variables == [
                    "QUEUE_NAME": "sales", "QUEUE_DIAL": "PJSIP/201", "QUEUE_RING": "15", "QUEUE_MEMBER": "ivan",
                    "QUEUE_ACTION": "dial",
                ]
            )
            #expect(first.commands.last == "SET VARIABLE QUEUE_ACTION \"dial\"", "the action last: \(first.commands)")
            rig.clock.advance(by: 15)
            #expect(try await rig.ask(status: "NOANSWER").variables["QUEUE_DIAL"] == "PJSIP/202")
            // Anna logs off while Petr rings: she is skipped, and Ivan (who missed) is offered again only now that
            // everyone present was tried.
            await rig.ami(["Event": "DeviceStateChange", "Device": "PJSIP/203", "State": "UNAVAILABLE"])
            rig.clock.advance(by: 15)
            let third = try await rig.ask(status: "NOANSWER")
            #expect(third.variables["QUEUE_DIAL"] == "PJSIP/201" && third.variables["QUEUE_RING"] == "15")
            rig.clock.advance(by: 4)
            await rig.ami([
                "Event": "DialEnd", "Channel": "PJSIP/trunk-00000007", "Uniqueid": "1796402157.1",
                "DestChannel": "PJSIP/201-0000000c", "DestUniqueid": "1796402157.9", "DialStatus": "ANSWER",
            ])
            rig.clock.advance(by: 60)
            await rig.ami(["Event": "Hangup", "Channel": "PJSIP/trunk-00000007", "Uniqueid": "1796402157.1"])
            // Ivan's idle time counts from the end of the call, in the state file.
            let end = rig.clock.now
            let saved = await eventually {
                (try? await rig.store.load())?.first { $0.device == "PJSIP/201" }?.idleSince == end
            }
            let records = try await rig.store.load()
            #expect(saved, "\(records)")
            // A late question of the ended call (a dialplan whose Dial() has `g`) is told there is nothing more.
            #expect(try await rig.ask(status: "ANSWER").variables["QUEUE_ACTION"] == "done")
            // The next caller gets Petr (idle longest: Ivan's call just ended, Anna is away).
            #expect(try await rig.ask("1796402157.20").variables["QUEUE_DIAL"] == "PJSIP/202")
        }
    }

    @Test("a caller who hangs up during an attempt frees the operator for the next caller at once")
    func callerHangsUp() async throws {
        try await Rig.with { rig in
            let first = try await rig.ask()
            #expect(first.variables["QUEUE_DIAL"] == "PJSIP/201")
            rig.clock.advance(by: 5)
            await rig.ami([
                "Event": "DialEnd", "Channel": "PJSIP/trunk-00000007", "Uniqueid": "1796402157.1",
                "DestChannel": "PJSIP/201-0000000c", "DestUniqueid": "1796402157.9", "DialStatus": "CANCEL",
            ])
            await rig.ami(["Event": "Hangup", "Channel": "PJSIP/trunk-00000007", "Uniqueid": "1796402157.1"])
            #expect(await rig.router.activeCallers == 0)
            let next = try await rig.ask("1796402157.20")
            #expect(next.variables["QUEUE_DIAL"] == "PJSIP/201")
            // The ring that ended is no call: Ivan's idle time was not restarted.
            let ivan = await rig.router.memberRecords.first { $0.device == "PJSIP/201" }
            #expect(ivan != nil && ivan?.idleSince == nil)
        }
    }

    @Test("nobody free: music on hold and ask again; the maximum wait on the injected clock, then the overflow")
    func waitAndOverflow() async throws {
        try await Rig.with { rig in
            for device in ["PJSIP/201", "PJSIP/202", "PJSIP/203"] {
                await rig.ami(["Event": "DeviceStateChange", "Device": device, "State": "INUSE"])
            }
            let wait = try await rig.ask()
            #expect(wait.variables == ["QUEUE_NAME": "sales", "QUEUE_WAIT": "2", "QUEUE_ACTION": "wait"])
            for second in stride(from: 2, through: 58, by: 2) {
                rig.clock.advance(to: Date(timeIntervalSince1970: 1_800_000_000 + Double(second)))
                #expect(try await rig.ask().variables["QUEUE_ACTION"] == "wait")
            }
            // The wake-up at the maximum wait overflows the caller before it asks again.
            rig.clock.advance(to: Date(timeIntervalSince1970: 1_800_000_060))
            let moved = await eventually { await rig.router.nextWakeUp != Date(timeIntervalSince1970: 1_800_000_060) }
            #expect(moved)
            let over = try await rig.ask()
            #expect(
                over.variables == [
                    "QUEUE_NAME": "sales", "QUEUE_CONTEXT": "voicemail", "QUEUE_EXTEN": "s", "QUEUE_PRIORITY": "1",
                    "QUEUE_ACTION": "goto",
                ]
            )
        }
    }

    @Test("a caller told to wait who never asks again is let go by the wake-up loop, on the injected clock")
    func callerGoneWithoutHangup() async throws {
        try await Rig.with { rig in
            for device in ["PJSIP/201", "PJSIP/202", "PJSIP/203"] {
                await rig.ami(["Event": "DeviceStateChange", "Device": device, "State": "INUSE"])
            }
            let wait = try await rig.ask()
            #expect(wait.variables["QUEUE_ACTION"] == "wait")
            #expect(await rig.router.activeCallers == 1)
            rig.clock.advance(by: 11)
            #expect(await rig.router.activeCallers == 1, "not yet: 2 s of music and 10 s of grace")
            rig.clock.advance(by: 1)
            #expect(await eventually { await rig.router.activeCallers == 0 })
        }
    }

    @Test("a request without a queue name, or for a queue the rules do not declare")
    func badRequests() async throws {
        try await Rig.with { rig in
            let request = AGIEnvironmentFixture(bytes: try RepositoryFiles.bytes("captures/agi/route.agi"))
                .replacing("agi_network_script", with: "queue")
            let nameless = try await AGITestClient.run(port: rig.port, environment: request.bytes)
            #expect(nameless.commands.isEmpty)
            let unknown = try await AGITestClient.run(
                port: rig.port,
                environment: request.replacing("agi_network_script", with: "queue?name=nope").bytes
            )
            #expect(unknown.variables == ["QUEUE_NAME": "nope", "QUEUE_ACTION": "continue"])
        }
    }
}
