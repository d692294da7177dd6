import AMIProtocol
import Adapters
import RuleDSL

/// The checks `engine doctor` runs, in the order it prints them.
public enum DoctorRegistry {
    /// Every check: the rules, the Asterisk side, the portal, the user directory, the host.
    public static let standard: [any DoctorCheck] = [
        RulesCheck(),
        AMIReachableCheck(),
        AMILoginCheck(),
        AsteriskVersionCheck(),
        ManagerConfCheck(),
        AMIWriteClassCheck(),
        AMIReadClassCheck(),
        AMIEventFilterCheck(),
        TimestampEventsCheck(),
        WriteTimeoutCheck(),
        AMIClockCheck(),
        WebhookCheck(),
        WebhookScopeCheck(),
        PortalClockCheck(),
        ExtensionUserCheck(),
        DuplicateExtensionCheck(),
        StateFileCheck(),
        RecordingsFolderCheck(),
    ]
}
