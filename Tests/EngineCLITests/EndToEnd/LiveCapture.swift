import AMIProtocol
import Foundation
import Simulators
import TestSupport

/// A call recorded live in `captures/live/` (lab/live_run.py): what the real `engine run` received on its AMI
/// connection from a real Asterisk 22 while the call ran, the FastAGI sessions the dialplan opened (Asterisk's side and
/// the engine's answer), and, in the manifest, where in the AMI stream each session began and what the portal got.
struct LiveCapture {
    /// One FastAGI session of the call.
    struct Session {
        /// The environment block Asterisk sent.
        let environment: AGIEnvironmentFixture
        /// The variables the live engine set, in order (`SET VARIABLE NAME "value"` lines of `<name>.sent.agi`).
        let variables: [(name: String, value: String)]
        /// How many AMI messages the engine had been sent when the session began.
        let afterMessages: Int
        /// When it began, in seconds from the moment the call was placed.
        let began: Double
    }

    let name: String
    let linkedid: String
    /// Every AMI message the engine received while the call ran (the recording starts mid-session: no banner reply).
    let messages: [AMIMessage]
    let sessions: [Session]
    /// The live portal's journal entries of the call (`method`, `params`), as lab/live_run.py wrote them.
    let portal: [[String: Any]]

    init(_ name: String) throws {
        self.name = name
        let folder = "captures/live/"
        let manifestBytes = try RepositoryFiles.bytes(folder + name + ".json")
        guard let manifest = try JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any],
            let linkedid = manifest["linkedid"] as? String,
            let sessions = manifest["agi"] as? [[String: Any]]
        else { throw LiveCaptureError(name: name, problem: "the manifest lacks linkedid or agi") }
        self.linkedid = linkedid
        messages = try AMICapture(contentsOf: RepositoryFiles.url(folder + name + ".ami")).messages
        portal = manifest["portal"] as? [[String: Any]] ?? []
        self.sessions = try sessions.map { session in
            guard let file = session["file"] as? String, let sent = session["sent"] as? String,
                let after = session["after_ami_messages"] as? Int, let began = session["began"] as? Double
            else {
                throw LiveCaptureError(name: name, problem: "an AGI session lacks file, sent or after_ami_messages")
            }
            let answer = String(decoding: try RepositoryFiles.bytes(folder + sent), as: UTF8.self)
            return Session(
                environment: AGIEnvironmentFixture(bytes: try RepositoryFiles.bytes(folder + file)),
                variables: answer.split(separator: "\n").compactMap(Self.setVariable),
                afterMessages: after,
                began: began
            )
        }
    }

    /// The events among `messages[range]` that Asterisk sent on its own (not the replies to the engine's actions,
    /// which carry its ActionID: the test AMI server answers the engine's actions itself).
    func events(_ range: Range<Int>) -> [AMIMessage] {
        messages[range].filter { $0.kind == .event && $0.actionID == nil }
    }

    /// `SET VARIABLE QUEUE_ACTION "dial"` → (`QUEUE_ACTION`, `dial`).
    static func setVariable(_ line: Substring) -> (name: String, value: String)? {
        let parts = line.split(separator: " ", maxSplits: 3)
        guard parts.count == 4, parts[0] == "SET", parts[1] == "VARIABLE" else { return nil }
        var value = parts[3]
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
        return (
            String(parts[2]),
            value.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        )
    }

    /// The live portal's entries of `method` (lower-cased, as the fake journals it).
    func portalEntries(_ method: String) -> [[String: Any]] {
        portal.filter { ($0["method"] as? String) == method && ($0["status"] as? Int) == 200 }
    }
}

/// A live capture that cannot be read.
struct LiveCaptureError: Error, CustomStringConvertible {
    let name: String
    let problem: String
    var description: String { "captures/live/\(name): \(problem)" }
}
