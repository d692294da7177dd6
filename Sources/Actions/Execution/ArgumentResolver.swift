public import Engine
public import RuleDSL

/// Resolves an intent's deferred arguments against the results landed so far in its call.
///
/// A reference `call.<name>.<field>…` resolves once `<name>`'s result has landed (to null when the result has
/// no such field, or the action was given up, so `a ?? b` falls back to `b`); until then the intent waits.
/// The `call` argument of a card, finish or record action reading `call.<name>.call_id` of a register still
/// on its way does not wait: the scheduler fills the CALL_ID in (in the same batch when it can).
public struct ArgumentResolver: Sendable {
    /// Results landed in the call, by `as:` name (null: given up).
    public var landed: [String: Value]

    /// A resolver over `landed`.
    public init(landed: [String: Value]) {
        self.landed = landed
    }

    /// What resolving gave.
    public enum Resolution: Sendable, Equatable {
        /// Ready: the arguments, and where `CALL_ID` comes from (nil when the action has no `call` argument).
        case ready([String: Value], IntentTranslator.CallReference?)
        /// Waiting for this reference's result.
        case waiting(DeferredReference)
    }

    /// Resolves `intent`'s arguments.
    public func resolve(_ intent: ActionIntent) -> Resolution {
        var arguments = intent.arguments
        var callReference: IntentTranslator.CallReference?
        if let call = arguments["call"] {
            switch call {
            case .string(let callID):
                callReference = .literal(callID)
            case .deferred(.reference(let reference)) where isRegisterCallID(reference):
                callReference = .register
            default:
                break
            }
            arguments["call"] = nil
        }
        var resolved: [String: Value] = [:]
        for (name, value) in arguments {
            guard value.containsDeferred else {
                resolved[name] = value
                continue
            }
            var missing: DeferredReference?
            let result = value.resolvingDeferred { reference in
                let answer = lookup(reference)
                if answer == nil, missing == nil { missing = reference }
                return answer
            }
            guard let result else { return .waiting(missing ?? DeferredReference([])) }
            if case .null = result { continue }
            resolved[name] = result
        }
        if callReference == nil, let call = intent.arguments["call"], call.containsDeferred {
            // `call.<name>.call_id` of a result that has landed: the CALL_ID is known.
            switch call.resolvingDeferred(lookup) {
            case .string(let callID)?: callReference = .literal(callID)
            case nil: return .waiting(DeferredValue.references(in: call).first ?? DeferredReference([]))
            default: break
            }
        }
        return .ready(resolved, callReference)
    }

    /// A reference to a register's CALL_ID whose result has not landed (`call.b24.call_id`).
    private func isRegisterCallID(_ reference: DeferredReference) -> Bool {
        reference.path.count == 3 && reference.path[0] == "call" && reference.path[2] == "call_id"
            && landed[reference.path[1]] == nil
    }

    /// The value at `reference`, null when known to be absent, nil while its result is on its way.
    func lookup(_ reference: DeferredReference) -> Value? {
        let path = reference.path
        guard path.count >= 2, path[0] == "call", var value = landed[path[1]] else { return nil }
        for field in path.dropFirst(2) {
            guard case .map(let fields) = value, let next = fields[field] else { return .null }
            value = next
        }
        return value
    }
}

extension DeferredValue {
    /// The references a value waits for.
    static func references(in value: Value) -> [DeferredReference] {
        switch value {
        case .deferred(let deferred): deferred.references
        case .list(let elements): elements.flatMap(references(in:))
        case .map(let entries): entries.values.flatMap(references(in:))
        default: []
        }
    }
}
