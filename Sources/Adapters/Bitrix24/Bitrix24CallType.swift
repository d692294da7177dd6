import Foundation

/// `TYPE` of `telephony.externalcall.register`.
public enum Bitrix24CallType: Int, Sendable, Hashable {
    case outgoing = 1
    case incoming = 2
    case incomingWithRedirect = 3
    case callback = 4
    case information = 5
}
