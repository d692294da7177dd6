/// A rule test file (`rules/tests/*.yaml`), decoded: which rule files it tests and its cases.
///
///     rule_files: ["../*.yaml"]            # globs relative to this file (default: ../*.yaml)
///     fixtures:                            # for every case; a case may override each key
///       users: {"201": 7, "202": 9}        # what user_of(extension) answers
///       results: {b24: {call_id: CALL-1}}  # the results of `as:` actions, landed as soon as they run
///       config: {bitrix24: {default_user: 1}}
///     cases:
///       - name: every ringing member gets the card
///         input:
///           capture: ../../captures/answered.ami     # or `ami: |` raw AMI text, or `events:` (compact)
///           # bitrix24_event: {event: ONEXTERNALCALLSTART, data: {…}, channel_id: "…"}  first, before any AMI
///         expect:                                     # in this order (others may come between)
///           - {action: b24.show_card, rule: card-to-ringing-member, args: {users: [7]}}
///         expect_none:
///           - {action: b24.create_lead}
public struct RuleTestSuite: Sendable {
    /// The test file's path.
    public var path: String
    /// The rule files under test (globs resolved).
    public var ruleFiles: [String]
    /// The cases.
    public var cases: [RuleTestCase]
}

/// One case of a rule test file.
public struct RuleTestCase: Sendable {
    public var name: String
    /// Where the case is written.
    public var range: SourceRange
    public var fixtures: RuleTestFixtures
    public var input: RuleTestInput
    /// An event Bitrix24 posts before the AMI input (click-to-call, callback): the call the engine starts for it.
    public var bitrix24Event: RuleTestBitrix24Event?
    /// The intents that must follow, in order (others may come between).
    public var expect: [IntentExpectation]
    /// Intents that must not occur.
    public var expectNone: [IntentExpectation]
    /// FastAGI requests made during the input (`input.agi`), in time order.
    public var agi: [RuleTestAGIRequest] = []
}

/// A FastAGI request of a test case (`input: {…, agi: [{at: 1s, script: route, uniqueid: …, callerid: …}]}`): made
/// once the AMI input has reached `at`, so the channel it names is known.
public struct RuleTestAGIRequest: Sendable {
    /// Seconds after the start of the case (the first event's time).
    public var at: Double
    /// The script with its query (`route?queue=sales`).
    public var script: String
    /// Other `agi_*` lines by their name without the prefix (`uniqueid`, `callerid`, `channel`, `context`, …).
    public var variables: [(name: String, value: String)]
    /// Where it is written.
    public var range: SourceRange
}

/// What a rule test pretends the outside world answers.
public struct RuleTestFixtures: Sendable {
    /// Extension → Bitrix24 user id, for `user_of`.
    public var users: [String: Int] = [:]
    /// `as:` binding → the result that lands as soon as the action runs.
    public var results: [String: Value] = [:]
    /// `config.*` values (merged over the defaults).
    public var config: Value = .map([:])
}

/// The AMI input of a case, replayed on a virtual clock.
public enum RuleTestInput: Sendable {
    /// A capture file (AMI wire text), path resolved against the test file.
    case capture(String)
    /// Raw AMI text written in the test file.
    case ami(String)
    /// Events in compact form: each a header map, `at:` the offset in seconds from the start.
    case events([RuleTestEvent])
}

/// An event Bitrix24 posts (`input: {bitrix24_event: …}`), as its `data[…]` fields.
public struct RuleTestBitrix24Event: Sendable {
    /// `ONEXTERNALCALLSTART` or `ONEXTERNALCALLBACKSTART`.
    public var event: String
    /// The `data[…]` fields, as Bitrix24 sends them (text).
    public var data: [String: String]
    /// How long ago Bitrix24 sent it.
    public var ageSeconds: Int
    /// The Uniqueid the engine gives the call's first channel (its Linkedid): the one the AMI input uses.
    public var channelID: String
    /// Where it is written.
    public var range: SourceRange
}

/// One compact AMI event.
public struct RuleTestEvent: Sendable {
    /// Seconds after the start of the case.
    public var at: Double
    /// The headers, `Event:` first, in the order written.
    public var headers: [(name: String, value: String)]
}

/// An expected (or forbidden) action intent: a subset match on the given fields.
public struct IntentExpectation: Sendable {
    public var action: String
    /// The rule that must have produced it, if given.
    public var rule: String?
    /// Arguments that must be present with these values (others are ignored; lists match exactly).
    public var arguments: [String: Value]
    /// Where it is written, for messages.
    public var range: SourceRange
}
