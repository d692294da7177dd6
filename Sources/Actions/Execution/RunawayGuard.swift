public import Foundation
public import RuleDSL

/// Stops a rule storm — a rule that triggers itself (`call.result` → an action `as:` the same name, `call.started`
/// → `ami.originate`) — before it floods the PBX or the portal: every call has a budget of actions, and AMI actions
/// share a rate limit. Pure: the pipeline asks it before executing an intent and reports what it refused.
///
/// Registering, finishing and hiding are never refused: a call must not stay open, or a card shown, because a
/// runaway rule spent the call's budget.
public struct RunawayGuard: Sendable {
    /// The limits.
    public struct Limits: Sendable, Equatable {
        /// Actions one call may run (besides register, finish and hide).
        public var actionsPerCall: Int
        /// AMI actions one call may send.
        public var amiActionsPerCall: Int
        /// AMI actions per second, all calls together, after a burst of ``amiBurst``.
        public var amiPerSecond: Double
        /// AMI actions that may go at once.
        public var amiBurst: Int

        /// Limits far above what a sane call needs: a queue of 50 members ringing 5 rounds shows and hides
        /// 500 cards; a click-to-call or a transfer sends a handful of AMI actions.
        public static let standard = Limits(
            actionsPerCall: 1_000,
            amiActionsPerCall: 30,
            amiPerSecond: 20,
            amiBurst: 40
        )

        /// Creates limits.
        public init(actionsPerCall: Int, amiActionsPerCall: Int, amiPerSecond: Double, amiBurst: Int) {
            self.actionsPerCall = actionsPerCall
            self.amiActionsPerCall = amiActionsPerCall
            self.amiPerSecond = amiPerSecond
            self.amiBurst = amiBurst
        }
    }

    /// What the guard decided.
    public enum Verdict: Sendable, Equatable {
        /// Run it.
        case allowed
        /// The call spent its budget of actions (or of AMI actions); `firstTime` is true once per call and kind.
        case overCallBudget(limit: Int, firstTime: Bool)
        /// AMI actions go faster than the rate limit.
        case amiRateLimited
    }

    /// The limits in force.
    public let limits: Limits
    private var spent: [String: (actions: Int, ami: Int)] = [:]
    private var spentOrder: [String] = []
    private var reported: Set<String> = []
    private var amiBucket: LeakyBucket
    /// Calls remembered at most (the oldest are forgotten first; an ended call's results may still come).
    static let remembered = 4_096

    /// A guard with `limits`.
    public init(limits: Limits = .standard) {
        self.limits = limits
        amiBucket = LeakyBucket(capacity: Double(limits.amiBurst), drainPerSecond: limits.amiPerSecond)
    }

    /// Whether `action` of `callID` may run at `now`; counts it when it may.
    public mutating func admit(_ action: ActionKind, callID: String?, at now: Date) -> Verdict {
        if Self.neverRefused.contains(action) { return .allowed }
        let isAMI = action.rawValue.hasPrefix("ami.")
        if let callID {
            var used = spent[callID] ?? (actions: 0, ami: 0)
            if used.actions >= limits.actionsPerCall {
                return .overCallBudget(limit: limits.actionsPerCall, firstTime: reported.insert(callID).inserted)
            }
            if isAMI, used.ami >= limits.amiActionsPerCall {
                return .overCallBudget(limit: limits.amiActionsPerCall, firstTime: reported.insert(callID).inserted)
            }
            if isAMI, !amiBucket.admit(at: now) { return .amiRateLimited }
            if spent[callID] == nil { remember(callID) }
            used.actions += 1
            if isAMI { used.ami += 1 }
            spent[callID] = used
            return .allowed
        }
        if isAMI, !amiBucket.admit(at: now) { return .amiRateLimited }
        return .allowed
    }

    private static let neverRefused: Set<ActionKind> = [.registerCall, .finishCall, .hideCard, .log, .setCallValue]

    private mutating func remember(_ callID: String) {
        spentOrder.append(callID)
        if spentOrder.count > Self.remembered {
            let forgotten = spentOrder.removeFirst()
            spent[forgotten] = nil
            reported.remove(forgotten)
        }
    }
}
