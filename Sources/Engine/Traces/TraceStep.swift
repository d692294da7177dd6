public import AMIProtocol
public import Foundation
public import RuleDSL

/// One thing that happened to a call, in the order it happened: an AMI event in, an event the rules evaluated,
/// an action executed, an answer from the portal.
public enum TraceStep: Sendable {
    /// An AMI event of the call, as it came in.
    case ami(AMIMessage, at: Date)
    /// An engine event (or an AMI event some rule reacts to) and what the rules made of it.
    case evaluation(TraceEvaluation)
    /// An action intent executed with its arguments resolved.
    case execution(TraceExecution)
    /// What the portal answered for one command.
    case portal(TracePortalAnswer)

    /// When it happened (an event's own `Timestamp:`; executions and answers by the daemon's clock).
    public var time: Date {
        switch self {
        case .ami(_, let time): time
        case .evaluation(let evaluation): evaluation.entry.time
        case .execution(let execution): execution.time
        case .portal(let answer): answer.time
        }
    }
}

/// An event the rules evaluated: the timeline entry (payload, the call as the rules read it, rules fired, intents)
/// and the rules generation that evaluated it, so its verdicts can be explained later with the same rules.
public struct TraceEvaluation: Sendable {
    public var entry: TimelineEntry
    /// The number of the rules generation that evaluated the event.
    public var generation: Int
}

/// An intent the executor ran: its arguments with deferred results resolved, and where it went.
public struct TraceExecution: Sendable {
    public var time: Date
    public var rule: String
    public var action: ActionKind
    /// The arguments as executed.
    public var arguments: [String: Value]
    /// Where it went: `Bitrix24 telephony.externalcall.show (step show-2)`, `Asterisk`, `logged`, …
    public var route: String
    /// Why it failed, when it did.
    public var failure: String?

    /// Creates an execution record.
    public init(
        time: Date,
        rule: String,
        action: ActionKind,
        arguments: [String: Value],
        route: String,
        failure: String? = nil
    ) {
        self.time = time
        self.rule = rule
        self.action = action
        self.arguments = arguments
        self.route = route
        self.failure = failure
    }
}

/// The portal's answer to one command: settled (acknowledged, or given up after its retries).
public struct TracePortalAnswer: Sendable {
    public var time: Date
    /// The REST method.
    public var method: String
    /// The command's step within the call (`register`, `show-3`).
    public var step: String
    /// The command's parameters, compact.
    public var parameters: String
    /// Whether the portal acknowledged it.
    public var ok: Bool
    /// `ok`, or why it was given up.
    public var status: String
    /// The result, compact (nil when given up).
    public var result: String?

    /// Creates an answer record.
    public init(
        time: Date,
        method: String,
        step: String,
        parameters: String,
        ok: Bool,
        status: String,
        result: String?
    ) {
        self.time = time
        self.method = method
        self.step = step
        self.parameters = parameters
        self.ok = ok
        self.status = status
        self.result = result
    }
}
