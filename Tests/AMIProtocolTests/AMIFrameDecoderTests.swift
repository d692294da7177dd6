import AMIProtocol
import Adapters
import TestSupport
import Testing

/// Decodes `text` in one piece and returns the outputs.
func decodeAll(
    _ text: String,
    limit: Int = AMIFrameDecoder.defaultMessageSizeLimit,
    banner: Bool = false
) -> [AMIFrameDecoder.Output] {
    var decoder = AMIFrameDecoder(messageSizeLimit: limit, expectsBanner: banner)
    return decoder.decode(Array(text.utf8))
}

func messages(_ outputs: [AMIFrameDecoder.Output]) -> [AMIMessage] {
    outputs.compactMap { if case .message(let message) = $0 { message } else { nil } }
}

@Suite("AMI frame decoder")
struct AMIFrameDecoderTests {
    @Test("CRLF and bare LF frame alike; a lone CR stays in the value")
    func lineEnds() {
        let crlf = messages(decodeAll("Event: A\r\nKey: v\r\n\r\n"))
        let lf = messages(decodeAll("Event: A\nKey: v\n\n"))
        #expect(crlf == lf)
        #expect(crlf.count == 1)
        let lone = messages(decodeAll("Event: A\r\nKey: a\rb\r\n\r\n"))
        #expect(lone.first?["Key"] == "a\rb")
    }

    @Test("banner line without a blank line after it, then the first reply")
    func banner() {
        let outputs = decodeAll(
            "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n",
            banner: true
        )
        guard case .banner(let line) = outputs.first else {
            Issue.record("no banner")
            return
        }
        #expect(line == "Asterisk Call Manager/11.0.0")
        let replies = messages(outputs)
        #expect(replies.count == 1)
        #expect(replies.first?.kind == .response)
        #expect(replies.first?["message"] == "Authentication accepted")
    }

