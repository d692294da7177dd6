@testable import RuleDSL

/// One conformance case, in the spirit of CEL's textproto conformance files:
/// an expression, the bindings it runs against, and what must come out.
struct ConformanceCase: Sendable, CustomStringConvertible {
    enum Expectation: Sendable {
        /// Compiles without errors and evaluates to this value (compared exactly, `1` ≠ `1.0`).
        case value(Value)
        /// Compiles without errors; evaluation fails with this ``EvaluationError/kindName``.
        case evalError(String)
        /// Compilation reports an issue of this kind at exactly this scalar range (written by hand).
        case issue(ExpressionIssue.Kind, Int, Int, suggestion: String? = nil)
    }

    var expression: String
    var expect: Expectation
    /// Fields added to (or replacing) the default `event` binding.
    var eventFields: [String: Value] = [:]
    var mode: EvaluationContext.Mode = .condition
    /// The type the expression's place requires.
    var expecting: ExpressionType? = nil

    var description: String { expression }
}

enum ConformanceTable {
    typealias C = ConformanceCase

    static let literalsAndArithmetic: [C] = [
        C(expression: "1 + 2", expect: .value(3)),
        C(expression: "1.5 + 1", expect: .value(2.5)),
        C(expression: #""a" + 'b'"#, expect: .value("ab")),
        C(expression: #""tab\there""#, expect: .value("tab\there")),
        C(expression: #"r"\d+""#, expect: .value(#"\d+"#)),
        C(expression: #""\u00e9" == "é""#, expect: .value(true)),
        C(expression: "[1, 2] + [3]", expect: .value([1, 2, 3])),
        C(expression: #"{"a": 1}["a"]"#, expect: .value(1)),
        C(expression: #"{16: "x"}[16]"#, expect: .value("x")),
        C(expression: "-5 - 3", expect: .value(-8)),
        C(expression: "0x1F", expect: .value(31)),
        C(expression: "-9223372036854775808", expect: .value(.int(Int.min))),
        C(expression: "9223372036854775807 + 1", expect: .evalError("overflow")),
        C(expression: "null == null", expect: .value(true)),
        C(expression: "2 < 3", expect: .value(true)),
        C(expression: #""abc" < "abd""#, expect: .value(true)),
        C(expression: "1 == 1.0", expect: .value(true)),
        C(expression: "3 >= 3 && 2 <= 1 == false", expect: .value(true)),
        C(expression: #""a" != "b""#, expect: .value(true)),
        C(expression: "[1, [2]] == [1, [2]]", expect: .value(true)),
    ]

    static let absenceAndAbsorption: [C] = [
        C(expression: "true && false", expect: .value(false)),
        C(expression: #"false && event.MemberName == "x""#, expect: .value(false)),
        C(expression: #"event.MemberName == "x" && false"#, expect: .value(false)),
        C(expression: #"event.MemberName == "x" && true"#, expect: .evalError("absent")),
        C(expression: #"event.MemberName == "x" || true"#, expect: .value(true)),
        C(expression: #"true || event.MemberName == "x""#, expect: .value(true)),
        C(expression: #"event.MemberName == "x" || false"#, expect: .evalError("absent")),
        C(expression: #"has(event.MemberName) && event.MemberName == "x""#, expect: .value(false)),
        C(
            expression: #"has(event.MemberName) && event.MemberName == "Ivanov""#,
            expect: .value(true),
            eventFields: ["MemberName": "Ivanov"]
        ),
        C(expression: "!has(event.MemberName)", expect: .value(true)),
        C(expression: "has(event.Queue)", expect: .value(true)),
        C(expression: "has(call.crm.entity_id)", expect: .value(true)),
        C(expression: "has(call.crm.responsible)", expect: .value(false)),
        C(expression: "has(call.vars.zzz.deeper)", expect: .value(false)),
        C(expression: #"has(call.vars["a"])"#, expect: .value(true)),
        C(expression: "has(call.b24.call_id)", expect: .value(false)),
        C(expression: #"call.b24.call_id == "x""#, expect: .evalError("absent")),
        C(expression: #"call.b24.call_id ?? "none""#, expect: .value("none")),
        C(expression: #"event.MemberName ?? "nobody""#, expect: .value("nobody")),
        C(expression: #"event.Queue ?? "none""#, expect: .value("sales")),
        C(expression: "call.crm.responsible ?? config.bitrix24.default_user", expect: .value("1")),
        C(expression: "null ?? 5", expect: .value(5)),
        C(expression: #"event.MemberName ?? "" == """#, expect: .value(true)),
        C(expression: #"lookup(cause_status, "99") ?? "failed" == "failed""#, expect: .value(true)),
        C(expression: "event.MemberName ?? call.crm.responsible ?? 0", expect: .value(0)),
        C(expression: "true ? 1 : event.MemberName", expect: .value(1)),
        C(expression: #"false ? event.MemberName : "x""#, expect: .value("x")),
        C(expression: #"event.MemberName == "x" ? 1 : 2"#, expect: .evalError("absent")),
        C(expression: "call.vars.b", expect: .evalError("absent")),
        C(expression: "call.vars.a + 1", expect: .value(2)),
        C(expression: #"call.vars.a + "x""#, expect: .evalError("type_mismatch")),
        C(expression: "call.shown[0]", expect: .value("1")),
        C(expression: "call.shown[5]", expect: .evalError("absent")),
        C(expression: #"call.shown[5] ?? "none""#, expect: .value("none")),
        C(expression: "call.talk_seconds > 30 && call.answered", expect: .value(true)),
        C(expression: "size(call.shown) == 2", expect: .value(true)),
    ]

    static let membership: [C] = [
        C(expression: "event.Queue in sales_queues", expect: .value(true)),
        C(expression: #""support" in sales_queues"#, expect: .value(false)),
        C(expression: "!(call.queue in no_card_queues)", expect: .value(true)),
        C(expression: #""16" in cause_status"#, expect: .value(true)),
        C(expression: "16 in cause_status", expect: .value(true)),
        C(expression: "18 in cause_status", expect: .value(false)),
        C(expression: #""a" in {"a": 1}"#, expect: .value(true)),
        C(expression: "2 in [1, 2, 3]", expect: .value(true)),
        C(expression: "2.0 in [1, 2]", expect: .value(true)),
        C(expression: "event.MemberName in sales_queues || true", expect: .value(true)),
    ]

    static let comprehensions: [C] = [
        C(expression: #"call.shown.exists(u, u == "5")"#, expect: .value(true)),
        C(expression: #"call.shown.all(u, u.size() == 1)"#, expect: .value(true)),
        C(expression: #"call.shown.all(u, u == "1")"#, expect: .value(false)),
        C(expression: "[].exists(x, x == 1)", expect: .value(false)),
        C(expression: "[].all(x, x == 1)", expect: .value(true)),
        C(expression: #"cause_status.exists(k, k == "17")"#, expect: .value(true)),
        // absent on the first absorbed
        C(expression: #"[call.vars, {"b": 1}].exists(m, m.b == 1)"#, expect: .value(true)),
        C(expression: #"[call.vars, {"b": 1}].all(m, m.b == 1)"#, expect: .evalError("absent")),
        C(expression: #"[[1, 2], [3]].exists(l, l.exists(x, x == 3))"#, expect: .value(true)),
        C(expression: "call.shown.exists(1, true)", expect: .issue(.wrongArgumentType, 18, 19)),
        C(expression: "call.id.exists(x, true)", expect: .issue(.wrongArgumentType, 0, 7)),
        C(expression: "call.shown.exists(x, x)", expect: .issue(.wrongArgumentType, 21, 22)),
        C(expression: "call.shown.exists(x, y == x)", expect: .issue(.unknownVariable, 21, 22)),
        C(expression: "call.shown.exsts(x, true)", expect: .issue(.unknownFunction, 11, 16, suggestion: "exists")),
    ]

    static let strings: [C] = [
        C(expression: #"event.Interface.startsWith("PJSIP/")"#, expect: .value(true)),
        C(expression: #"event.Channel.endsWith("00000012")"#, expect: .value(true)),
        C(expression: #"event.Interface.contains("/20")"#, expect: .value(true)),
        C(expression: #"event.Interface.contains("/30")"#, expect: .value(false)),
        C(expression: #"event.Interface.matches("^PJSIP/[0-9]+$")"#, expect: .value(true)),
        C(expression: #"matches("SIP/201-0000a1", "^SIP/")"#, expect: .value(true)),
        C(expression: #""Продажи".lower()"#, expect: .value("продажи")),
        C(expression: #"upper("sales")"#, expect: .value("SALES")),
        C(expression: #"size("héllo")"#, expect: .value(5)),
        C(expression: "size([1, 2, 3])", expect: .value(3)),
        C(expression: "size(cause_status)", expect: .value(3)),
        C(expression: #""abc".size()"#, expect: .value(3)),
        C(expression: #"digits("+7 (916) 123-45-67")"#, expect: .value("79161234567")),
        C(expression: #"string(42) + "s""#, expect: .value("42s")),
        C(expression: #"int("42") + 1"#, expect: .value(43)),
        C(expression: #"int("abc")"#, expect: .evalError("invalid_argument")),
        C(expression: "string(1.5)", expect: .value("1.5")),
        C(expression: "int(2.9)", expect: .value(2)),
        C(expression: "int(event.Cause) == 16", expect: .value(true)),
        C(expression: "double(1) + 0.5", expect: .value(1.5)),
        C(expression: #""Привет, мир".contains("мир")"#, expect: .value(true)),
        C(expression: #""".contains("")"#, expect: .value(true)),
        C(expression: #""ab".endsWith("abc")"#, expect: .value(false)),
        C(expression: #"int(" 42 ")"#, expect: .value(42)),
        C(expression: #"size({"a": 1, "b": 2})"#, expect: .value(2)),
        C(expression: #"{"a": 1} == {"a": 1.0}"#, expect: .value(true)),
        C(expression: "string(true) + string(null)", expect: .value("truenull")),
        C(expression: #"call.shown + ["9"]"#, expect: .value(["1", "5", "9"])),
    ]

    static let phonesAndExtensions: [C] = [
        C(expression: #"normalize_phone("+7 (916) 123-45-67")"#, expect: .value("79161234567")),
        C(expression: #"normalize_phone("8 916 123 45 67")"#, expect: .value("79161234567")),
        C(expression: #"normalize_phone("9161234567")"#, expect: .value("79161234567")),
        C(expression: #"normalize_phone("0079161234567")"#, expect: .value("79161234567")),
        C(expression: #"normalize_phone("79161234567")"#, expect: .value("79161234567")),
        C(expression: #"normalize_phone("81049301234567")"#, expect: .value("49301234567")),
        C(expression: #"normalize_phone("201")"#, expect: .value("201")),
        C(expression: #"normalize_phone("")"#, expect: .value("")),
        C(expression: "normalize_phone(event.CallerIDNum) == call.caller", expect: .value(true)),
        C(expression: #"extension("PJSIP/201")"#, expect: .value("201")),
        C(expression: #"extension("SIP/201-0000a1")"#, expect: .value("201")),
        C(expression: #"extension("Local/201@agents/n")"#, expect: .value("201")),
        C(expression: #"extension("Local/201@agents-00000012;1")"#, expect: .value("201")),
        C(expression: #"extension("IAX2/201")"#, expect: .value("201")),
        C(expression: #"extension("PJSIP/201-00000012")"#, expect: .value("201")),
        C(expression: #"extension("201")"#, expect: .value("201")),
        C(expression: "user_of(extension(event.Interface))", expect: .value(7)),
        C(expression: #"user_of("999") ?? "fallback""#, expect: .value("fallback")),
        C(expression: "lookup(cause_status, event.Cause)", expect: .value("200")),
        C(expression: "lookup(cause_status, 17)", expect: .value("486")),
        C(expression: #"lookup(cause_status, "99") ?? "failed""#, expect: .value("failed")),
        C(expression: "cause_status[event.Cause]", expect: .value("200")),
    ]

    static let macrosAndDeferred: [C] = [
        C(expression: #"inbound && event.Queue == "sales""#, expect: .value(true)),
        C(expression: #"has_member ? event.MemberName : "none""#, expect: .value("none")),
        C(
            expression: "call.b24.call_id",
            expect: .value(.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))),
            mode: .argument
        ),
        C(
            expression: #""id-" + call.b24.call_id"#,
            expect: .value(
                .deferred(
                    .concatenation(["id-", .deferred(.reference(DeferredReference(["call", "b24", "call_id"])))])
                )
            ),
            mode: .argument
        ),
        C(
            expression: "[call.b24.call_id]",
            expect: .value([.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))]),
            mode: .argument
        ),
        C(
            expression: "string(call.b24.call_id)",
            expect: .value(.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))),
            mode: .argument
        ),
        C(expression: #"call.b24.call_id == "x""#, expect: .evalError("deferred"), mode: .argument),
        C(expression: "size(call.b24.call_id)", expect: .evalError("deferred"), mode: .argument),
        C(
            expression: #"call.b24.call_id ?? "none""#,
            expect: .value(
                .deferred(
                    .fallback(.deferred(.reference(DeferredReference(["call", "b24", "call_id"]))), .string("none"))
                )
            ),
            mode: .argument
        ),
        C(expression: "has(call.b24.call_id)", expect: .evalError("deferred"), mode: .argument),
        C(expression: #"lookup(call, "b24").call_id == "x""#, expect: .evalError("absent")),
        C(
            expression: #"lookup(call, "b24").call_id"#,
            expect: .value(.deferred(.reference(DeferredReference(["call", "b24", "call_id"])))),
            mode: .argument
        ),
    ]

    /// Type-check errors and warnings, each at the offending token's scalar range, counted by hand.
    static let checkIssues: [C] = [
        C(expression: #"event.Queu == "sales""#, expect: .issue(.unknownField, 6, 10, suggestion: "Queue")),
        C(expression: "evnt.Queue", expect: .issue(.unknownVariable, 0, 4, suggestion: "event")),
        C(expression: "size(42)", expect: .issue(.wrongArgumentType, 5, 7)),
        C(expression: "lookup(cause_status)", expect: .issue(.wrongArgumentCount, 0, 6)),
        C(expression: "event.Queue + 1", expect: .issue(.operatorTypeMismatch, 12, 13)),
        C(expression: "has(call)", expect: .issue(.invalidHasArgument, 4, 8)),
        C(expression: #"event.Interface.matches("[")"#, expect: .issue(.invalidRegex, 24, 27)),
        C(
            expression: "normalise_phone(event.CallerIDNum)",
            expect: .issue(.unknownFunction, 0, 15, suggestion: "normalize_phone")
        ),
        C(expression: "has(event.Queue && true", expect: .issue(.syntax, 23, 23)),
        C(expression: #"event.Queue == "sales"#, expect: .issue(.syntax, 15, 21)),
        C(expression: #"event.Queue = "x""#, expect: .issue(.syntax, 12, 13)),
        C(expression: "event.Cause == 16", expect: .issue(.operatorTypeMismatch, 12, 14)),
        C(expression: "event.Queue", expect: .issue(.wrongResultType, 0, 11), expecting: .bool),
        C(expression: #""abc".startsWith(1)"#, expect: .issue(.wrongArgumentType, 17, 18)),
        C(expression: "event.Queue.name", expect: .issue(.notIndexable, 12, 16)),
        C(expression: #"event.MemberName == "x""#, expect: .issue(.unguardedOptionalField, 6, 16)),
        C(expression: #""a" * 2"#, expect: .issue(.syntax, 4, 5)),
        C(expression: "1 +", expect: .issue(.syntax, 2, 3)),
        C(expression: #"startsWith("a", "b")"#, expect: .issue(.unknownFunction, 0, 10)),
        C(expression: #"call.direction in "inbound""#, expect: .issue(.operatorTypeMismatch, 15, 17)),
        C(expression: "broken_macro", expect: .issue(.invalidMacroReference, 0, 12)),
        C(expression: "[1, 2", expect: .issue(.syntax, 5, 5)),
        C(expression: "event.Interface.matches(event.Queue)", expect: .issue(.dynamicRegex, 24, 35)),
        C(expression: "!event.Queue", expect: .issue(.operatorTypeMismatch, 0, 1)),
        C(expression: "call.crm.responsibel ?? 1", expect: .issue(.unknownField, 9, 20, suggestion: "responsible")),
        C(expression: "inbund", expect: .issue(.unknownVariable, 0, 6, suggestion: "inbound")),
        C(expression: #""x".lowr()"#, expect: .issue(.unknownFunction, 4, 8, suggestion: "lower")),
        C(expression: "event.HoldTime > \"10\"", expect: .issue(.operatorTypeMismatch, 15, 16)),
        C(expression: "call.shown[\"x\"]", expect: .issue(.wrongArgumentType, 11, 14)),
        C(expression: "1 2", expect: .issue(.syntax, 2, 3)),
        C(expression: #""\q""#, expect: .issue(.syntax, 1, 3)),
        C(expression: "event.", expect: .issue(.syntax, 5, 6)),
        C(expression: #"has(event["Queu"])"#, expect: .issue(.unknownField, 10, 16, suggestion: "Queue")),
        C(expression: #"has(event["MemberName"]) && event["MemberName"] == "x""#, expect: .value(false)),
        C(expression: "true == 1", expect: .issue(.operatorTypeMismatch, 5, 7)),
        C(expression: #""a" < 1"#, expect: .issue(.operatorTypeMismatch, 4, 5)),
        C(expression: "has(event.Queue, 1)", expect: .issue(.wrongArgumentCount, 0, 3)),
        C(expression: "has(size(call.id))", expect: .issue(.invalidHasArgument, 4, 17)),
        C(expression: "event.Queue.lower", expect: .issue(.notIndexable, 12, 17)),
        C(expression: "call.talk_seconds ? 1 : 2", expect: .issue(.operatorTypeMismatch, 0, 17)),
    ]

    static let all: [C] =
        literalsAndArithmetic + absenceAndAbsorption + membership + comprehensions + strings + phonesAndExtensions
        + macrosAndDeferred + checkIssues
}
