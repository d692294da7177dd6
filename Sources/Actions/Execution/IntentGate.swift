public import Engine
public import Foundation
public import RuleDSL

/// When each action intent may run, as a pure state machine: per call, intents run in the order the rules made them;
/// one that waits for a result (`call.crm.responsible` before the CRM search answered) holds the call's later intents
/// behind it until the result lands, or until it has waited ``limit`` — then the result it waits for counts as given
/// up (`a ?? b` takes `b`) and the call goes on. Time is an input; the driver (``CallPipeline``) wakes it at
/// ``nextDeadline``, so on a manual clock the limit is exact.
public struct IntentGate: Sendable {
    /// An intent whose arguments are resolved: run it.
    public struct Ready: Sendable, Equatable {
        /// The intent.
        public let intent: ActionIntent
        /// Its arguments, no deferred value left but `call` (see ``callReference``).
        public let arguments: [String: Value]
        /// Where its `CALL_ID` comes from (nil when it has no `call` argument).
        public let callReference: IntentTranslator.CallReference?

        /// A resolved intent.
        public init(intent: ActionIntent, arguments: [String: Value], callReference: IntentTranslator.CallReference?) {
            self.intent = intent
            self.arguments = arguments
            self.callReference = callReference
        }
    }

    /// What became of an intent the rules made.
    public enum Decision: Sendable, Equatable {
        /// It may run now.
        case run(Ready)
        /// It waits for this reference's result, holding its call's later intents.
        case waits(for: DeferredReference)
        /// An earlier intent of its call waits: it queues behind it.
        case queued
    }

    /// A result given up because it did not come within the limit.
    public struct Expiry: Sendable, Equatable {
        /// The call.
        public let callID: String
        /// The `as:` name whose result is given up.
        public let binding: String
        /// The reference the head intent waited for.
        public let reference: DeferredReference
        /// The intent that waited.
        public let intent: ActionIntent
    }

    private struct Held: Sendable {
        var intents: [ActionIntent]
        /// Since when the first of them waits.
        var since: Date
    }

    /// How long an intent waits for a result before the result counts as given up.
    public let limit: Duration
    /// Ended calls whose landed results are kept (late results still land), oldest dropped first.
    public let endedCallsKept: Int
    private var held: [String: Held] = [:]
    private var landed: [String: [String: Value]] = [:]
    private var ended: [String] = []
    private var endedSet: Set<String> = []

    /// A gate whose intents wait at most `limit` for a result.
    public init(limit: Duration = .seconds(30), endedCallsKept: Int = 10_000) {
        self.limit = limit
        self.endedCallsKept = max(0, endedCallsKept)
    }

    // MARK: Queries

    /// Whether `callID` has intents waiting.
    public func isHolding(_ callID: String) -> Bool { held[callID] != nil }

    /// Intents waiting, over all calls.
    public var heldCount: Int { held.values.reduce(0) { $0 + $1.intents.count } }

    /// The results landed in `callID`, by `as:` name (null: given up).
    public func results(of callID: String) -> [String: Value] { landed[callID] ?? [:] }

    /// When the oldest wait reaches the limit (nil when nothing waits).
    public var nextDeadline: Date? {
        held.values.map(\.since).min().map { $0.addingTimeInterval(limit.seconds) }
    }

    // MARK: Inputs

    /// An intent the rules made at `now`.
    public mutating func submit(_ intent: ActionIntent, now: Date) -> Decision {
        guard let callID = intent.callID else {
            return decide(intent, landed: [:]).map(Decision.run) ?? .waits(for: waitingReference(intent, [:]))
        }
        if held[callID] != nil {
            held[callID]?.intents.append(intent)
            return .queued
        }
        if let ready = decide(intent, landed: landed[callID] ?? [:]) { return .run(ready) }
        held[callID] = Held(intents: [intent], since: now)
        return .waits(for: waitingReference(intent, landed[callID] ?? [:]))
    }

    /// A result landed in `callID` under `binding` (nil: given up) at `now`: the held intents that may now run, in
    /// order. The rest keep waiting; a new head starts its own wait.
    public mutating func land(_ binding: String, value: Value?, in callID: String, now: Date) -> [Ready] {
        landed[callID, default: [:]][binding] = value ?? .null
        guard var waiting = held[callID] else { return [] }
        var ready: [Ready] = []
        let results = landed[callID] ?? [:]
        while let next = waiting.intents.first, let resolved = decide(next, landed: results) {
            ready.append(resolved)
            waiting.intents.removeFirst()
        }
        if waiting.intents.isEmpty {
            held[callID] = nil
        } else {
            if !ready.isEmpty { waiting.since = now }
            held[callID] = waiting
        }
        return ready
    }

    /// Time passed: the results waited for since `limit` or longer, to be given up (each through ``land`` with nil,
    /// which releases what waits for it).
    public mutating func tick(now: Date) -> [Expiry] {
        var expiries: [Expiry] = []
        for (callID, waiting) in held.sorted(by: { $0.key < $1.key })
        where now.timeIntervalSince(waiting.since) >= limit.seconds {
            guard let head = waiting.intents.first else { continue }
            let reference = waitingReference(head, landed[callID] ?? [:])
            guard reference.path.count >= 2, reference.path[0] == "call" else {
                // Nothing that can land: give the head up (it runs with what it has, or fails).
                held[callID]?.since = now
                continue
            }
            expiries.append(Expiry(callID: callID, binding: reference.path[1], reference: reference, intent: head))
            // Should giving the result up not release the head, it waits another full limit (never a busy loop).
            held[callID]?.since = now
        }
        return expiries
    }

    /// Results landed before a restart, so restored calls' intents resolve.
    public mutating func restore(_ results: [String: Value], in callID: String) {
        for (name, value) in results { landed[callID, default: [:]][name] = value }
    }

    /// `callID` ended: its results are kept for a while (late results still land), then dropped unless it still has
    /// intents waiting.
    public mutating func callEnded(_ callID: String) {
        guard endedSet.insert(callID).inserted else { return }
        ended.append(callID)
        while ended.count > endedCallsKept {
            let oldest = ended.removeFirst()
            endedSet.remove(oldest)
            if held[oldest] == nil { landed[oldest] = nil }
        }
    }

    // MARK: Helpers

    private func decide(_ intent: ActionIntent, landed: [String: Value]) -> Ready? {
        guard case .ready(let arguments, let reference) = ArgumentResolver(landed: landed).resolve(intent) else {
            return nil
        }
        return Ready(intent: intent, arguments: arguments, callReference: reference)
    }

    private func waitingReference(_ intent: ActionIntent, _ landed: [String: Value]) -> DeferredReference {
        if case .waiting(let reference) = ArgumentResolver(landed: landed).resolve(intent) { return reference }
        return DeferredReference([])
    }
}
