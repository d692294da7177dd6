/// One Bitrix24 REST method with its parameters and the meaning of its answer: the one encoding of what
/// Switchboard asks a portal, and the one decoding of what the portal answers — the same whether the client sends
/// it at once or a durable outbox sends it later.
///
/// A request that acts on a registered call (show, hide, finish) carries no `CALL_ID`: the sender adds it
/// (``Bitrix24Request/callIDParameter``), from a known id or from the register's result.
public protocol Bitrix24Request: Sendable {
    /// What the method's `result` means.
    associatedtype Answer: Sendable = Bitrix24Value

    /// The REST method (`telephony.externalcall.register`).
    var method: String { get }

    /// The parameters as they go on the wire.
    var parameters: [String: Bitrix24Value] { get }

    /// Reads the method's `result`, tolerant of the portal's quirks (ids as strings, `""` for none).
    static func answer(from result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> Answer
}

extension Bitrix24Request {
    /// The parameter naming the call a request acts on.
    public static var callIDParameter: String { "CALL_ID" }
}

extension Bitrix24Request where Answer == Bitrix24Value {
    /// The answer as the portal sent it.
    public static func answer(from result: Bitrix24Value) -> Bitrix24Value { result }
}
