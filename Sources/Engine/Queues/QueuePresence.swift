public import AMIProtocol
public import Foundation

/// Reads member availability from the AMI stream: `DeviceStateChange` (`Device`, `State`), `ExtensionStatus`
/// (`Hint` device or `Exten`, `Status` bits) and app_queue's `QueueMemberPause` (`Interface`, `Paused`,
/// `PausedReason`/`Reason`). The queue state machine holds the result; this is the only way in from AMI.
public enum QueuePresence {
    /// A change of one member's availability.
    public enum Change: Sendable, Hashable {
        case deviceState(device: String, state: QueueDeviceState)
        case pause(device: String, paused: Bool, reason: String?)
    }

    /// The change `message` reports, or `nil` when it is not one of these events or is malformed.
    public static func change(from message: AMIMessage) -> Change? {
        switch message["Event"] {
        case "DeviceStateChange":
            guard let device = message["Device"], !device.isEmpty, let text = message["State"],
                let state = QueueDeviceState(rawValue: text.uppercased())
            else { return nil }
            return .deviceState(device: device, state: state)
        case "ExtensionStatus":
            guard let text = message["Status"], let status = Int(text) else { return nil }
            // `Hint` is the device list of the hint (`PJSIP/201` or `PJSIP/201&Custom:x`); the first one counts.
            let hint = message["Hint"]?.split(separator: "&").first.map(String.init)
            guard let device = hint ?? message["Exten"], !device.isEmpty else { return nil }
            return .deviceState(device: device, state: QueueDeviceState(extensionStatus: status))
        case "QueueMemberPause":
            guard let device = message["Interface"] ?? message["StateInterface"], !device.isEmpty,
                let paused = message["Paused"]
            else { return nil }
            let reason = message["PausedReason"] ?? message["Reason"]
            return .pause(device: device, paused: paused == "1", reason: reason?.isEmpty == false ? reason : nil)
        default:
            return nil
        }
    }
}

extension QueueStateMachine {
    /// Applies an AMI availability change (see ``QueuePresence``); other messages change nothing.
    public mutating func presence(_ message: AMIMessage, at time: Date) -> [QueueAction] {
        switch QueuePresence.change(from: message) {
        case .deviceState(let device, let state)?: return deviceStateChanged(device, to: state, at: time)
        case .pause(let device, let paused, let reason)?:
            return pauseChanged(device, paused: paused, reason: reason, at: time)
        case nil: return []
        }
    }
}
