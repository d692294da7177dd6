import Adapters
import Foundation
public import Logging

/// Drives the ``RecordingJob``s: looks at the files, reads their headers, runs the encodings (at most
/// ``RecordingSettings/concurrency`` at once, in child tasks — never on the path of AMI events and cards), joins the
/// parts, queues the attach in the outbox, and cleans up when the outbox settles it. Every change of a job is saved
/// (``RecordingJobStore``), so a restart resumes where it stopped.
///
/// Each recording ends with one result (``RecordingResult``): logged with the call's Linkedid and counted in
/// `switchboard_recordings_total{result=…}`. A bad file never holds up the finish (the attach comes after it anyway)
/// nor any other call.
public actor RecordingService: RecordingSink {
    let settings: RecordingSettings
    let store: RecordingJobStore
    let outbox: Outbox
    let scheduler: PortalScheduler
    let clock: any DeliveryClock
    let logger: Logger
    /// Jobs in progress, by call key.
    var jobs: [String: RecordingJob] = [:]
    /// The durable form last saved of each job.
    var saved: [String: RecordingJob] = [:]
    /// Encodings waiting for a free slot, in order.
    var queued: [Encoding] = []
    var running = 0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    let wake = WakeSignal()

    struct Encoding: Sendable {
        let callKey: String
        let file: Int
        let path: String
        let format: WAVFormat
        let output: String
        let settings: MP3Settings
    }

    /// A service over the outbox `scheduler` delivers.
    public init(
        settings: RecordingSettings,
        scheduler: PortalScheduler,
        clock: any DeliveryClock = SystemDeliveryClock(),
        logger: Logger = Logger(label: "switchboard.recordings")
    ) {
        self.settings = settings
        self.scheduler = scheduler
        self.outbox = scheduler.outbox
        self.store = RecordingJobStore(outbox: scheduler.outbox)
        self.clock = clock
        self.logger = logger
    }

    /// Jobs not yet over.
    public var pendingJobs: Int { jobs.count }

    /// Returns once no job is left.
    public func waitUntilIdle() async {
        guard !jobs.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    // MARK: Start

    /// Creates the work folder and loads the jobs a previous run left, settling those whose record the outbox settled
    /// meanwhile. Call before ``run()``.
    public func restore() async throws(OutboxError) {
        try? FileManager.default.createDirectory(atPath: settings.workDirectory, withIntermediateDirectories: true)
        let loaded = try store.load { key, problem in
            self.logger.error(
                "a saved recording job could not be read",
                metadata: ["call": "\(key)", "error": "\(problem)"]
            )
        }
        for job in loaded {
            jobs[job.callKey] = job
            saved[job.callKey] = job.durable
        }
        if !loaded.isEmpty { logger.notice("recordings resumed", metadata: ["calls": "\(loaded.count)"]) }
        let now = clock.now
        for job in loaded {
            if case .attaching(let step, _) = job.phase {
                await reconcile(job.callKey, step: step)
            } else {
                var resumed = job
                let actions = resumed.resume(at: now)
                jobs[job.callKey] = resumed
                await apply(job.callKey, actions)
            }
        }
    }

    // MARK: Inputs (RecordingSink)

    public func submit(_ requests: [RecordingRequest]) async {
        for request in requests {
            var job =
                jobs[request.callKey]
                ?? RecordingJob(
                    callKey: request.callKey,
                    began: clock.now,
                    workDirectory: settings.workDirectory,
                    bitrate: settings.bitrate
                )
            let index = job.files.firstIndex { $0.name == request.file } ?? job.files.count
            var actions = job.add(request)
            jobs[request.callKey] = job
            do {
                _ = try settings.locator.candidates(for: request.file)
            } catch {
                actions += jobs[request.callKey]?.refused(index, .badName, detail: error.description) ?? []
            }
            logger.info(
                "recording queued",
                metadata: ["call": "\(request.callKey)", "file": "\(request.file)", "rule": "\(request.rule)"]
            )
            await apply(request.callKey, actions)
        }
        wake.signal()
    }

    public func finishQueued(callKey: String, step: String) async {
        guard var job = jobs[callKey] else { return }
        let actions = job.finishQueued(step: step)
        jobs[callKey] = job
        await apply(callKey, actions)
    }

    public func settle(_ outcome: DeliveryOutcome) async {
        let command = outcome.command
        guard var job = jobs[command.callKey] else { return }
        let actions: [RecordingJob.Action]
        switch outcome {
        case .delivered(_, let result):
            let file = result["FILE_ID"]?.intValue.map { "FILE_ID \($0)" } ?? "attached"
            actions = job.settled(step: command.step, delivered: true, detail: file, removeWAVs: !settings.keepWAV)
        case .gaveUp(_, let reason):
            actions = job.settled(step: command.step, delivered: false, detail: reason, removeWAVs: false)
        }
        jobs[command.callKey] = job
        await apply(command.callKey, actions)
    }

    // MARK: The loop

    /// Looks at the awaited files every poll interval and runs the encodings, until cancelled (what is under way is
    /// saved and resumes at the next start).
    public func run() async {
        await withTaskGroup(of: Event.self) { group in
            group.addTask { [wake, clock, settings] in
                await wake.wait(until: clock.now.addingTimeInterval(settings.pollInterval), clock: clock)
                return .tick
            }
            while let event = await group.next() {
                if Task.isCancelled { break }
                switch event {
                case .tick:
                    await tick()
                    group.addTask { [wake, clock, settings] in
                        await wake.wait(until: clock.now.addingTimeInterval(settings.pollInterval), clock: clock)
                        return .tick
                    }
                case .encoded(let encoding, let result):
                    running -= 1
                    guard var job = jobs[encoding.callKey] else { break }
                    let actions = job.encoded(encoding.file, result)
                    jobs[encoding.callKey] = job
                    await apply(encoding.callKey, actions)
                }
                while running < settings.concurrency, !queued.isEmpty {
                    let encoding = queued.removeFirst()
                    running += 1
                    group.addTask { [encoder = settings.encoder] in
                        do throws(MP3EncoderError) {
                            try await encoder.encode(
                                encoding.path,
                                format: encoding.format,
                                to: encoding.output,
                                settings: encoding.settings
                            )
                            return .encoded(encoding, .success(()))
                        } catch {
                            return .encoded(encoding, .failure(error))
                        }
                    }
                }
            }
            group.cancelAll()
        }
    }

    enum Event: Sendable {
        case tick
        case encoded(Encoding, Result<Void, MP3EncoderError>)
    }

    /// Looks at every job's awaited files. Between two jobs the actor is let go (`Task.yield`), so a call's handover
    /// (``submit(_:)``, ``finishQueued(callKey:step:)``, awaited by the pipeline) waits for one job's look, never
    /// for a whole tick over every job in progress.
    private func tick() async {
        let now = clock.now
        for key in jobs.keys.sorted() {
            guard var job = jobs[key] else { continue }
            let actions = job.tick(at: now, timing: settings.timing)
            jobs[key] = job
            guard !actions.isEmpty else { continue }  // nothing to do, nothing durable changed
            await apply(key, actions)
            await Task.yield()
        }
    }
}
