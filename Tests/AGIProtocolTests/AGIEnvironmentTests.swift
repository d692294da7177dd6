import AGIProtocol
import Testing

@Suite("AGI environment block")
struct AGIEnvironmentTests {
    /// The block as res_agi.c `launch_netscript` and `setup_env` write it (note `agi_accountcode: ` with its space).
    static let block =
        [
            "agi_network: yes",
            "agi_network_script: route?queue=sales&caller=%2B74951112233&plus=+1",
            "agi_request: agi://127.0.0.1/route?queue=sales&caller=%2B74951112233&plus=+1",
            "agi_channel: Local/79161234567@incoming-00000000;2",
            "agi_language: en",
            "agi_type: Local",
            "agi_uniqueid: 1795564212.1",
            "agi_version: 22.10.1",
            "agi_callerid: 79161234567",
            "agi_calleridname: Client 79161234567",
            "agi_callingpres: 0",
            "agi_callingani2: 0",
            "agi_callington: 0",
            "agi_callingtns: 0",
            "agi_dnid: unknown",
            "agi_rdnis: unknown",
            "agi_context: incoming",
            "agi_extension: 79161234567",
            "agi_priority: 7",
            "agi_enhanced: 0.0",
            "agi_accountcode: ",
            "agi_threadid: 140230651467456",
            "agi_arg_1: first",
            "agi_arg_2: second: with colon",
        ].joined(separator: "\n") + "\n\n"

    static func decode(_ text: String, split: Int? = nil) throws -> AGIRequest? {
        var lines = AGILineReader(maxLineLength: 8192)
        var decoder = AGIEnvironmentDecoder(maxVariables: 256)
        let bytes = Array(text.utf8)
        let chunks =
            split.map { size in
                stride(from: 0, to: bytes.count, by: size).map { bytes[$0..<min($0 + size, bytes.count)] }
            }
            ?? [bytes[...]]
        for chunk in chunks {
            lines.append(chunk)
            while let line = try lines.nextLine() {
                if let request = try decoder.consume(line) { return request }
            }
        }
        return nil
    }

    @Test("every field Asterisk 22 sends is read, over reads of any size")
    func fields() throws {
        for split in [nil, 1, 7, 64] {
            let request = try #require(try Self.decode(Self.block, split: split))
            #expect(request.environment.count == 24)
            #expect(request.url == "agi://127.0.0.1/route?queue=sales&caller=%2B74951112233&plus=+1")
            #expect(request.channel == "Local/79161234567@incoming-00000000;2")
            #expect(request.uniqueID == "1795564212.1")
            #expect(request.callerNumber == "79161234567")
            #expect(request.callerName == "Client 79161234567")
            #expect(request.dialedNumber == nil)
            #expect(request.context == "incoming")
            #expect(request.extensionName == "79161234567")
            #expect(request["accountcode"] == "")
            #expect(request.arguments == ["first", "second: with colon"])
        }
    }

    @Test("the script's path and query: %XX decoded, + kept, slashes trimmed")
    func script() throws {
        let request = try #require(try Self.decode(Self.block))
        #expect(request.script.path == "route")
        #expect(request.script.parameter("queue") == "sales")
        #expect(request.script.parameter("caller") == "+74951112233")
        #expect(request.script.parameter("plus") == "+1")
        #expect(AGINetworkScript(parsing: "/queue/sales/?a=1&a=2&b&=x&c=%zz").path == "queue/sales")
        let parsed = AGINetworkScript(parsing: "/queue/sales/?a=1&a=2&b&=x&c=%zz")
        #expect(parsed.parameterMap == ["a": "1", "b": "", "c": "%zz"])
        #expect(parsed.parameters.count == 4)
        #expect(AGINetworkScript(parsing: "").path == "")
    }

    @Test("without agi_network_script the script comes from agi_request")
    func scriptFromRequest() throws {
        let request = try #require(
            try Self.decode("agi_network: yes\nagi_request: agi://pbx:4573/queue/vip?x=1\nagi_channel: PJSIP/1-1\n\n")
        )
        #expect(request.script.path == "queue/vip")
        #expect(request.script.parameter("x") == "1")
    }

    @Test("a withheld or unknown caller id is no number")
    func withheld() throws {
        for value in ["unknown", "anonymous", "Restricted", "", " "] {
            let request = try #require(try Self.decode("agi_request: agi://h/route\nagi_callerid: \(value)\n\n"))
            #expect(request.callerNumber == nil)
        }
    }

    @Test("garbage, a missing agi_request and too many lines are protocol errors")
    func garbage() throws {
        #expect(throws: AGIProtocolError.malformedEnvironmentLine("GET / HTTP/1.1")) {
            try Self.decode("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        #expect(throws: AGIProtocolError.malformedEnvironmentLine("channel: x")) { try Self.decode("channel: x\n\n") }
        #expect(throws: AGIProtocolError.missingRequest) { try Self.decode("agi_channel: x\n\n") }
        var decoder = AGIEnvironmentDecoder(maxVariables: 3)
        for index in 0..<3 { _ = try decoder.consume("agi_x\(index): 1") }
        #expect(throws: AGIProtocolError.tooManyVariables(limit: 3)) { try decoder.consume("agi_y: 1") }
    }

    @Test("a line over the limit is refused before it is buffered whole")
    func lineLimit() throws {
        var lines = AGILineReader(maxLineLength: 64)
        lines.append(Array(repeating: UInt8(ascii: "a"), count: 65))
        #expect(throws: AGIProtocolError.lineTooLong(limit: 64)) { try lines.nextLine() }
        var crlf = AGILineReader(maxLineLength: 64)
        crlf.append(Array("agi_request: x\r\n".utf8))
        #expect(try crlf.nextLine() == "agi_request: x")
        #expect(try crlf.nextLine() == nil)
    }
}
