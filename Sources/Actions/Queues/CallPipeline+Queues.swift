public import AMIProtocol
import Engine
public import Foundation
import Logging
import RuleDSL

/// Engine queues and the call model: the queues' driver (``QueueRouter``) reads availability and hang-ups from the AMI
/// stream as it passes through the pipeline, and what it tells of callers (``QueueNote``: joined, left) becomes
/// `call.queue_joined` / `call.queue_left` and the `queue` of the rings that follow, as app_queue's events do.
extension CallPipeline {
    /// Feeds the AMI events `router` reads to it from now on (while the rules declare queues), and tells it of rule
    /// reloads.
    public func attach(_ router: QueueRouter) {
        queueRouter = router
        queuesDeclared = !engine.generation.ruleSet.queues.isEmpty
    }

    /// Notes to apply at the start of the next step (so before any AMI event that arrives after them: a caller's
    /// `queue_joined` comes before the rings of the `Dial()` the dialplan makes next).
    func enqueueQueueNotes(_ notes: [QueueNote], at time: Date) {
        queueNotes += notes.map { ($0, time) }
    }

    /// Applies the notes waiting now (in a step of its own).
    public func flushQueueNotes() async {
        guard !queueNotes.isEmpty else { return }
        await serial.enter()
        defer { serial.leave() }
        await run(takeQueueNotes())
    }

    /// The notes waiting, applied to the engine; a note of a channel the model has not seen yet waits for it, for
    /// at most ``queueNoteLifetime``.
    func takeQueueNotes() -> [TimelineEntry] {
        guard !queueNotes.isEmpty else { return [] }
        let now = clock.now
        var entries: [TimelineEntry] = []
        var kept: [(note: QueueNote, at: Date)] = []
        for item in queueNotes {
            if engine.model.legs[item.note.uniqueid] != nil {
                entries += engine.handle(item.note, at: item.at)
            } else if now.timeIntervalSince(item.at) < Self.queueNoteLifetime {
                kept.append(item)
            } else {
                logger.notice(
                    "engine queue note dropped: its channel never showed in the AMI stream",
                    metadata: ["uniqueid": "\(item.note.uniqueid)"]
                )
            }
        }
        queueNotes = kept
        return entries
    }

    /// Hands the AMI events engine queues read to the router; what it tells of callers is applied at once.
    func observeForQueues(_ messages: [AMIMessage]) async -> [TimelineEntry] {
        guard let queueRouter, queuesDeclared else { return [] }
        let wanted = messages.filter { QueueRouter.observedEvents.contains($0.name ?? "") }
        guard !wanted.isEmpty else { return [] }
        enqueueQueueNotes(await queueRouter.observe(wanted), at: clock.now)
        return takeQueueNotes()
    }

    /// How long a note waits for its channel to show.
    static var queueNoteLifetime: TimeInterval { 30 }
}
