import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

extension EndToEndRig {
    /// Rewrites engine.yaml with the public listener on a free port and the click-to-call settings the captures were
    /// recorded with (the operator's phone `Local/201@agents`, the client dialled in context `outgoing`).
    func enableClickToCall() throws {
        let extra = """

            http: {listen: "127.0.0.1:0"}
            click_to_call: {channel: "Local/{ext}@agents", context: outgoing, ring_seconds: 15}
            """
        try (config + extra).write(to: folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
    }

    /// `POST /bitrix24/events` of the engine, once its public listener has logged its port.
    func eventsURL() async throws -> String {
        var port: Int?
        let logged = await eventually(timeout: .seconds(20)) {
            for line in self.log.split(separator: "\n")
            where line.contains("switchboard.http.public") && line.contains("listening") {
                guard let range = line.range(of: "port=") else { continue }
                port = Int(line[range.upperBound...].prefix { $0.isNumber }).flatMap { $0 > 0 ? $0 : nil }
            }
            return port != nil
        }
        #expect(logged, "the public listener never logged its port\n\(log)")
        return "http://127.0.0.1:\(port ?? 0)/bitrix24/events"
    }

    /// The event options of the rig's portal (its application token).
    static var events: FakeBitrix24EventOptions { FakeBitrix24EventOptions(applicationToken: appToken) }

    /// The portal's user `userID` clicks `phone` (the event carrying `eventPhone` instead when given), posting to
    /// `url`.
    func click(
        _ userID: Int = 11,
        phone: String,
        eventPhone: String? = nil,
        url: String,
        options: FakeBitrix24EventOptions = events
    ) async throws -> (callID: String, deliveries: [FakeBitrix24EventDelivery]) {
        try await portal.clickToCall(
            userID: userID,
            phoneNumber: phone,
            eventPhoneNumber: eventPhone,
            handlerURL: url,
            options: options
        )
    }

    /// Every Originate the AMI server received.
    var originates: [AMIMessage] { ami.receivedActions.filter { $0.name?.lowercased() == "originate" } }

    /// Successful commands of `method` naming `callID`.
    func commands(_ method: String, of callID: String) -> [FakeBitrix24JournalEntry] {
        calls(method).filter { $0.params["CALL_ID"]?.stringValue == callID }
    }

    /// Waits until the call Bitrix24 registered as `callID` has been finished.
    @discardableResult
    func awaitFinish(ofCallID callID: String, timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(timeout: timeout) { !self.commands("telephony.externalcall.finish", of: callID).isEmpty }
    }
}
