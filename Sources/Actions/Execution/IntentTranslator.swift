import AMIProtocol
import Adapters
public import Engine
import Logging
public import RuleDSL

/// Turns an action intent, its arguments resolved, into the one method it performs. Pure.
///
/// Step names (unique per call in the outbox, stable across restarts): the register is `register` (later
/// commands read its `CALL_ID`), the finish `finish` (a call is finished once), an action with `as: name`
/// `as:<name>:<action>` (so a result found in the outbox after a restart lands where it belongs); any other
/// command gets `<kind>-<token>` with a token unique to this run.
public enum IntentTranslator {
    /// Where a command's `CALL_ID` comes from.
    public enum CallReference: Sendable, Hashable {
        /// The register's result (it may still be on its way: the scheduler fills it in).
        case register
        /// A known CALL_ID (a call registered elsewhere, e.g. by Bitrix24 for click-to-call).
        case literal(String)
    }

    /// The planned action for `intent` with `arguments` resolved (no deferred values left but, for `call`,
    /// the register's CALL_ID, given as `callReference`). `token` makes step names unique within the run.
    public static func plan(
        _ intent: ActionIntent,
        arguments values: [String: Value],
        callReference: CallReference?,
        token: String
    ) throws(ExecutionError) -> PlannedAction {
        let arguments = IntentArguments(action: intent.action, values: values)
        let callKey = intent.callID ?? "no-call"
        func withCall(_ command: DeliveryCommand) throws(ExecutionError) -> DeliveryCommand {
            var command = command
            command.resultBinding = intent.binding
            switch callReference {
            case .register?: command.bindings["CALL_ID"] = .callID
            case .literal(let callID)?:
                command.bindings["CALL_ID"] = nil
                command.params["CALL_ID"] = .string(callID)
            case nil: throw .missingArgument(action: intent.action, argument: "call")
            }
            return command
        }
        let step = intent.binding.map { Self.step(binding: $0, action: intent.action) }
        switch intent.kind {
        case .registerCall:
            var command = DeliveryCommand.register(callKey: callKey, params: try registerParameters(arguments))
            command.resultBinding = intent.binding
            return .deliver(command)
        case .showCard:
            return .deliver(
                try withCall(
                    .show(callKey: callKey, step: step ?? "show-\(token)", userIDs: try arguments.ints("users"))
                )
            )
        case .hideCard:
            return .deliver(
                try withCall(
                    .hide(callKey: callKey, step: step ?? "hide-\(token)", userIDs: try arguments.ints("users"))
                )
            )
        case .finishCall:
            return .deliver(
                try withCall(.finish(callKey: callKey, params: try finishParameters(arguments), step: step ?? "finish"))
            )
        case .searchCRM:
            var command = DeliveryCommand(
                callKey: callKey,
                step: step ?? "search-\(token)",
                method: "telephony.externalcall.searchCrmEntities",
                params: ["PHONE_NUMBER": .string(try arguments.string("phone"))]
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .createLead:
            let phone = try arguments.string("phone")
            var fields: [String: Bitrix24Value] = [
                "TITLE": .string(try arguments.string("title")),
                "PHONE": .array([.object(["VALUE": .string(phone), "VALUE_TYPE": .string("WORK")])]),
            ]
            if let responsible = try arguments.optionalInt("responsible") {
                fields["ASSIGNED_BY_ID"] = .int(responsible)
            }
            if let source = arguments.optionalString("source") { fields["SOURCE_ID"] = .string(source) }
            var command = DeliveryCommand.addLead(
                callKey: callKey,
                phone: phone,
                fields: fields,
                step: step ?? "lead-\(token)"
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .updateLead:
            var command = DeliveryCommand(
                callKey: callKey,
                step: step ?? "lead-update-\(token)",
                method: "crm.lead.update",
                params: [
                    "id": .int(try arguments.int("lead")),
                    "fields": .object(["ASSIGNED_BY_ID": .int(try arguments.int("responsible"))]),
                ]
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .agiSetVariable, .agiDone:
            return .answerAGI(try agiAnswer(intent.kind, arguments))
        case .attachRecord:
            throw .unsupported(action: intent.action, why: "recordings are attached by a later release")
        case .originate:
            var originate = AMIOriginate(
                channel: try arguments.string("channel"),
                destination: .dialplan(
                    context: try arguments.string("context"),
                    exten: try arguments.string("exten"),
                    priority: try arguments.optionalInt("priority") ?? 1
                ),
                timeoutMilliseconds: try arguments.optionalInt("timeout_seconds").map { $0 * 1000 },
                callerID: arguments.optionalString("caller_id")
            )
            originate.variables = arguments.stringMap("variables").map { (name: $0.0, value: $0.1) }
            return .originate(originate)
        case .redirect:
            return .ami(
                .redirect(
                    channel: try arguments.string("channel"),
                    context: try arguments.string("context"),
                    exten: try arguments.string("exten"),
                    priority: try arguments.optionalInt("priority") ?? 1
                )
            )
        case .setVariable:
            return .ami(
                .setvar(
                    channel: try arguments.string("channel"),
                    variable: try arguments.string("variable"),
                    value: try arguments.string("value")
                )
            )
        case .hangup:
            return .ami(.hangup(channel: try arguments.string("channel"), cause: try arguments.optionalInt("cause")))
        case .log:
            let level = arguments.optionalString("level").flatMap(Logger.Level.init(rawValue:)) ?? .info
            return .log(level, try arguments.string("message"))
        case .setCallValue:
            return .applied
        }
    }

    /// The step of an action whose result binds to `binding`.
    public static func step(binding: String, action: String) -> String { "as:\(binding):\(action)" }

    /// The binding and action of a step made by ``step(binding:action:)``.
    public static func binding(ofStep step: String) -> (binding: String, action: String)? {
        let parts = step.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "as", !parts[1].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    static let callTypes = ["outgoing": 1, "incoming": 2, "incoming_redirect": 3, "callback": 4, "information": 5]

    static func registerParameters(_ arguments: IntentArguments) throws(ExecutionError) -> [String: Bitrix24Value] {
        guard let type = callTypes[try arguments.string("type")] else {
            throw .wrongType(action: arguments.action, argument: "type", expected: "one of \(callTypes.keys.sorted())")
        }
        var params: [String: Bitrix24Value] = [
            "TYPE": .int(type),
            "PHONE_NUMBER": .string(try arguments.string("phone")),
            "USER_ID": .int(try arguments.int("user")),
            "EXTERNAL_CALL_ID": .string(try arguments.string("external_call_id")),
        ]
        if let line = arguments.optionalString("line") { params["LINE_NUMBER"] = .string(line) }
        if let start = arguments.optionalString("start_date") { params["CALL_START_DATE"] = .string(start) }
        if let create = arguments.optionalBool("crm_create") { params["CRM_CREATE"] = .int(create ? 1 : 0) }
        if let source = arguments.optionalString("crm_source") { params["CRM_SOURCE"] = .string(source) }
        if let type = arguments.optionalString("crm_entity_type"), let id = try arguments.optionalInt("crm_entity_id") {
            params["CRM_ENTITY_TYPE"] = .string(type)
            params["CRM_ENTITY_ID"] = .int(id)
        }
        if let show = arguments.optionalBool("show") { params["SHOW"] = .int(show ? 1 : 0) }
        if let list = try arguments.optionalInt("call_list_id") { params["CALL_LIST_ID"] = .int(list) }
        return params
    }

    static func finishParameters(_ arguments: IntentArguments) throws(ExecutionError) -> [String: Bitrix24Value] {
        var params: [String: Bitrix24Value] = [
            "USER_ID": .int(try arguments.int("user")),
            "DURATION": .int(max(0, try arguments.int("duration"))),
        ]
        if let status = arguments.optionalString("status") { params["STATUS_CODE"] = .string(status) }
        if let reason = arguments.optionalString("failed_reason") { params["FAILED_REASON"] = .string(reason) }
        if let cost = arguments.optionalDouble("cost") { params["COST"] = .double(cost) }
        if let currency = arguments.optionalString("cost_currency") { params["COST_CURRENCY"] = .string(currency) }
        if let vote = try arguments.optionalInt("vote") { params["VOTE"] = .int(vote) }
        if let chat = arguments.optionalBool("add_to_chat") { params["ADD_TO_CHAT"] = .int(chat ? 1 : 0) }
        return params
    }
}
