import AMIProtocol
import Adapters
public import RuleDSL

/// Everything the checks judge: the configuration, the rules and what they require, manager.conf, and what the
/// probes learned from Asterisk and the portal. Built once per run by ``Doctor/run(config:configPath:options:)``.
public struct DoctorContext: Sendable {
    /// The rules as the daemon loads them.
    public enum Rules: Sendable {
        case loaded(CompiledRuleSet)
        /// They do not load: the count of errors and the first one, as `engine lint` prints it.
        case failed(errors: Int, first: String)
    }

    public var config: EngineConfig
    /// The configuration file's path (for messages).
    public var configPath: String
    public var rules: Rules
    /// What the rules (or, when they do not load, the engine alone) need.
    public var requirements: EngineRequirements
    public var managerConf: ManagerConfSource
    public var ami: AMIProbeResult
    public var portal: PortalProbeResult
    /// Extensions seen on the PBX: queue members and phones that rang in the given captures.
    public var extensions: [ExtensionSighting]
    /// Captures that could not be read.
    public var unreadableCaptures: [String]
    public var options: DoctorOptions
}
