import AMIProtocol
import Foundation
import TestSupport
import Testing

/// `Variable:` of actions: what the encoder sends is what Asterisk reads — one plain variable with exactly the value —
/// and everything Asterisk would read otherwise (a second variable, a dialplan function, a mangled value) is refused.
@Suite("AMI variables")
struct AMIVariableTests {
    @Test("the encoder's Originate decodes to the Originate of the real click-to-call capture, header for header")
    func matchesRealCapture() throws {
        let sent = AMIVariableTests.decode(try RepositoryFiles.bytes("captures/clicktocall.sent.ami"))
        let recorded = try #require(sent.first { $0["Action"] == "Originate" })
        let originate = AMIOriginate(
            channel: "Local/201@agents",
            destination: .dialplan(context: "outgoing", exten: "79161234567", priority: 1),
            timeoutMilliseconds: 30000,
            callerID: "\"Ivan\" <201>",
            variables: [("CLICK2CALL", "1")]
        )
        let encoded = AMIVariableTests.decode(try originate.action.encoded(actionID: recorded.actionID))
        #expect(encoded.count == 1)
        // Asterisk reads headers by name (only repeated `Variable:` lines keep an order that matters).
        #expect(Set(encoded.first?.headers ?? []) == Set(recorded.headers))
        #expect(encoded.first?.headers.count == recorded.headers.count)
        #expect(encoded.first?.values(named: "Variable") == recorded.values(named: "Variable"))
    }

    @Test("values Asterisk would split or unquote, and names that are functions, are refused before anything is sent")
    func refusals() {
        func originate(_ variables: [(name: String, value: String)]) throws(AMIActionError) -> [UInt8] {
            try AMIOriginate(
                channel: "Local/201@agents",
                destination: .dialplan(context: "outgoing", exten: "79161234567", priority: 1),
                variables: variables
            ).action.encoded(actionID: "1")
        }
        for (value, character) in [
            ("7916,DB(x)=1", "','"), ("a\"b", "'\"'"), ("SHELL(rm)", "'('"), ("x)", "')'"), ("a\\,b", "'\\'"),
        ] {
            #expect(throws: AMIActionError.invalidVariableValue(action: "Originate", name: "X", character: character)) {
                try originate([("X", value)])
            }
        }
        for name in ["DB(x)", "1ABC", "A-B", "", "A B", "ИМЯ", "A=B(x)"] {
            #expect(throws: AMIActionError.self, "\(name)") { try originate([(name, "1")]) }
        }
        #expect(throws: AMIActionError.lineBreak(key: "Variable", inValue: true)) {
            try originate([("X", "1\r\nApplication: System")])
        }
        #expect(throws: AMIActionError.nulInValue(key: "Variable")) { try originate([("X", "a\u{0}b")]) }
        #expect(
            throws: AMIActionError.invalidVariableValue(
                action: "Originate",
                name: "X",
                character: "trailing whitespace"
            )
        ) {
            try originate([("X", "a ")])
        }
        #expect(throws: AMIActionError.invalidVariableName(action: "Originate", name: "NOEQUALS")) {
            try AMIAction("Originate", ["Variable": "NOEQUALS"]).encoded(actionID: nil)
        }
        #expect(throws: AMIActionError.invalidVariableName(action: "Setvar", name: "CDR(userfield)")) {
            try AMIAction.setvar(channel: "PJSIP/201-1", variable: "CDR(userfield)", value: "x").encoded(actionID: nil)
        }
        #expect(throws: AMIActionError.nulInValue(key: "Value")) {
            try AMIAction.setvar(channel: "PJSIP/201-1", variable: "X", value: "a\u{0}").encoded(actionID: nil)
        }
        #expect(throws: Never.self) {
            _ = try originate([("__B24_CALL_ID", "externalCall.0a1b2c3d4e5f.1773236989"), ("_A1", "a b=c:d/e@f;g")])
        }
    }

    @Test("whatever the encoder accepts, Asterisk's Variable parser reads as exactly that one variable")
    func acceptedMeansOneVariable() throws {
        var random = SplitMix64(seed: 0x5EED_17)
        let nameAlphabet = Array("aZ09_aZ_b(-. ")
        let valueAlphabet = Array("aZ09_ =,\"()\\/&;:.@+-#$*{}[]<>'`?!~é€\t")
        var accepted = 0
        for _ in 0..<20_000 {
            let name = String(
                (0..<Int.random(in: 0...6, using: &random)).map { _ in nameAlphabet.randomElement(using: &random)! }
            )
            let value = String(
                (0..<Int.random(in: 0...12, using: &random)).map { _ in valueAlphabet.randomElement(using: &random)! }
            )
            let action = AMIAction("Originate", [AMIHeader("Variable", "\(name)=\(value)")])
            guard (try? action.encoded(actionID: nil)) != nil else { continue }
            accepted += 1
            let parsed = AsteriskVariableParser.assignments("\(name)=\(value)")
            #expect(parsed.count == 1 && parsed.first?.name == name && parsed.first?.value == value, "\(name)=\(value)")
            #expect(!AsteriskVariableParser.writesFunction(name))
        }
        #expect(accepted > 1000)
    }

    @Test("the refused examples are harmful as Asterisk would read them")
    func refusedAreHarmful() {
        let injected = AsteriskVariableParser.assignments("X=7916,DB(x)=1")
        #expect(injected.map(\.name) == ["X", "DB(x)"])
        #expect(AsteriskVariableParser.writesFunction("DB(x)"))
        #expect(AsteriskVariableParser.assignments("X=\"a\"b").first?.value == "ab")
    }

    static func decode(_ bytes: [UInt8]) -> [AMIMessage] {
        var decoder = AMIFrameDecoder(expectsBanner: false)
        var messages: [AMIMessage] = []
        decoder.decode(bytes + Array("\r\n\r\n".utf8)) { output in
            if case .message(let message) = output { messages.append(message) }
        }
        return messages
    }
}

/// A model of how Asterisk reads an action's `Variable:` (manager.c `astman_get_variables_order`, app.c
/// `__ast_app_separate_args` with `remove_chars`): split on `,` outside `(…)`, `[…]` and `"…"`, quotes removed, `\x`
/// read as `x`; each part stripped of surrounding whitespace (`ast_strip`) and split on its first `=`; parts without
/// `=` or without a name dropped.
enum AsteriskVariableParser {
    static func assignments(_ header: String) -> [(name: String, value: String)] {
        var parts: [String] = []
        var current = ""
        var parentheses = 0
        var brackets = 0
        var quoted = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "(" where !quoted:
                parentheses += 1
                current.append(character)
            case ")" where !quoted && parentheses > 0:
                parentheses -= 1
                current.append(character)
            case "[" where !quoted:
                brackets += 1
                current.append(character)
            case "]" where !quoted && brackets > 0:
                brackets -= 1
                current.append(character)
            case "," where !quoted && parentheses == 0 && brackets == 0:
                parts.append(current)
                current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts.compactMap { part in
            let part = part.trimmingCharacters(in: .whitespaces)  // ast_strip
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else { return nil }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        }
    }

    /// A name ending in `)` writes a dialplan function (`DB(x)`, `SHELL(…)`), not a variable.
    static func writesFunction(_ name: String) -> Bool { name.hasSuffix(")") }
}
