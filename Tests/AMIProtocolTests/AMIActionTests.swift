import AMIProtocol
import Adapters
import Testing

@Suite("AMI actions")
struct AMIActionTests {
    @Test("an action encodes Action, ActionID, then headers in order, CRLF, blank line")
    func encoding() throws {
        let action = AMIOriginate(
            channel: "Local/201@agents",
            destination: .dialplan(context: "outgoing", exten: "79161234567", priority: 1),
            timeoutMilliseconds: 30000,
            callerID: "\"Ivan\" <201>",
            variables: [("CLICK2CALL", "1"), ("NOTE", "a b")],
            channelID: "call-1"
        ).action
        let text = String(decoding: try action.encoded(actionID: "sb-1"), as: UTF8.self)
        #expect(
            text == "Action: Originate\r\nActionID: sb-1\r\nChannel: Local/201@agents\r\nContext: outgoing\r\n"
                + "Exten: 79161234567\r\nPriority: 1\r\nTimeout: 30000\r\n"
                + "CallerID: \"Ivan\" <201>\r\nChannelId: call-1\r\n"
                + "Async: true\r\nVariable: CLICK2CALL=1\r\nVariable: NOTE=a b\r\n\r\n"
        )
    }

    @Test("CR or LF in a value, CR/LF or ':' in a key, and lines over 1022 bytes are refused")
    func injection() {
        #expect(throws: AMIActionError.lineBreak(key: "Variable", inValue: true)) {
            try AMIAction("Originate", ["Variable": "X=1\r\nApplication: System"]).encoded(actionID: "1")
        }
        #expect(throws: AMIActionError.lineBreak(key: "Variable", inValue: true)) {
            try AMIAction("Setvar", ["Variable": "X\nY"]).encoded(actionID: nil)
        }
        #expect(throws: AMIActionError.lineBreak(key: "Bad\rKey", inValue: false)) {
            try AMIAction("Setvar", ["Bad\rKey": "x"]).encoded(actionID: nil)
        }
        #expect(throws: AMIActionError.colonInKey(key: "Channel: x")) {
            try AMIAction("Hangup", ["Channel: x": "y"]).encoded(actionID: nil)
        }
        #expect(throws: AMIActionError.lineBreak(key: "ActionID", inValue: true)) {
            try AMIAction.ping.encoded(actionID: "1\r\nAction: Logoff")
        }
        // "Variable: " is 10 bytes: a 1012-byte value makes exactly 1022 bytes, accepted; one more is refused.
        let fits = String(repeating: "v", count: 1012)
        #expect(throws: Never.self) { try AMIAction("Setvar", ["Variable": fits]).encoded(actionID: nil) }
        #expect(throws: AMIActionError.lineTooLong(key: "Variable", length: 1023)) {
            try AMIAction("Setvar", ["Variable": fits + "v"]).encoded(actionID: nil)
        }
        let many = (0..<128).map { AMIHeader("Variable", "V\($0)=1") }
        #expect(throws: AMIActionError.tooManyHeaders(count: 130)) {
            try AMIAction("Originate", many).encoded(actionID: "1")
        }
    }

    @Test("secrets never appear in descriptions, dumps or errors")
    func secrets() {
        let secret = AMISecret("hunter2-secret")
        let login = AMIAction.login(username: "admin", secret: secret, events: .on)
        #expect(!login.description.contains("hunter2"))
        #expect(login.description.contains("Secret: <redacted>"))
        #expect(!String(describing: secret).contains("hunter2"))
        #expect(!String(reflecting: secret).contains("hunter2"))
        var dumped = ""
        dump(AMICredentials(username: "admin", secret: secret), to: &dumped)
        #expect(!dumped.contains("hunter2"))
        let md5 = AMIAction.login(username: "admin", key: "0a1b2c3d", events: .on)
        #expect(md5.description.contains("Key: <redacted>"))
        let long = AMIAction("Login", ["Secret": String(repeating: "s", count: 2000)])
        do {
            _ = try long.encoded(actionID: nil)
            Issue.record("not refused")
        } catch {
            #expect(!error.description.contains("sss"))
        }
    }
}