    @Test("duplicate keys are kept in order; lookup ignores case and returns the first")
    func duplicates() throws {
        let message = try #require(
            messages(
                decodeAll(
                    "Event: Status\r\nVariable: a=1\r\nvariable: b=2\r\nVARIABLE: c=3\r\n\r\n"
                )
            ).first
        )
        #expect(message.values(named: "Variable") == ["a=1", "b=2", "c=3"])
        #expect(message["variable"] == "a=1")
        #expect(message.headers.map(\.name) == ["Event", "Variable", "variable", "VARIABLE"])
        #expect(message.headerCount == 4)
    }

    @Test("a value is split on the first colon only; one space is dropped, the rest kept")
    func colonsAndSpaces() throws {
        let message = try #require(
            messages(
                decodeAll(
                    "Response: Error\r\nMessage: Invalid/unknown command: X. Use Action: ListCommands\r\n"
                        + "AppData: 1?4:14\r\nOutput:   indented \r\nNoSpace:x\r\n\r\n"
                )
            ).first
        )
        #expect(message["Message"] == "Invalid/unknown command: X. Use Action: ListCommands")
        #expect(message["AppData"] == "1?4:14")
        #expect(message["Output"] == "  indented ")
        #expect(message["NoSpace"] == "x")
    }

    @Test("`Key:` with no value and `Key: ` with an empty value are both present and empty")
    func emptyValues() throws {
        let message = try #require(
            messages(decodeAll("Event: RTCPSent\r\nReportBlock:\r\nAccountCode: \r\n\r\n")).first
        )
        #expect(message.contains("ReportBlock"))
        #expect(message["ReportBlock"] == "")
        #expect(message["AccountCode"] == "")
        #expect(message["Missing"] == nil)
    }

    @Test("keys such as ChanVariable(chan), Key(0), parent/child and keys with spaces")
    func unusualKeys() throws {
        let message = try #require(
            messages(
                decodeAll(
                    "Event: OriginateResponse\r\nChanVariable(PJSIP/100-0000002a): x=y\\'z\r\nKey(0): a\r\n"
                        + "parent/child: b\r\nmy key_1.2: c\r\n\r\n"
                )
            ).first
        )
        #expect(message["ChanVariable(PJSIP/100-0000002a)"] == "x=y\\'z", "ChanVariable(<chan>) values are not escaped")
        #expect(message["Key(0)"] == "a")
        #expect(message["parent/child"] == "b")
        #expect(message["my key_1.2"] == "c")
    }

    @Test("C-escaped values are unescaped exactly for the escaped fields")
    func escaping() throws {
        let text =
            "Event: NewCallerid\r\nCallerIDName: O\\'Brien \\\"Bob\\\"\r\nDestConnectedLineName: a\\\\b\\tc\r\n"
            + "ChanVariable: NOTE=line1\\nline2\r\nAppData: keep\\'me\r\nCallerIDNum: 1\\'2\r\n\r\n"
            + "Event: VarSet\r\nVariable: X\r\nValue: it\\'s\\?\r\n\r\n"
            + "Event: UserEvent\r\nValue: raw\\'\r\n\r\n"
        let decoded = messages(decodeAll(text))
        #expect(decoded.count == 3)
        #expect(decoded[0]["CallerIDName"] == "O'Brien \"Bob\"")
        #expect(decoded[0]["DestConnectedLineName"] == "a\\b\tc")
        #expect(decoded[0]["ChanVariable"] == "NOTE=line1\nline2")
        #expect(decoded[0]["AppData"] == "keep\\'me")
        #expect(decoded[0]["CallerIDNum"] == "1\\'2")
        #expect(decoded[1]["Value"] == "it's?")
        #expect(decoded[2]["Value"] == "raw\\'", "only VarSet's Value is escaped")
        // Encoding re-escapes, so a round trip gives the same bytes and the same message.
        let reencoded = decoded.flatMap { $0.encoded() }
        #expect(reencoded == Array(text.utf8))
    }

    @Test("Response: Follows body with blank lines, up to --END COMMAND--")
    func follows() throws {
        let text =
            "Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nName: not a header\nline two\n\nafter blank\n"
            + "--END COMMAND--\r\n\r\nEvent: Next\r\n\r\n"
        let decoded = messages(decodeAll(text))
        #expect(decoded.count == 2)
        #expect(decoded[0].kind == .response)
        #expect(decoded[0].actionID == "7")
        #expect(decoded[0].commandOutput == ["Name: not a header", "line two", "", "after blank"])
        #expect(decoded[0]["Name"] == nil)
        #expect(decoded[1].name == "Next")
    }

    @Test("a body-less Follows reply ends at its blank line; the marker may close the last output line")
    func followsVariants() throws {
        let bodyless = messages(
            decodeAll("Response: Follows\r\nPrivilege: Command\r\nActionID: x\r\n\r\nAction: Ping\r\n\r\n")
        )
        #expect(bodyless.count == 2)
        #expect(bodyless[0].commandBody == nil)
        let glued = messages(decodeAll("Response: Follows\r\nPrivilege: Command\r\nno newline--END COMMAND--\r\n\r\n"))
        #expect(glued.first?.commandOutput == ["no newline"])
        let crlfBody = messages(
            decodeAll("Response: Follows\r\nPrivilege: Command\r\na\r\n\r\nb\r\n--END COMMAND--\r\n\r\n")
        )
        #expect(crlfBody.first?.commandOutput == ["a", "", "b"])
    }

    @Test("Asterisk 14+ Command output: repeated Output lines in order")
    func outputLines() throws {
        let message = try #require(
            messages(
                decodeAll(
                    "Response: Success\r\nActionID: 1\r\nMessage: Command output follows\r\n"
                        + "Output: a: 1\r\nOutput: \r\nOutput: c\r\n\r\n"
                )
            ).first
        )
        #expect(message.commandOutput == ["a: 1", "", "c"])
    }

    @Test("EventList start…Complete, and the \\r\\n\\n list ending (asterisk#761)")
    func eventList() {
        let text =
            "Response: Success\r\nActionID: 42\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n"
            + "Event: CoreShowChannelMap\r\nActionID: 42\r\nChannel: a\r\n\n"
            + "Event: CoreShowChannelMap\r\nActionID: 42\r\nChannel: b\r\n\n"
            + "Event: CoreShowChannelMapComplete\r\nActionID: 42\r\nEventList: Complete\r\nListItems: 2\r\n\r\n"
        let decoded = messages(decodeAll(text))
        #expect(decoded.count == 4)
        #expect(decoded[0].opensList)
        #expect(decoded[1]["Channel"] == "a")
        #expect(decoded[2]["Channel"] == "b")
        #expect(decoded[3].closesList)
        #expect(decoded.allSatisfy { $0.actionID == "42" })
    }

    @Test("a stray \\n at the end of Message: does not make an extra message or eat the next one")
    func strayNewline() {
        let decoded = messages(
            decodeAll(
                "Response: Error\r\nActionID: 3\r\nMessage: Uniqueid length exceeds maximum of 149\n\r\n\r\n"
                    + "Event: Next\r\n\r\n"
            )
        )
        #expect(decoded.count == 2)
        #expect(decoded[0]["Message"] == "Uniqueid length exceeds maximum of 149")
        #expect(decoded[1].name == "Next")
    }

    @Test("empty messages (\\r\\n\\r\\n\\r\\n) are skipped")
    func emptyMessages() {
        #expect(messages(decodeAll("\r\n\r\n\r\nEvent: TestEvent\r\n\r\n\r\n\r\n")).count == 1)
    }

    @Test("the first key decides: Event with a Response header is an event; ActionID alone decides nothing")
    func kinds() {
        let decoded = messages(
            decodeAll(
                "Event: OriginateResponse\r\nActionID: 1\r\nResponse: Failure\r\n\r\n"
                    + "Response: Success\r\nActionID: 1\r\n\r\nAction: Ping\r\n\r\nActionID: 9\r\nAction: X\r\n\r\n"
                    + "Event: SomethingNoOneKnows\r\nFoo: bar\r\n\r\n"
            )
        )
        #expect(decoded.map(\.kind) == [.event, .response, .action, .unknown, .event])
        #expect(decoded[4].name == "SomethingNoOneKnows")
    }

    @Test("lines without a colon are kept as unparsed lines, not dropped")
    func unparsedLines() throws {
        let message = try #require(messages(decodeAll("Event: Agents\r\nCallStarted\r\nAgent: 1\r\n\r\n")).first)
        #expect(message.unparsedLines == ["CallStarted"])
        #expect(message["Agent"] == "1")
        #expect(message.encoded() == Array("Event: Agents\r\nCallStarted\r\nAgent: 1\r\n\r\n".utf8))
    }

    @Test("non-UTF-8 bytes and multi-byte characters split across reads survive")
    func bytesAcrossReads() throws {
        let text = Array("Event: Newchannel\r\nCallerIDName: Jürgen Müller\r\n\r\n".utf8)
        let split = text.firstIndex(of: 0xC3)! + 1
        var decoder = AMIFrameDecoder(expectsBanner: false)
        var decoded = decoder.decode(Array(text[..<split]))
        decoded += decoder.decode(Array(text[split...]))
        #expect(messages(decoded).first?["CallerIDName"] == "Jürgen Müller")
        var latin1 = AMIFrameDecoder(expectsBanner: false)
        let raw: [UInt8] = Array("Event: X\r\nName: J".utf8) + [0xFC] + Array("rgen\r\n\r\n".utf8)
        var rawValue: [UInt8] = []
        messages(latin1.decode(raw)).first?.forEachHeaderBytes { key, value in
            if Array(key) == Array("Name".utf8) { rawValue = Array(value) }
        }
        #expect(rawValue == [0x4A, 0xFC, 0x72, 0x67, 0x65, 0x6E])
    }

    @Test("an oversized message yields an error, is dropped up to the next blank line, and decoding resumes")
    func sizeCap() {
        let huge = String(repeating: "x", count: 5000)
        let text = "Event: A\r\n\r\nEvent: Big\r\nData: \(huge)\r\nMore: \(huge)\r\n\r\nEvent: B\r\n\r\n"
        var decoder = AMIFrameDecoder(messageSizeLimit: 1024, expectsBanner: false)
        var outputs: [AMIFrameDecoder.Output] = []
        for byte in text.utf8 {
            outputs += decoder.decode([byte])
            #expect(decoder.bufferedByteCount <= 1024)
        }
        let names = messages(outputs).compactMap(\.name)
        #expect(names == ["A", "B"])
        let errors = outputs.compactMap { if case .error(let error) = $0 { error } else { nil } }
        #expect(errors == [.messageTooLarge(limit: 1024)])
        #expect(decoder.oversizedMessageCount == 1)
        #expect(decoder.peakBufferedByteCount <= 1024)
        #expect(decoder.discardedByteCount > 10_000)
    }

    @Test("a 1 MB line with no line end, in one read, then a well-formed message")
    func megabyteLine() {
        var bytes = Array("Event: A\r\n\r\n".utf8)
        bytes += [UInt8](repeating: 0x41, count: 1 << 20)
        bytes += Array("\r\n\r\nEvent: B\r\n\r\n".utf8)
        var decoder = AMIFrameDecoder(messageSizeLimit: 64 * 1024, expectsBanner: false)
        let outputs = decoder.decode(bytes)
        #expect(messages(outputs).compactMap(\.name) == ["A", "B"])
        #expect(decoder.peakBufferedByteCount <= 64 * 1024)
    }

    @Test("finish() drops a trailing partial message (cut off by a server dropping a slow client)")
    func truncatedTail() {
        var decoder = AMIFrameDecoder(expectsBanner: false)
        let outputs = decoder.decode(Array("Event: A\r\n\r\nEvent: B\r\nChan".utf8))
        #expect(messages(outputs).count == 1)
        #expect(decoder.finish() == 14)  // "Event: B\r\nChan"
        #expect(decoder.bufferedByteCount == 0)
        // Reused for a new connection, the decoder expects a banner again.
        var live = AMIFrameDecoder()
        _ = live.decode(Array("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n".utf8))
        live.finish()
        let again = live.decode(Array("Asterisk Call Manager/11.0.0\r\n".utf8))
        guard case .banner? = again.first else {
            Issue.record("no banner after finish(): \(again)")
            return
        }
    }

    @Test("a message built from headers encodes to wire form and decodes back")
    func buildAndEncode() {
        let message = AMIMessage(["Event": "VarSet", "Variable": "X", "Value": "a\"b"])
        #expect(
            String(decoding: message.encoded(), as: UTF8.self)
                == "Event: VarSet\r\nVariable: X\r\nValue: a\\\"b\r\n\r\n"
        )
        #expect(messages(decodeAll(String(decoding: message.encoded(), as: UTF8.self))) == [message])
    }
}

