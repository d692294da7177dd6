/// Every action of the rule language (`do:`), by its name in rules. ``ActionCatalog`` describes each one (arguments,
/// result, the method it performs); code that acts on actions switches over this enum exhaustively, so an action
/// added here cannot be forgotten by the executor.
public enum ActionKind: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    case registerCall = "b24.register_call"
    case showCard = "b24.show_card"
    case hideCard = "b24.hide_card"
    case finishCall = "b24.finish_call"
    case attachRecord = "b24.attach_record"
    case searchCRM = "b24.search_crm"
    case createLead = "b24.create_lead"
    case updateLead = "b24.update_lead"
    case originate = "ami.originate"
    case redirect = "ami.redirect"
    case setVariable = "ami.setvar"
    case hangup = "ami.hangup"
    case setCallValue = "call.set"
    case log = "log"
    case agiSetVariable = "agi.set_variable"
    case agiDone = "agi.done"

    /// The name used in `do:`.
    public var description: String { rawValue }

    /// The action's description in the catalog.
    public var schema: ActionSchema { ActionCatalog.schema(of: self) }
}
