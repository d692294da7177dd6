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
    /// The longest originate timeout: a day. Asterisk reads milliseconds into a C int.
    static let maximumOriginateTimeoutSeconds = 86_400

    /// `timeout_seconds` of an originate in milliseconds, clamped to 1 s … a day (a value from a rule or a CRM
    /// field times 1000 must not overflow).
    static func originateTimeout(_ seconds: Int) -> Int {
        min(max(seconds, 1), maximumOriginateTimeoutSeconds) * 1000
    }

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
            case .register?: command.bindings[DeliveryCommand.callIDParameter] = .callID
            case .literal(let callID)?:
                command.bindings[DeliveryCommand.callIDParameter] = nil
                command.params[DeliveryCommand.callIDParameter] = .string(callID)
            case nil: throw .missingArgument(action: intent.action, argument: "call")
            }
            return command
        }
        let step = intent.binding.map { Self.step(binding: $0, action: intent.action) }
        switch intent.kind {
        case .registerCall:
            var command = DeliveryCommand.register(callKey: callKey, try registerRequest(arguments))
            command.resultBinding = intent.binding
            return .deliver(command)
        case .showCard:
            let request = Bitrix24CardRequest(showingTo: try arguments.ints("users"))
            return .deliver(try withCall(.card(callKey: callKey, step: step ?? "show-\(token)", request)))
        case .hideCard:
            let request = Bitrix24CardRequest(hidingFrom: try arguments.ints("users"))
            return .deliver(try withCall(.card(callKey: callKey, step: step ?? "hide-\(token)", request)))
        case .finishCall:
            return .deliver(
                try withCall(.finish(callKey: callKey, try finishRequest(arguments), step: step ?? "finish"))
            )
        case .searchCRM:
            var command = DeliveryCommand(
                callKey: callKey,
                step: step ?? "search-\(token)",
                request: Bitrix24CrmSearchRequest(phoneNumber: try arguments.string("phone"))
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .createLead:
            let phone = try arguments.string("phone")
            let fields = Bitrix24LeadFields(
                title: try arguments.string("title"),
                sourceID: arguments.optionalString("source"),
                assignedByID: try arguments.optionalInt("responsible"),
                phones: [(phone, "WORK")]
            )
            var command = DeliveryCommand.addLead(
                callKey: callKey,
                Bitrix24AddLeadRequest(fields),
                phone: phone,
                step: step ?? "lead-\(token)"
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .updateLead:
            var command = DeliveryCommand(
                callKey: callKey,
                step: step ?? "lead-update-\(token)",
                request: Bitrix24UpdateLeadRequest(
                    leadID: try arguments.int("lead"),
                    assignedByID: try arguments.int("responsible")
                )
            )
            command.resultBinding = intent.binding
            return .deliver(command)
        case .agiSetVariable, .agiDone:
            return .answerAGI(try agiAnswer(intent.kind, arguments))
        case .attachRecord:
            guard callReference != nil else { throw .missingArgument(action: intent.action, argument: "call") }
            return .record(RecordingRequest(callKey: callKey, file: try arguments.string("file"), rule: intent.ruleID))
        case .originate:
            var originate = AMIOriginate(
                channel: try arguments.string("channel"),
                destination: .dialplan(
                    context: try arguments.string("context"),
                    exten: try arguments.string("exten"),
                    priority: try arguments.optionalInt("priority") ?? 1
                ),
                timeoutMilliseconds: try arguments.optionalInt("timeout_seconds").map(Self.originateTimeout),
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

    /// `b24.register_call`'s `type` words.
    static let callTypes: [String: Bitrix24CallType] = [
        "outgoing": .outgoing, "incoming": .incoming, "incoming_redirect": .incomingWithRedirect,
        "callback": .callback, "information": .information,
    ]

    static func registerRequest(_ arguments: IntentArguments) throws(ExecutionError) -> Bitrix24RegisterCallRequest {
        guard let type = callTypes[try arguments.string("type")] else {
            throw .wrongType(action: arguments.action, argument: "type", expected: "one of \(callTypes.keys.sorted())")
        }
        var crmEntity: Bitrix24CrmEntityReference?
        if let type = arguments.optionalString("crm_entity_type"), let id = try arguments.optionalInt("crm_entity_id") {
            crmEntity = Bitrix24CrmEntityReference(type: type, id: id)
        }
        return Bitrix24RegisterCallRequest(
            user: .id(try arguments.int("user")),
            phoneNumber: try arguments.string("phone"),
            type: type,
            startDate: try arguments.optionalDate("start_date"),
            createCrmEntity: arguments.optionalBool("crm_create"),
            crmSource: arguments.optionalString("crm_source"),
            crmEntity: crmEntity,
            show: arguments.optionalBool("show"),
            callListID: try arguments.optionalInt("call_list_id"),
            lineNumber: arguments.optionalString("line"),
            externalCallID: try arguments.string("external_call_id")
        )
    }

    static func finishRequest(_ arguments: IntentArguments) throws(ExecutionError) -> Bitrix24FinishCallRequest {
        Bitrix24FinishCallRequest(
            user: .id(try arguments.int("user")),
            duration: try arguments.int("duration"),
            statusCode: arguments.optionalString("status"),
            failedReason: arguments.optionalString("failed_reason"),
            cost: arguments.optionalDouble("cost"),
            costCurrency: arguments.optionalString("cost_currency"),
            vote: try arguments.optionalInt("vote"),
            addToChat: arguments.optionalBool("add_to_chat")
        )
    }
}
