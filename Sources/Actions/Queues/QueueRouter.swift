public import AMIProtocol
import Adapters
public import Engine
public import Foundation
public import Logging
import Metrics
public import RuleDSL
public import ServiceLifecycle

/// The driver of engine queues: a thin actor around the pure ``QueueDialplanLoop``. It answers the dialplan's FastAGI
/// `queue` requests (``decide(_:)``, see QueueRouter+AGI), reads availability, answers and hang-ups from the AMI
/// stream the pipeline passes it (``observe(_:)``), wakes the loop at its ``QueueDialplanLoop/nextWakeUp`` on an
/// injected clock, keeps members' idle times and pauses in the state file (``QueueMemberStore``), and hands what it
/// tells of callers to the pipeline (``CallPipeline/attach(_:)``). A swift-service-lifecycle `Service`: ``run()`` is
/// the wake-up loop.
public actor QueueRouter: Service {
    /// The AMI events the router reads.
    public static let observedEvents = QueueDialplanLoop.observedEvents

    var loop: QueueDialplanLoop
    let clock: any DeliveryClock
    let store: QueueMemberStore?
    weak var pipeline: CallPipeline?
    let logger: Logger
    let wake = WakeSignal()
    /// Member records as last saved, by device.
    var saved: [String: QueueMemberRecord] = [:]
    /// Notes not handed to the pipeline yet.
    var notes: [(note: QueueNote, at: Date)] = []

    /// A router for `queues`: a waiting caller asks again every `waitSeconds`; the dialplan may be `graceSeconds` late.
    public init(
        queues: [QueueSpec],
        clock: any DeliveryClock = SystemDeliveryClock(),
        store: QueueMemberStore? = nil,
        waitSeconds: Int = 2,
        graceSeconds: Int = 10,
        seed: UInt64 = UInt64.random(in: .min ... .max),
        logger: Logger = Logger(label: "switchboard.queues")
    ) {
        loop = QueueDialplanLoop(
            machine: QueueStateMachine(queues: queues, seed: seed),
            waitSeconds: waitSeconds,
            graceSeconds: graceSeconds
        )
        self.clock = clock
        self.store = store
        self.logger = logger
    }

    /// Puts back the members' idle times and pauses from the state file (call once, before serving).
    public func restore() async throws(OutboxError) {
        guard let store else { return }
        let records = try await store.load()
        loop.restore(records)
        saved = Dictionary(loop.machine.memberRecords.map { ($0.device, $0) }, uniquingKeysWith: { $1 })
        logger.info("engine queue members restored", metadata: ["members": "\(records.count)"])
    }

    /// Hands notes to `pipeline` (the daemon's, once it is attached).
    public func connect(_ pipeline: CallPipeline) async {
        self.pipeline = pipeline
        await pipeline.attach(self)
    }

    /// Applies reloaded queues; members keep their state.
    public func reconfigure(queues: [QueueSpec]) {
        loop.reconfigure(queues: queues)
        wake.signal()
    }

    /// AMI events of ``observedEvents``, in order; returns what the call model is told.
    public func observe(_ messages: [AMIMessage]) -> [QueueNote] {
        var notes: [QueueNote] = []
        let now = clock.now
        for message in messages { notes += loop.observe(message, at: now).notes }
        wake.signal()
        return notes
    }

    /// The member state worth keeping (what the state file holds after the next save).
    public var memberRecords: [QueueMemberRecord] { loop.machine.memberRecords }

    /// Callers being served now.
    public var activeCallers: Int { loop.activeChannels }

    /// When the wake-up loop next runs the loop's ``QueueDialplanLoop/timePassed(to:)`` (nil: nothing to wait for).
    public var nextWakeUp: Date? { loop.nextWakeUp }

    /// Wakes the loop at its next wake-up (and whenever an input changed it), hands notes to the pipeline and saves
    /// changed member records; saves once more at the end (graceful shutdown or cancellation).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.wake.wait(until: await self.loop.nextWakeUp, clock: self.clock)
                guard !Task.isCancelled else { break }
                await self.tick()
            }
        }
        await flush()
    }

    /// One wake-up: time passes for the loop, then notes and records go out.
    func tick() async {
        let now = clock.now
        if let due = loop.nextWakeUp, due <= now {
            let step = loop.timePassed(to: now)
            notes += step.notes.map { ($0, now) }
        }
        await flush()
    }

    /// Hands waiting notes to the pipeline and saves changed member records.
    func flush() async {
        SwitchboardMetrics.queueCallerCount().record(loop.activeChannels)
        let handed = notes
        notes.removeAll()
        if !handed.isEmpty, let pipeline {
            for (time, group) in Self.grouped(handed) { await pipeline.enqueueQueueNotes(group, at: time) }
            await pipeline.flushQueueNotes()
        }
        await save()
    }

    private func save() async {
        guard let store else { return }
        let changed = loop.machine.memberRecords.filter { saved[$0.device] != $0 }
        guard !changed.isEmpty else { return }
        do {
            try await store.save(changed, at: clock.now)
            for record in changed { saved[record.device] = record }
        } catch {
            SwitchboardMetrics.storageErrors().increment()
            logger.error("engine queue members not saved", metadata: ["error": "\(error)"])
        }
    }

    /// Consecutive notes of the same time, in order.
    static func grouped(_ notes: [(note: QueueNote, at: Date)]) -> [(Date, [QueueNote])] {
        var groups: [(Date, [QueueNote])] = []
        for item in notes {
            if let last = groups.last, last.0 == item.at {
                groups[groups.count - 1].1.append(item.note)
            } else {
                groups.append((item.at, [item.note]))
            }
        }
        return groups
    }
}
