import AGIProtocol
import Simulators
import TestSupport
import Testing

@Suite("AGI commands and replies")
struct AGICommandTests {
    @Test("commands are written as Asterisk reads them")
    func encoding() throws {
        #expect(try AGICommand.setVariable("ROUTE_EXTEN", "104").line == "SET VARIABLE ROUTE_EXTEN \"104\"")
        #expect(try AGICommand.setVariable("__ROUTE_USER", "").line == "SET VARIABLE __ROUTE_USER \"\"")
        #expect(try AGICommand.getVariable("CHANNEL(linkedid)").line == "GET VARIABLE CHANNEL(linkedid)")
        #expect(try AGICommand.getFullVariable("${CALLERID(num)}").line == "GET FULL VARIABLE \"${CALLERID(num)}\"")
        #expect(try AGICommand.verbose("routed to 104", level: 9).line == "VERBOSE \"routed to 104\" 4")
        #expect(try AGICommand.exec("Set", "X=a,b").line == "EXEC Set \"X=a,b\"")
        #expect(try AGICommand.setVariable("X", "1").bytes == Array("SET VARIABLE X \"1\"\n".utf8))
    }

    @Test("every value reads back through Asterisk's parse_args as exactly one argument with the same text")
    func quotingRoundTrip() throws {
        var random = SplitMix64(seed: 16)
        let alphabet = Array("ab \"\\\t,()$;{}'`|&=:#%😀é\\\"".unicodeScalars)
        var values = ["", " ", "\"", "\\", "\\\"", "a\"b c\\", "ends with backslash\\", "\"quoted\"", "${SHELL(rm)}"]
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
            values.append(String(text))
        }
        for value in values {
            let command = try AGICommand.setVariable("X", value)
            #expect(AsteriskArgumentParser.parse(command.line) == ["SET", "VARIABLE", "X", value], "\(value)")
        }
    }

    @Test("CR, LF and NUL are refused: a value cannot inject a second command")
    func injection() {
        for value in ["1\nEXEC System \"rm -rf /\"", "1\r", "a\0b"] {
            #expect(throws: AGICommandError.unsafeCharacter(argument: "value of X")) {
                try AGICommand.setVariable("X", value)
            }
        }
        #expect(throws: AGICommandError.unsafeCharacter(argument: "message")) { try AGICommand.verbose("a\nb") }
        #expect(throws: AGICommandError.tooLong(argument: "value of X", limit: 4096)) {
            try AGICommand.setVariable("X", String(repeating: "x", count: 4097))
        }
    }

    @Test("variable and application names are checked")
    func names() {
        for good in ["ROUTE_EXTEN", "_X", "__X1", "CHANNEL(linkedid)", "CALLERID(num)", "HASH(a,b)", "x"] {
            #expect(AGIQuoting.isVariableName(good), "\(good)")
        }
        for bad in ["", "1X", "___X", "A B", "X\"", "X(a b)", "X(", "X)", "A;B", "ROUTE\nEXEC", "X(a)(b)"] {
            #expect(!AGIQuoting.isVariableName(bad), "\(bad)")
            #expect(throws: AGICommandError.invalidVariableName(bad)) { try AGICommand.setVariable(bad, "1") }
        }
        #expect(throws: AGICommandError.invalidApplicationName("Sys tem")) { try AGICommand.exec("Sys tem") }
    }

    @Test("replies: result, the value in parentheses, error codes, multi-line usage, HANGUP")
    func replies() throws {
        var decoder = AGIReplyDecoder()
        let one = try #require(try decoder.consume("200 result=1 (a (nested) value)"))
        #expect(one == .reply(AGIReply(code: 200, result: "1", data: "a (nested) value", text: one.text)))
        #expect(try decoder.consume("200 result=0") == .reply(AGIReply(code: 200, result: "0", text: "200 result=0")))
        let dead = "511 Command Not Permitted on a dead channel or intercept routine"
        #expect(try decoder.consume(dead) == .reply(AGIReply(code: 511, text: dead)))
        #expect(try decoder.consume("HANGUP") == .hangup)
        #expect(try decoder.consume("520-Invalid command syntax.  Proper usage follows:") == nil)
        #expect(try decoder.consume(" Usage: SET VARIABLE <variablename> <value>") == nil)
        let usage = try #require(try decoder.consume("520 End of proper usage."))
        guard case .reply(let reply) = usage else {
            Issue.record("not a reply")
            return
        }
        #expect(reply.code == 520 && reply.text.split(separator: "\n").count == 3)
        #expect(throws: AGIProtocolError.malformedReply("hello")) { try decoder.consume("hello") }
    }
}

extension AGIReplyDecoder.Output {
    var text: String {
        if case .reply(let reply) = self { reply.text } else { "HANGUP" }
    }
}
