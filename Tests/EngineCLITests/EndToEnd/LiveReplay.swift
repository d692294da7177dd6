import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Replays a live capture (``LiveCapture``) to the real `engine run`: the AMI stream the live engine received, and,
/// each at the point of the stream where the live one began, the FastAGI sessions Asterisk opened — asked by the
/// scripted Asterisk peer with the recorded environment block.
enum LiveReplay {
    /// What the replay came to: the variables the engine set in each session, and the call's journal.
    struct Outcome {
        let answers: [[String: String]]
        let call: CallJournal
        /// The leads' updates the portal got (the responsible of an unknown caller's lead).
        let leadUpdates: [FakeBitrix24JournalEntry]
    }

    /// Runs `live` through `rig`'s engine with FastAGI on, the lab's rules (lab/rules) beside the bundled ones and the
    /// live portal's known clients. `paced`: the AMI stream at its recorded pace and each session no earlier after the
    /// first than it came live (an engine queue's maximum wait runs on the engine's clock); otherwise all at once.
    static func run(_ live: LiveCapture, rig: EndToEndRig, paced: Bool = false) async throws -> Outcome {
        for file in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.url("lab/rules").path) {
            try FileManager.default.copyItem(
                at: RepositoryFiles.url("lab/rules/" + file),
                to: rig.rulesFolder.appendingPathComponent(file)
            )
        }
        try rig.writeConfig(adding: "agi: {listen: \"127.0.0.1:0\", deadline_ms: 3000}")
        for phone in ["79161234567", "79165550000"] {
            _ = rig.portal.addCrmEntity(
                FakeBitrix24CrmEntity(type: "CONTACT", name: "Client", phones: [phone], assignedByID: 12)
            )
        }
        try await rig.startEngine()
        let agiPort = try await AGIPort.of(rig)
        var sent = 0
        var answers: [[String: String]] = []
        var first: (live: Double, replay: ContinuousClock.Instant)?
        let speed: AMIReplaySpeed = paced ? .scaled(1) : .instant
        for session in live.sessions {
            await rig.ami.replay(events: live.events(sent..<session.afterMessages), speed: speed)
            sent = session.afterMessages
            if paced, let first {
                try await Task.sleep(until: first.replay + .seconds(session.began - first.live))
            }
            if first == nil { first = (session.began, .now) }
            let outcome = try await AGITestClient.run(port: agiPort, environment: session.environment.bytes)
            answers.append(outcome.variables)
        }
        await rig.ami.replay(events: live.events(sent..<live.messages.count), speed: speed)
        let finished = await rig.awaitFinish(of: live.linkedid)
        #expect(finished, "\(live.name): no finish\n\(rig.describeJournal())\n\(rig.log)")
        #expect(await rig.stopEngine() == 0, "\(live.name): engine did not stop cleanly\n\(rig.log)")
        return Outcome(
            answers: answers,
            call: rig.journal(of: live.linkedid),
            leadUpdates: rig.calls("crm.lead.update")
        )
    }
}
