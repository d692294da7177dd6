import AGIProtocol
import Engine

/// The FastAGI requests the pipeline is deciding: per session its call, the commands set so far, the lookups it waits
/// for, and whether the rules said it is done. Pure state; ``CallPipeline`` drives it.
///
/// A session's answer is complete when the rules say so (`agi.done`), or when it waits for nothing more (every lookup
/// its rules asked for has landed and its `call.result` rules have run). Setting the same variable twice keeps the
/// last value.
struct AGIDecisionBook: Sendable {
    struct Session: Sendable {
        var callID: String?
        var variables: [String] = []
        var commands: [String: AGICommand] = [:]
        var done = false
        /// Lookups handed to the session's driver and not landed yet.
        var inFlight: Set<LookupRequest> = []
        /// Lookups asked for and not handed out yet.
        var queued: [LookupRequest] = []

        var decision: AGIDecision {
            AGIDecision(variables.compactMap { commands[$0] })
        }
    }

    private(set) var sessions: [String: Session] = [:]
    private var sessionsByCall: [String: [String]] = [:]
    /// `agi.*` intents whose arguments wait for a result, per call; retried when one lands.
    private(set) var waiting: [String: [ActionIntent]] = [:]

    /// A request of `callID` (nil: the channel belongs to no known call) starts being decided.
    mutating func open(_ id: String, callID: String?) {
        sessions[id] = Session(callID: callID)
        if let callID { sessionsByCall[callID, default: []].append(id) }
    }

    /// Whether `id` is being decided.
    func isOpen(_ id: String) -> Bool { sessions[id] != nil }

    /// Session `id` waits for `request`.
    mutating func queue(_ request: LookupRequest, for id: String) {
        guard sessions[id] != nil, sessions[id]?.inFlight.contains(request) != true,
            sessions[id]?.queued.contains(request) != true
        else { return }
        sessions[id]?.queued.append(request)
    }

    /// Applies an `agi.*` action of call `callID`; returns the sessions it reached.
    @discardableResult
    mutating func apply(_ step: AGIAnswerStep, callID: String?) -> [String] {
        let explicit: String?
        switch step {
        case .command(_, _, let session), .done(let session): explicit = session
        }
        let targets = explicit.map { sessions[$0] == nil ? [] : [$0] } ?? callID.map { sessionsByCall[$0] ?? [] } ?? []
        for id in targets {
            switch step {
            case .command(let command, let variable, _):
                if sessions[id]?.commands[variable] == nil { sessions[id]?.variables.append(variable) }
                sessions[id]?.commands[variable] = command
            case .done:
                sessions[id]?.done = true
            }
        }
        return targets
    }

    /// Keeps an `agi.*` intent whose arguments wait for a result of its call.
    mutating func wait(_ intent: ActionIntent, callID: String) {
        waiting[callID, default: []].append(intent)
    }

    /// The waiting `agi.*` intents of `callID`, removed (to be tried again).
    mutating func takeWaiting(_ callID: String) -> [ActionIntent] {
        waiting.removeValue(forKey: callID) ?? []
    }

    /// A lookup of session `id` landed.
    mutating func landed(_ request: LookupRequest, for id: String) {
        sessions[id]?.inFlight.remove(request)
    }

    /// What session `id` needs next: its queued lookups (now in flight), or its answer when it is done or waits for
    /// nothing more (the session is then closed). Nil for a session that is not open.
    mutating func step(for id: String) -> AGIStep? {
        guard var session = sessions[id] else { return nil }
        if !session.done, !session.queued.isEmpty {
            let handed = session.queued
            session.inFlight.formUnion(handed)
            session.queued = []
            sessions[id] = session
            return .lookups(handed)
        }
        guard session.done || session.inFlight.isEmpty else { return .lookups([]) }
        close(id)
        return .answer(session.decision)
    }

    /// Forgets session `id` (answered, past its deadline, or hung up); returns the lookups it still waited for.
    @discardableResult
    mutating func close(_ id: String) -> [LookupRequest] {
        guard let session = sessions.removeValue(forKey: id) else { return [] }
        if let callID = session.callID {
            sessionsByCall[callID]?.removeAll { $0 == id }
            if sessionsByCall[callID]?.isEmpty == true {
                sessionsByCall[callID] = nil
                waiting[callID] = nil
            }
        }
        return Array(session.inFlight) + session.queued
    }
}
