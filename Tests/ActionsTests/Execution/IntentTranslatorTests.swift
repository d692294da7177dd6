import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import Logging
import RuleDSL
import Testing

/// Each action performs exactly one method, with the rule's arguments as the portal's parameters.
@Suite struct IntentTranslatorTests {
    static func plan(
        _ action: ActionKind,
        _ arguments: [String: Value],
        binding: String? = nil,
        call: IntentTranslator.CallReference? = .register
    ) throws -> PlannedAction {
        let intent = ActionIntent(
            ruleID: "r",
            kind: action,
            arguments: arguments,
            binding: binding,
            callID: "1795564212.0",
            trigger: "call.started"
        )
        return try IntentTranslator.plan(intent, arguments: arguments, callReference: call, token: "t1")
    }

    static func command(_ planned: PlannedAction) throws -> DeliveryCommand {
        guard case .deliver(let command) = planned else {
            throw ExecutionError.unsupported(action: "?", why: "not a command")
        }
        return command
    }

    @Test func registerMapsEveryArgument() throws {
        let command = try Self.command(
            Self.plan(
                .registerCall,
                [
                    "type": "incoming", "phone": "79161234567", "user": 1, "external_call_id": "main:1795564212.0",
                    "line": "74951112233", "start_date": "2026-11-25T02:50:12+03:00", "crm_create": true, "show": false,
                ],
                binding: "b24"
            )
        )
        #expect(command.step == "register")
        #expect(command.method == "telephony.externalcall.register")
        #expect(command.resultBinding == "b24")
        var params = command.params
        let sentDate = params.removeValue(forKey: "CALL_START_DATE")?.stringValue
        #expect(
            params == [
                "TYPE": 2, "PHONE_NUMBER": "79161234567", "USER_ID": 1, "EXTERNAL_CALL_ID": "main:1795564212.0",
                "LINE_NUMBER": "74951112233", "CRM_CREATE": 1, "SHOW": 0,
            ]
        )
        // The same instant, written with this machine's offset (never `Z`).
        let instant = ISO8601DateFormatter().date(from: "2026-11-25T02:50:12+03:00")
        #expect(sentDate.flatMap(ISO8601DateFormatter().date(from:)) == instant)
        #expect(sentDate?.hasSuffix("Z") == false)
    }

    @Test func aStartDateThatIsNoISODateIsRefused() {
        let arguments: [String: Value] = [
            "type": "incoming", "phone": "79161234567", "user": 1, "external_call_id": "main:1",
            "start_date": "25.11.2026 02:50",
        ]
        #expect(
            throws: ExecutionError.wrongType(
                action: "b24.register_call",
                argument: "start_date",
                expected: "an ISO-8601 date-time with its offset"
            )
        ) {
            try Self.plan(.registerCall, arguments)
        }
    }

    @Test func aCardReadsTheRegistersCallIDOrAKnownOne() throws {
        let bound = try Self.command(Self.plan(.showCard, ["users": [11, 12]]))
        #expect(bound.bindings["CALL_ID"] == .callID)
        #expect(bound.params["USER_ID"] == [11, 12])
        #expect(bound.step == "show-t1")
        let literal = try Self.command(Self.plan(.hideCard, ["users": [11]], call: .literal("externalCall.9")))
        #expect(literal.params["CALL_ID"] == "externalCall.9")
        #expect(literal.bindings.isEmpty)
    }

    @Test func finishIsOnePerCall() throws {
        let command = try Self.command(Self.plan(.finishCall, ["user": 11, "duration": 5, "status": "200"]))
        #expect(command.step == "finish")
        #expect(command.params == ["USER_ID": 11, "DURATION": 5, "STATUS_CODE": "200"])
    }

    @Test func aBoundActionsStepNamesItsBindingAndAction() throws {
        let command = try Self.command(Self.plan(.searchCRM, ["phone": "79161234567"], binding: "crm"))
        #expect(command.step == "as:crm:b24.search_crm")
        #expect(IntentTranslator.binding(ofStep: command.step)! == ("crm", "b24.search_crm"))
        #expect(IntentTranslator.binding(ofStep: "show-t1") == nil)
    }

    @Test func aLeadIsCheckedForDuplicatesFirst() throws {
        let command = try Self.command(
            Self.plan(.createLead, ["phone": "79161234567", "title": "Call", "responsible": 12])
        )
        #expect(command.deduplicationPhone == "79161234567")
        #expect(command.method == "crm.lead.add")
        #expect(
            command.params == [
                "fields": [
                    "TITLE": "Call", "ASSIGNED_BY_ID": 12, "PHONE": [["VALUE": "79161234567", "VALUE_TYPE": "WORK"]],
                ]
            ]
        )
    }

    @Test func missingOrWrongArgumentsAreNamed() {
        #expect(throws: ExecutionError.missingArgument(action: "b24.finish_call", argument: "duration")) {
            try Self.plan(.finishCall, ["user": 11])
        }
        #expect(
            throws: ExecutionError.wrongType(action: "b24.show_card", argument: "users", expected: "a list of user ids")
        ) {
            try Self.plan(.showCard, ["users": ["Ivan"]])
        }
        #expect(throws: ExecutionError.missingArgument(action: "b24.hide_card", argument: "call")) {
            try Self.plan(.hideCard, ["users": [11]], call: nil)
        }
    }

    @Test func amiAndLocalActions() throws {
        guard
            case .ami(let redirect) = try Self.plan(
                .redirect,
                ["channel": "PJSIP/201-1", "context": "ivr", "exten": "s"]
            )
        else {
            Issue.record("not an AMI action")
            return
        }
        #expect(redirect.name == "Redirect")
        guard case .log(let level, let message) = try Self.plan(.log, ["message": "hello", "level": "warning"]) else {
            Issue.record("not a log line")
            return
        }
        #expect(level == .warning && message == "hello")
        guard case .applied = try Self.plan(.setCallValue, ["name": "x", "value": 1]) else {
            Issue.record("call.set is applied by the engine")
            return
        }
    }

    @Test func smallerOnesOriginateTimeoutSecondsIsClamped() throws {
        for (seconds, header) in [(Int.max, "86400000"), (Int.min, "1000"), (-5, "1000"), (30, "30000")] {
            guard
                case .originate(let originate) = try Self.plan(
                    .originate,
                    ["channel": "PJSIP/201", "context": "agents", "exten": "201", "timeout_seconds": .int(seconds)]
                )
            else {
                Issue.record("not an originate")
                return
            }
            #expect(originate.action["Timeout"] == header, "timeout_seconds \(seconds)")
        }
    }
}
