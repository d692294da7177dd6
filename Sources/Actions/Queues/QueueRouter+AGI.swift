public import AGIProtocol
public import Adapters
import Engine
import Logging
import Metrics

/// The dialplan's questions: `AGI(agi://127.0.0.1:4573/queue?name=sales&status=${DIALSTATUS})`. The answer is a few
/// channel variables, `QUEUE_ACTION` last (so a cut-short answer never pairs a new action with stale details):
///
/// - `dial`, with `QUEUE_DIAL` (`PJSIP/201`, or `A&B` under ringall), `QUEUE_RING` (seconds), `QUEUE_MEMBER`: the
///   dialplan dials, then asks again;
/// - `wait`, with `QUEUE_WAIT` (seconds): music on hold, then asks again;
/// - `goto`, with `QUEUE_CONTEXT`, `QUEUE_EXTEN`, `QUEUE_PRIORITY`: the overflow place;
/// - `continue`: the dialplan goes on after the `AGI()` (the queue gave up, no overflow);
/// - `done`: nothing more, the call was answered and is over.
///
/// Every answer also sets `QUEUE_NAME` (the queue the caller is in). A request without `name` gets nothing.
extension QueueRouter: AGIRequestHandler {
    public func decide(_ session: AGISessionContext) async -> AGIDecision {
        let request = session.request
        let script = request.script
        guard let name = script.parameter("name"), !name.isEmpty, !request.uniqueID.isEmpty else {
            logger.notice(
                "engine queue request without a queue name or channel: nothing set",
                metadata: ["session": "\(session.id)", "script": "\(script.path)"]
            )
            return .nothing
        }
        let now = clock.now
        let question = QueueAsk(uniqueid: request.uniqueID, queue: name, dialStatus: script.parameter("status"))
        let step = loop.ask(question, at: now)
        if let pipeline, !step.notes.isEmpty { await pipeline.enqueueQueueNotes(step.notes, at: now) }
        wake.signal()
        guard let answer = step.answer else { return .nothing }
        SwitchboardMetrics.queueAnswers(action: answer.action).increment()
        logger.info(
            "engine queue answer",
            metadata: [
                "session": "\(session.id)", "uniqueid": "\(request.uniqueID)", "queue": "\(answer.queue)",
                "action": "\(answer.action)", "status": "\(question.dialStatus ?? "")",
            ]
        )
        do {
            return AGIDecision(try Self.variables(of: answer).map { try AGICommand.setVariable($0.0, $0.1) })
        } catch {
            logger.error(
                "engine queue answer cannot be sent: nothing set",
                metadata: ["session": "\(session.id)", "error": "\(error)"]
            )
            return .nothing
        }
    }

    /// The channel variables of `answer`, `QUEUE_ACTION` last.
    static func variables(of answer: QueueAnswer) -> [(String, String)] {
        var variables: [(String, String)] = [("QUEUE_NAME", answer.queue)]
        switch answer {
        case .dial(let attempt):
            variables += [
                ("QUEUE_DIAL", attempt.dialString), ("QUEUE_RING", String(attempt.seconds)),
                ("QUEUE_MEMBER", attempt.members.map(\.name).joined(separator: "&")),
            ]
        case .wait(_, let seconds):
            variables.append(("QUEUE_WAIT", String(seconds)))
        case .goto(_, let context, let exten, let priority):
            variables += [("QUEUE_CONTEXT", context), ("QUEUE_EXTEN", exten), ("QUEUE_PRIORITY", String(priority))]
        case .giveUp, .done:
            break
        }
        variables.append(("QUEUE_ACTION", answer.action))
        return variables
    }
}
