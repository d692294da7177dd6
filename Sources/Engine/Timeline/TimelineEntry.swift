public import Foundation
public import RuleDSL

/// One line of the engine's timeline: what happened (an engine event, or an AMI event some rule reacts to)
/// and what the rules would do about it.
public struct TimelineEntry: Sendable {
    /// What the rules reacted to.
    public enum Trigger: Sendable {
        /// An AMI event by name (`on: AgentConnect`).
        case ami(name: String)
        /// An engine event.
        case engine(EngineEvent)
        /// A FastAGI request (`agi.request`) of this session.
        case agi(session: String)
    }

    /// When it happened.
    public var time: Date
    public var trigger: Trigger
    /// The call concerned, if any.
    public var callID: String?
    /// The intents the rules produced, in order.
    public var intents: [ActionIntent] = []
    /// Actions that fired but could not be evaluated.
    public var issues: [InterpretationIssue] = []
    /// The rules that fired.
    public var firedRules: [String] = []
    /// What the rules read as `event` (only when some rule reacts to the trigger).
    public var payload: Value = .null
    /// What the rules read as `call`, as it was when they ran.
    public var call: Value?
    /// Where an action of a rule changed the call (a card shown, a `call.set`) for the rules after it.
    public var callChanges: [RuleInterpreter.CallChange] = []

    /// The engine event, when the trigger is one.
    public var event: EngineEvent? {
        if case .engine(let event) = trigger { event } else { nil }
    }

    /// The trigger's name (`call.ringing`, `AgentConnect`).
    public var name: String {
        switch trigger {
        case .ami(let name): name
        case .engine(let event): event.name
        case .agi: "agi.request"
        }
    }
}
