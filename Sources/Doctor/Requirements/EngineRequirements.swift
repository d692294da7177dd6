public import AMIProtocol
import Adapters
import Engine
public import RuleDSL

/// What Asterisk and the portal must allow for the loaded rules: the AMI events the engine reads (the call model's,
/// the engine queues' when the rules declare any, and those the rules name), the write classes of the AMI actions it
/// sends, the webhook scopes of the Bitrix24 methods it calls. Derived from the rule set and the catalogs, so
/// `engine doctor` and `engine asterisk manager-conf` always agree.
public struct EngineRequirements: Sendable {
    /// An AMI action the engine sends and the write classes (any one of them) it needs.
    public struct WriteNeed: Sendable, Hashable {
        /// The AMI action, e.g. `Originate`.
        public var action: String
        /// Any one of these classes in `write =` suffices; nil when the action's classes are not known.
        public var anyOf: [String]?
        /// What sends it.
        public var purposes: [String]
    }

    /// A webhook scope and what needs it.
    public struct ScopeNeed: Sendable, Hashable {
        public var scope: String
        public var purposes: [String]
    }

    /// The AMI events the engine reads, each once (an event needed whole is not also listed narrowed).
    public private(set) var events: [AMIEventNeed]
    /// The AMI actions the engine may send.
    public private(set) var writes: [WriteNeed]
    /// The webhook scopes the engine's methods need.
    public private(set) var scopes: [ScopeNeed]

    /// The requirements of the engine with `ruleSet` (nil: the engine's own needs only).
    public init(ruleSet: CompiledRuleSet?) {
        var events = CallModel.amiInputs
        if let queues = ruleSet?.queues, !queues.isEmpty { events += QueueDialplanLoop.amiInputs }
        var writes = [WriteNeed(action: "CoreShowChannels", anyOf: ["system", "reporting"], purposes: ["resync"])]
        var scopes = [ScopeNeed(scope: "user", purposes: ["the user directory (user.get)"])]
        for rule in ruleSet?.rules ?? [] {
            for event in rule.events where EventCatalog.event(named: event)?.origin == .ami {
                events.append(AMIEventNeed(event, for: "rule \(rule.id) (on: \(event))"))
            }
            for action in rule.actions {
                let purpose = "\(action.name) in rule \(rule.id)"
                if action.name.hasPrefix("ami.") {
                    let anyOf = AMIActionAuthority.writeClasses(for: action.schema.performs)
                    Self.add(&writes, WriteNeed(action: action.schema.performs, anyOf: anyOf, purposes: [purpose]))
                } else if let scope = Bitrix24Scope.required(forMethod: action.schema.performs),
                    action.name.hasPrefix("b24.")
                {
                    Self.add(&scopes, ScopeNeed(scope: scope, purposes: [purpose]))
                }
            }
        }
        if writes.contains(where: { $0.action.lowercased() == "originate" }) {
            events.append(AMIEventNeed("OriginateResponse", for: "the outcome of ami.originate"))
        }
        self.events = Self.merged(events)
        self.writes = writes
        self.scopes = scopes
    }

    /// The classes `read =` (and the login's `Events:` mask) must hold.
    public var readClasses: AMIClassSet {
        AMIClassSet(events.compactMap(\.eventClass))
    }

    /// The events of `class`, for messages.
    public func events(ofClass label: String) -> [AMIEventNeed] {
        events.filter { $0.eventClass == label }
    }

    /// The smallest `write =` that satisfies every need: for each action, its least powerful class unless one
    /// already chosen covers it.
    public var minimalWriteClasses: AMIClassSet {
        let preference = ["reporting", "call", "originate", "agent", "user", "dtmf", "system", "config", "command"]
        var chosen = AMIClassSet.none
        for need in writes {
            guard let anyOf = need.anyOf, !anyOf.isEmpty, !chosen.containsAny(of: anyOf) else { continue }
            let pick = preference.first { anyOf.contains($0) } ?? anyOf[0]
            chosen = chosen.union(AMIClassSet([pick]))
        }
        return chosen
    }

    private static func add(_ writes: inout [WriteNeed], _ need: WriteNeed) {
        if let index = writes.firstIndex(where: { $0.action.lowercased() == need.action.lowercased() }) {
            writes[index].purposes += need.purposes.filter { !writes[index].purposes.contains($0) }
        } else {
            writes.append(need)
        }
    }

    private static func add(_ scopes: inout [ScopeNeed], _ need: ScopeNeed) {
        if let index = scopes.firstIndex(where: { $0.scope == need.scope }) {
            scopes[index].purposes += need.purposes.filter { !scopes[index].purposes.contains($0) }
        } else {
            scopes.append(need)
        }
    }

    /// One need per event: a whole event replaces narrowed needs of the same event; purposes are joined.
    private static func merged(_ needs: [AMIEventNeed]) -> [AMIEventNeed] {
        var result: [AMIEventNeed] = []
        for need in needs {
            if let index = result.firstIndex(where: { $0.event == need.event }) {
                let existing = result[index]
                let whole = existing.header == nil || need.header == nil
                let sameNarrowing = existing.header == need.header && existing.value == need.value
                if whole || sameNarrowing {
                    result[index] = AMIEventNeed(
                        need.event,
                        header: whole ? nil : need.header,
                        value: whole ? nil : need.value,
                        for: existing.purpose + "; " + need.purpose
                    )
                } else {
                    result.append(need)
                }
            } else {
                result.append(need)
            }
        }
        return result
    }
}
