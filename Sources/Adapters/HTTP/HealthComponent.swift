/// The names of the components that report their health to a `HealthRegistry`.
///
/// Names are free strings; these constants are the ones Switchboard uses, so `/healthz` names them the same
/// way everywhere.
public enum HealthComponent {
    /// The AMI link to Asterisk.
    public static let ami = "ami"
    /// The Bitrix24 portal (REST reachable, token valid, not dead-lettering).
    public static let portal = "portal"
    /// The SQLite state and outbox.
    public static let storage = "storage"
    /// The rules in force (loaded and valid).
    public static let rules = "rules"
}
