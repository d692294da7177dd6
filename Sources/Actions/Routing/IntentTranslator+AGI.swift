import AGIProtocol
import Engine
import RuleDSL

extension IntentTranslator {
    /// `agi.set_variable` → a checked `SET VARIABLE` (a name or value that could break the command is an error of the
    /// action); `agi.done` → the end of the answer.
    static func agiAnswer(_ kind: ActionKind, _ arguments: IntentArguments) throws(ExecutionError) -> AGIAnswerStep {
        let session = arguments.optionalString("session")
        guard kind == .agiSetVariable else { return .done(session: session) }
        let name = try arguments.string("name")
        let value = try arguments.string("value")
        do {
            return .command(try AGICommand.setVariable(name, value), variable: name, session: session)
        } catch {
            throw .invalidArgument(action: arguments.action, why: error.description)
        }
    }
}

extension ActionKind {
    /// Whether the action answers a waiting FastAGI request: it is never held behind the call's Bitrix24 work.
    var answersAGI: Bool { self == .agiSetVariable || self == .agiDone }
}
