import AMIProtocol
import Adapters
import TestSupport
import Testing

/// Every capture and fixture decodes into the counts established by hand.
///
/// asterisk22: events and responses are the sums of each `.summary.txt` (cross-checked with `grep -c '^Event:'` and
/// the number of blank lines, which equals events + responses); `.sent.ami` files hold the client's actions
/// (`grep -c '^Action:'`). Fixtures: message counts are blank-line-separated blocks (`grep -c -E '^\r?$'`), with the
/// quirks explained in ami-fixtures/README.md: goami2 raw files glue 2/2/3 messages (call/confbridge/queues), so the
/// second `Event:` of a glued block is a header, not a message; queue_members starts two blocks with `Actionid:`
/// (first key neither Event/Response/Action → unknown); agent_loggued_in starts with a line holding one space (taken
/// as the banner) and has two blocks prefixed by `[N bytes missing in capture file]`; two panoramisk files end
/// without a final blank line (the end of a capture ends its last message).
struct CaptureCounts: Sendable, CustomTestStringConvertible {
    let path: String
    let messages: Int
    let events: Int
    let responses: Int
    let actions: Int
    var unknown = 0
    var banner = false

    var testDescription: String { path }
}

private let captureCounts: [CaptureCounts] = [
    // asterisk22 (summary.txt sums)
    .init(
        path: "captures/abandon.ami",
        messages: 196,
        events: 193,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/anonymous.ami",
        messages: 211,
        events: 208,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/answered.ami",
        messages: 213,
        events: 210,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/answered.no-timestamps.ami",
        messages: 213,
        events: 210,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/atxfer-ami.ami",
        messages: 358,
        events: 354,
        responses: 4,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/blindtransfer-ami.ami",
        messages: 300,
        events: 296,
        responses: 4,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/clicktocall-agent-noanswer.ami",
        messages: 38,
        events: 35,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/clicktocall.ami",
        messages: 123,
        events: 120,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/direct-followme.ami",
        messages: 174,
        events: 171,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/internal.ami",
        messages: 115,
        events: 112,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/noanswer-overflow.ami",
        messages: 494,
        events: 491,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/outbound-ext.ami",
        messages: 109,
        events: 106,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/petr-answers.ami",
        messages: 212,
        events: 209,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/ringgroup.ami",
        messages: 191,
        events: 188,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/routed-missed.ami",
        messages: 261,
        events: 258,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(
        path: "captures/routed-noanswer.ami",
        messages: 274,
        events: 271,
        responses: 3,
        actions: 0,
        banner: true
    ),
    .init(path: "captures/abandon.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/petr-answers.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/routed-missed.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/routed-noanswer.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/anonymous.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/answered.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/atxfer-ami.sent.ami", messages: 4, events: 0, responses: 0, actions: 4),
    .init(path: "captures/blindtransfer-ami.sent.ami", messages: 4, events: 0, responses: 0, actions: 4),
    .init(
        path: "captures/clicktocall-agent-noanswer.sent.ami",
        messages: 3,
        events: 0,
        responses: 0,
        actions: 3
    ),
    .init(path: "captures/clicktocall.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/direct-followme.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/internal.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/noanswer-overflow.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/outbound-ext.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    .init(path: "captures/ringgroup.sent.ami", messages: 3, events: 0, responses: 0, actions: 3),
    // goami2 (README: clean counts 51/25/45/9; raw files glue 2/2/3/0 messages)
    .init(path: "captures/fixtures/goami2/call.ami", messages: 49, events: 49, responses: 0, actions: 0),
    .init(path: "captures/fixtures/goami2/call.clean.ami", messages: 51, events: 51, responses: 0, actions: 0),
    .init(path: "captures/fixtures/goami2/confbridge.ami", messages: 23, events: 20, responses: 2, actions: 1),
    .init(path: "captures/fixtures/goami2/confbridge.clean.ami", messages: 25, events: 22, responses: 2, actions: 1),
    .init(
        path: "captures/fixtures/goami2/queue_members.ami",
        messages: 9,
        events: 5,
        responses: 2,
        actions: 0,
        unknown: 2
    ),
    .init(
        path: "captures/fixtures/goami2/queue_members.clean.ami",
        messages: 9,
        events: 5,
        responses: 2,
        actions: 0,
        unknown: 2
    ),
    .init(
        path: "captures/fixtures/goami2/queues.ami",
        messages: 42,
        events: 19,
        responses: 11,
        actions: 11,
        unknown: 1
    ),
    .init(
        path: "captures/fixtures/goami2/queues.clean.ami",
        messages: 45,
        events: 21,
        responses: 12,
        actions: 11,
        unknown: 1
    ),
    // cacofonisk reconstructed wire renderings (events only)
    .init(
        path: "captures/fixtures/cacofonisk/originate__ctd-account-world.reconstructed.ami",
        messages: 146,
        events: 146,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/queue__queue_a_cancel.reconstructed.ami",
        messages: 35,
        events: 35,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/queue__queue_attn_xfer.reconstructed.ami",
        messages: 99,
        events: 99,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/queue__queue_blind_xfer.reconstructed.ami",
        messages: 90,
        events: 90,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/simple__ab_success_a_hangup.reconstructed.ami",
        messages: 47,
        events: 47,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/var_set__user_events.reconstructed.ami",
        messages: 96,
        events: 96,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/xfer_attended__xfer_abacbc.reconstructed.ami",
        messages: 95,
        events: 95,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/xfer_blind__xfer_blind_abbcac.reconstructed.ami",
        messages: 89,
        events: 89,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/xfer_blonde__xfer_blonde_abacbc.reconstructed.ami",
        messages: 98,
        events: 98,
        responses: 0,
        actions: 0
    ),
    .init(
        path: "captures/fixtures/cacofonisk/xfer_misc__call_forwarding.reconstructed.ami",
        messages: 106,
        events: 106,
        responses: 0,
        actions: 0
    ),
    // panoramisk (LF only, two-way transcripts)
    .init(
        path: "captures/fixtures/panoramisk/agent_loggued_in.yaml",
        messages: 163,
        events: 145,
        responses: 8,
        actions: 8,
        unknown: 2,
        banner: true
    ),
    .init(path: "captures/fixtures/panoramisk/asyncagi_get_var.yaml", messages: 5, events: 3, responses: 1, actions: 1),
    .init(
        path: "captures/fixtures/panoramisk/command_core_show_version.yaml",
        messages: 2,
        events: 0,
        responses: 1,
        actions: 1
    ),
    .init(
        path: "captures/fixtures/panoramisk/login_failed.yaml",
        messages: 2,
        events: 0,
        responses: 1,
        actions: 1,
        banner: true
    ),
    .init(
        path: "captures/fixtures/panoramisk/login_md5.yaml",
        messages: 2,
        events: 0,
        responses: 1,
        actions: 1,
        banner: true
    ),
    .init(
        path: "captures/fixtures/panoramisk/login_ok.yaml",
        messages: 3,
        events: 1,
        responses: 1,
        actions: 1,
        banner: true
    ),
    .init(path: "captures/fixtures/panoramisk/originate_sync.yaml", messages: 2, events: 0, responses: 1, actions: 1),
    .init(
        path: "captures/fixtures/panoramisk/originate_with_events.yaml",
        messages: 750,
        events: 748,
        responses: 1,
        actions: 1
    ),
    .init(
        path: "captures/fixtures/panoramisk/pjsip_show_endpoint.yaml",
        messages: 7,
        events: 6,
        responses: 1,
        actions: 0
    ),
    .init(path: "captures/fixtures/panoramisk/queue_status.yaml", messages: 9, events: 8, responses: 1, actions: 0),
    .init(
        path: "captures/fixtures/panoramisk/rasterisk_command.yaml",
        messages: 2,
        events: 0,
        responses: 1,
        actions: 1
    ),
    .init(path: "captures/fixtures/panoramisk/sip_notify.yaml", messages: 2, events: 0, responses: 1, actions: 1),
]

@Suite("Captures decode with the expected counts")
struct AMICaptureCountTests {
    @Test("per-file message and event counts", arguments: captureCounts)
    func counts(_ expected: CaptureCounts) throws {
        let capture = AMICaptureFile(bytes: try RepositoryFiles.bytes(expected.path))
        #expect(capture.messages.count == expected.messages)
        #expect(capture.messages.filter { $0.kind == .event }.count == expected.events)
        #expect(capture.messages.filter { $0.kind == .response }.count == expected.responses)
        #expect(capture.messages.filter { $0.kind == .action }.count == expected.actions)
        #expect(capture.messages.filter { $0.kind == .unknown }.count == expected.unknown)
        #expect((capture.banner != nil) == expected.banner)
        #expect(capture.errors == 0)
    }

    @Test("every capture file in captures/ is covered")
    func everyFileCovered() throws {
        let listed = Set(captureCounts.map(\.path))
        let present = try RepositoryFiles.captureFiles()
        #expect(Set(present) == listed)
    }

    @Test("read in 1-byte, 7-byte and 1460-byte pieces, a capture decodes to the same messages")
    func partialReads() throws {
        let bytes = try RepositoryFiles.bytes("captures/answered.ami")
        let whole = AMICaptureFile(bytes: bytes).messages
        for size in [1, 7, 1460] {
            var decoder = AMIFrameDecoder()
            var messages: [AMIMessage] = []
            var start = 0
            while start < bytes.count {
                let end = min(start + size, bytes.count)
                decoder.decode(Array(bytes[start..<end])) { if case .message(let m) = $0 { messages.append(m) } }
                start = end
            }
            #expect(messages == whole, "chunk size \(size)")
        }
    }

    @Test("the OriginateResponse in a capture is an event carrying a Response header")
    func originateResponseIsEvent() throws {
        let capture = AMICaptureFile(bytes: try RepositoryFiles.bytes("captures/clicktocall.ami"))
        let outcome = try #require(capture.messages.first { $0.name == "OriginateResponse" })
        #expect(outcome.kind == .event)
        #expect(outcome["Response"] == "Success")
        #expect(outcome["uniqueid"] == "1795564359.52")
        #expect(outcome.actionID == "clicktocall-2")
    }
}

/// A capture decoded in one go, the end of the bytes ending the last message.
struct AMICaptureFile {
    var banner: String?
    var messages: [AMIMessage] = []
    var errors = 0

    init(bytes: [UInt8]) {
        var decoder = AMIFrameDecoder()
        var result = self
        let collect: (AMIFrameDecoder.Output) -> Void = { output in
            switch output {
            case .banner(let line): result.banner = line
            case .message(let message): result.messages.append(message)
            case .error: result.errors += 1
            }
        }
        decoder.decode(bytes, collect)
        decoder.decode(Array("\r\n\r\n".utf8), collect)
        self = result
    }
}
