/// The path of an action result that is not known yet, e.g. `call.b24.call_id` while
/// `b24.register_call` waits in the Bitrix24 queue.
public struct DeferredReference: Sendable, Hashable, CustomStringConvertible {
    /// The path from a root variable: `["call", "b24", "call_id"]`.
    public var path: [String]

    /// Creates a reference.
    public init(_ path: [String]) {
        self.path = path
    }

    /// The reference one field deeper.
    public func appending(_ field: String) -> DeferredReference {
        DeferredReference(path + [field])
    }

    public var description: String { path.joined(separator: ".") }
}

/// A value that cannot be computed yet because it depends on an action result that has not arrived.
///
/// The engine places `.deferred(.reference(["call", "b24"]))` in the evaluation variables where a bound
/// result (`as: b24`) is pending. Then:
///
/// - In ``EvaluationContext/Mode/condition`` (`when:`), reading a deferred value — the variable itself or
///   any field below it — raises ``EvaluationError/absent(_:)``: `has(call.b24.call_id)` is false,
///   `call.b24.call_id ?? "none"` is `"none"`, and a comparison with it is an error that `&&`/`||`
///   absorb. A condition sees the result only once it has landed.
/// - In ``EvaluationContext/Mode/argument`` (action arguments and templates), a deferred value travels
///   symbolically: member access and indexing with a key extend the path (`call.b24` →
///   `call.b24.call_id`), a template or `+` joining text with it gives ``concatenation(_:)``, `string()`
///   keeps it, lists and maps may hold it, and `a ?? b` with a deferred `a` gives ``fallback(_:_:)``:
///   `a` once known, `b` if `a` turns out absent (the resolver answers `.null` for a result that landed
///   without that field, or never landed). Every other use (comparison, `in`, arithmetic, function arguments, `has()`,
/// a `? :`
///   condition, `&&`/`||`) raises ``EvaluationError/deferred(_:)``, because the outcome cannot be
///   known yet. The
///   executor resolves the argument with ``Value/resolvingDeferred(_:)`` just before sending the action,
///   once the results it depends on have landed (a `b24.show_card` waits for the register's
///   `CALL_ID`); if a result never lands, the dependent action fails with the reference in its error.
public indirect enum DeferredValue: Sendable, Hashable, CustomStringConvertible {
    /// The value at a path, to be looked up once known.
    case reference(DeferredReference)
    /// Text made of parts, some of them deferred: the parts' text (see ``Value/interpolationText``)
    /// joined once every reference is resolved.
    case concatenation([Value])
    /// `a ?? b` with a deferred `a`: `a` once resolved, `b` when `a` resolves to null (known to be absent).
    case fallback(Value, Value)

    /// The resolved value, or nil if some reference is still unknown (`resolve` returns nil) or a
    /// resolved part of a concatenation cannot be shown as text.
    public func resolve(_ resolve: (DeferredReference) -> Value?) -> Value? {
        switch self {
        case .reference(let reference):
            guard let value = resolve(reference) else { return nil }
            return value.containsDeferred ? value.resolvingDeferred(resolve) : value
        case .concatenation(let parts):
            var text = ""
            for part in parts {
                guard let value = part.resolvingDeferred(resolve), let piece = try? value.interpolationText() else {
                    return nil
                }
                text += piece
            }
            return .string(text)
        case .fallback(let preferred, let otherwise):
            guard let value = preferred.resolvingDeferred(resolve) else { return nil }
            if case .null = value { return otherwise.resolvingDeferred(resolve) }
            return value
        }
    }

    /// Every reference the value waits for, in order of appearance.
    public var references: [DeferredReference] {
        switch self {
        case .reference(let reference): [reference]
        case .concatenation(let parts):
            parts.flatMap { part -> [DeferredReference] in
                if case .deferred(let inner) = part { inner.references } else { [] }
            }
        case .fallback(let preferred, _):
            if case .deferred(let inner) = preferred { inner.references } else { [] }
        }
    }

    public var description: String {
        switch self {
        case .reference(let reference): "${\(reference)}"
        case .concatenation(let parts):
            parts.map { part in
                if case .deferred(let inner) = part {
                    inner.description
                } else {
                    (try? part.interpolationText()) ?? "?"
                }
            }.joined()
        case .fallback(let preferred, let otherwise):
            "\(preferred) ?? \(otherwise)"
        }
    }
}
