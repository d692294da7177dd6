import Foundation
import Logging
import SwitchboardDaemon
import Synchronization
import Testing

/// One JSON object per log line, for log shippers.
@Suite("JSON log lines")
struct JSONLogHandlerTests {
    @Test("time, level, logger, message and the metadata at the top level; a clashing key is prefixed; shapes kept")
    func line() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "switchboard.ami") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .debug
        handler[metadataKey: "call"] = "1795564212.0"
        var logger = Logger(label: "switchboard.ami") { _ in handler }
        logger.logLevel = .debug
        logger.warning(
            "link \"lost\"\nagain",
            metadata: ["message": "shadow", "users": ["11", "12"], "detail": ["step": "register"]]
        )
        logger.trace("not written")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let text = try #require(written.first)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["logger"] as? String == "switchboard.ami")
        #expect(object["message"] as? String == "link \"lost\"\nagain")
        #expect(object["_message"] as? String == "shadow")
        #expect(object["call"] as? String == "1795564212.0")
        #expect(object["users"] as? [String] == ["11", "12"])
        #expect((object["detail"] as? [String: String])?["step"] == "register")
        let time = try #require(object["time"] as? String)
        #expect(time.hasSuffix("Z") && time.contains("T") && time.contains("."))
    }
}
