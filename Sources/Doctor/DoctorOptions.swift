import AMIProtocol
import Adapters
import RuleDSL

/// How `engine doctor` looks.
public struct DoctorOptions: Sendable {
    /// The manager.conf to read (`read`, `write`, `eventfilter`, `timestampevents` cannot be asked over AMI).
    public var managerConfPath: String
    /// Recorded AMI sessions (`.ami`) whose ringing extensions are checked against the portal's users, besides the
    /// queue members Asterisk lists.
    public var capturePaths: [String]
    /// How long to wait for an event after login (to see whether events carry `Timestamp:`).
    public var listenTimeout: Duration
    /// A clock this far from this host's (seconds) is a warning.
    public var clockWarningSeconds: Double
    /// A clock this far from this host's (seconds) is a failure.
    public var clockFailureSeconds: Double

    /// Options; by default manager.conf is read from `/etc/asterisk/manager.conf`.
    public init(
        managerConfPath: String = "/etc/asterisk/manager.conf",
        capturePaths: [String] = [],
        listenTimeout: Duration = .seconds(3),
        clockWarningSeconds: Double = 2,
        clockFailureSeconds: Double = 30
    ) {
        self.managerConfPath = managerConfPath
        self.capturePaths = capturePaths
        self.listenTimeout = listenTimeout
        self.clockWarningSeconds = clockWarningSeconds
        self.clockFailureSeconds = clockFailureSeconds
    }
}