@Suite("AMI frame decoder against a naive reference")
struct AMIFrameDecoderReferenceTests {
    /// Random lines of any byte but LF, CR and backslash (so no line end, CR stripping or unescaping applies):
    /// the decoder must split each exactly like a plain "first colon, then one optional space" reference.
    @Test("random binary lines split exactly like the reference")
    func randomLines() {
        var random = SplitMix64(seed: 42)
        var stream: [UInt8] = []
        var reference: [[(key: [UInt8], value: [UInt8])?]] = []  // nil: a line without a colon
        for _ in 0..<2000 {
            var lines: [(key: [UInt8], value: [UInt8])?] = []
            for lineNumber in 0..<Int(1 + random.next() % 6) {
                var line: [UInt8] = []
                let length = Int(1 + random.next() % 90)
                while line.count < length {
                    let byte = UInt8(truncatingIfNeeded: random.next())
                    if byte == 0x0A || byte == 0x0D || byte == 0x5C { continue }
                    line.append(byte)
                }
                if lineNumber == 0 { line = Array("Event: R".utf8) }  // never a Follows reply
                stream += line + [0x0D, 0x0A]
                if let colon = line.firstIndex(of: 0x3A) {
                    var value = Array(line[(colon + 1)...])
                    if value.first == 0x20 { value.removeFirst() }
                    lines.append((Array(line[..<colon]), value))
                } else {
                    lines.append(nil)
                }
            }
            stream += [0x0D, 0x0A]
            reference.append(lines)
        }
        var decoder = AMIFrameDecoder(expectsBanner: false)
        let decoded = messages(decoder.decode(stream))
        #expect(decoded.count == reference.count)
        for (message, lines) in zip(decoded, reference) {
            var headers: [(key: [UInt8], value: [UInt8])] = []
            message.forEachHeaderBytes { key, value in headers.append((Array(key), Array(value))) }
            let expected = lines.compactMap { $0 }
            #expect(headers.count == expected.count)
            #expect(zip(headers, expected).allSatisfy { $0.key == $1.key && $0.value == $1.value })
            #expect(message.unparsedLines.count == lines.count - expected.count)
        }
    }
}
