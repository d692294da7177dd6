import CoreMetrics
public import Prometheus
import Synchronization

/// The names of every metric Switchboard exports, in one place, and the process-wide metrics bootstrap.
///
/// Metrics are recorded through swift-metrics (`Counter`, `Gauge`, `Timer`) with these labels and dimension
/// names; `/metrics` on the admin listener renders them in the Prometheus text format. Use the typed
/// handle factories in `SwitchboardMetrics+Handles.swift` rather than spelling labels at call sites: a
/// Prometheus family must always be used with the same dimension names (with and without dimensions at once
/// is a programming error that the registry traps on).
///
/// Dimension values must be bounded (rule ids, action names, fixed result words) and never carry secrets,
/// phone numbers or other request data.
public enum SwitchboardMetrics {
    // MARK: Metric names

    /// Counter: AMI events read from the socket and decoded.
    public static let amiEventsTotal = "switchboard_ami_events_total"
    /// Counter: AMI frames that could not be decoded (skipped, the link stays up).
    public static let amiDecodeErrorsTotal = "switchboard_ami_decode_errors_total"
    /// Gauge: 1 while the AMI link is logged in, 0 otherwise.
    public static let amiLinkUp = "switchboard_ami_link_up"
    /// Counter, dimension `reason` (`start`, `reconnect`, `decode_errors`, `periodic`): resynchronisations with
    /// `CoreShowChannels`.
    public static let amiResyncsTotal = "switchboard_ami_resyncs_total"
    /// Gauge: AMI events read and not yet taken by the pipeline (the one buffer between socket and rules).
    public static let amiEventBufferDepth = "switchboard_ami_event_buffer_depth"
    /// Counter: AMI links dropped because the event buffer stayed full past the stall limit (then resynchronised).
    public static let amiEventBufferStallsTotal = "switchboard_ami_event_buffer_stalls_total"
    /// Gauge: calls currently tracked by the call model.
    public static let callsActive = "switchboard_calls_active"
    /// Counter, dimension `rule`: rules whose trigger and conditions matched.
    public static let rulesFiredTotal = "switchboard_rules_fired_total"
    /// Counter, dimensions `action` and `result` (`ok`, `failed`): actions the rules asked for, by whether they
    /// could be executed.
    public static let actionsTotal = "switchboard_actions_total"
    /// Counter, dimension `reason` (`call_budget`, `ami_rate`, `unsafe_ami_value`): actions refused to stop a rule
    /// storm, or because a value would inject into an AMI action.
    public static let actionsRefusedTotal = "switchboard_actions_refused_total"
    /// Counter, dimension `result` (`ok`, `failed`): rule reloads.
    public static let ruleReloadsTotal = "switchboard_rule_reloads_total"
    /// Gauge: 1 when the last rule reload put its rules in force, 0 when it was rejected (the old rules stay).
    public static let rulesLastReloadSuccessful = "switchboard_rules_last_reload_successful"
    /// Gauge: the number of the rules generation in force (1 at start, one more per successful reload).
    public static let rulesGeneration = "switchboard_rules_generation"
    /// Gauge: commands waiting for the portal (in the durable outbox, and held in memory while it cannot be written).
    public static let outboxDepth = "switchboard_outbox_depth"
    /// Gauge: the outbox's high-water mark (`bitrix24.outbox_high_water`), for alert rules on the depth.
    public static let outboxHighWater = "switchboard_outbox_high_water"
    /// Counter: times the outbox's depth passed its high-water mark (each logged as an error).
    public static let outboxHighWaterAlertsTotal = "switchboard_outbox_high_water_alerts_total"
    /// Counter: commands given up on and moved to the dead-letter table.
    public static let outboxDeadLettersTotal = "switchboard_outbox_dead_letters_total"
    /// Counter: HTTP requests sent to the Bitrix24 portal (a batch counts once).
    public static let bitrix24RequestsTotal = "switchboard_bitrix24_requests_total"
    /// Counter: Bitrix24 answers `QUERY_LIMIT_EXCEEDED` (the portal's request-rate limit, HTTP 503).
    public static let bitrix24RateLimitedTotal = "switchboard_bitrix24_rate_limited_total"
    /// Timer (Prometheus histogram, seconds): duration of one Bitrix24 HTTP request.
    public static let bitrix24RequestSeconds = "switchboard_bitrix24_request_seconds"
    /// Counter: writes to the state file that failed — call state, and outbox writes (new commands are then held in
    /// memory and written again; `/healthz` names `storage` until nothing is held in memory).
    public static let storageErrorsTotal = "switchboard_storage_errors_total"
    /// Counter: outbox rows that could not be read at start, moved to the `quarantine` table.
    public static let outboxQuarantinedTotal = "switchboard_outbox_quarantined_total"
    /// Counter: time-sensitive commands (cards shown) dropped for being older than their maximum age.
    public static let outboxExpiredTotal = "switchboard_outbox_expired_total"
    /// Gauge: age in seconds of the oldest command waiting in the outbox (0 when none waits).
    public static let outboxOldestSeconds = "switchboard_outbox_oldest_seconds"
    /// Counter, dimension `table` (`delivered`, `dead_letters`): rows removed by housekeeping.
    public static let outboxPrunedTotal = "switchboard_outbox_pruned_total"

    /// Counter, dimension `reason` (`request_timeout`, `body_too_large`): public HTTP connections closed by the
    /// listener's limits.
    public static let httpRejectedTotal = "switchboard_http_rejected_total"
    /// Gauge: connections open on the public HTTP listener.
    public static let httpPublicConnections = "switchboard_http_public_connections"

    /// Counter, dimension `outcome` (`decided`, `nothing`, `deadline`, `hangup`, …): FastAGI sessions ended.
    public static let agiSessionsTotal = "switchboard_agi_sessions_total"
    /// Gauge: FastAGI sessions open now.
    public static let agiSessionsActive = "switchboard_agi_sessions_active"
    /// Timer (Prometheus histogram, seconds): a FastAGI request's first byte to its answer written (or the close).
    public static let agiAnswerSeconds = "switchboard_agi_answer_seconds"
    /// Counter, dimension `result` (`cached`, `fetched`, `failed`): CRM lookups FastAGI decisions waited for.
    public static let agiLookupsTotal = "switchboard_agi_lookups_total"
    /// Counter, dimension `action` (`dial`, `wait`, `goto`, `continue`, `done`): answers engine queues gave the
    /// dialplan.
    public static let queueAnswersTotal = "switchboard_queue_answers_total"
    /// Gauge: callers engine queues serve now (waiting, ringing or talking).
    public static let queueCallers = "switchboard_queue_callers"

    /// Counter, dimension `result` (`attached`, `missing`, `empty`, `corrupt`, …): recordings the rules attached, by
    /// what became of them.
    public static let recordingsTotal = "switchboard_recordings_total"
    /// Counter: events Bitrix24 posted to `POST /bitrix24/events`, by event and what became of them.
    public static let bitrix24EventsTotal = "switchboard_bitrix24_events_total"

    /// Every metric name above, for documentation checks and tests.
    public static let allNames: [String] = [
        amiEventsTotal, amiDecodeErrorsTotal, amiLinkUp, amiResyncsTotal, amiEventBufferDepth,
        amiEventBufferStallsTotal, callsActive, rulesFiredTotal, actionsTotal, actionsRefusedTotal, ruleReloadsTotal,
        rulesLastReloadSuccessful, rulesGeneration, outboxDepth, outboxHighWater,
        outboxHighWaterAlertsTotal, outboxDeadLettersTotal, outboxQuarantinedTotal,
        outboxExpiredTotal, outboxOldestSeconds, outboxPrunedTotal, bitrix24RequestsTotal, bitrix24RateLimitedTotal,
        bitrix24RequestSeconds, storageErrorsTotal, httpRejectedTotal, httpPublicConnections, recordingsTotal,
        bitrix24EventsTotal, agiSessionsTotal, agiSessionsActive, agiAnswerSeconds, agiLookupsTotal, queueAnswersTotal,
        queueCallers,
    ]

    // MARK: Dimension names and values

    /// Dimension names (Prometheus label names).
    public enum Dimension {
        /// The rule id (`switchboard_rules_fired_total`).
        public static let rule = "rule"
        /// The action name, e.g. `telephony.externalcall.register` (`switchboard_actions_total`); the `QUEUE_ACTION`
        /// told to the dialplan (`switchboard_queue_answers_total`).
        public static let action = "action"
        /// The outcome word (`switchboard_actions_total`, `switchboard_rule_reloads_total`,
        /// `switchboard_recordings_total`).
        public static let result = "result"
        /// The event Bitrix24 posted: `click_to_call`, `callback_requested`, `other`, or `unknown` before it was read
        /// (`switchboard_bitrix24_events_total`).
        public static let event = "event"
        /// Why it happened (`switchboard_ami_resyncs_total`).
        public static let reason = "reason"
        /// The outbox table (`switchboard_outbox_pruned_total`).
        public static let table = "table"
        /// How a FastAGI session ended (`switchboard_agi_sessions_total`).
        public static let outcome = "outcome"
    }

    /// The `result` dimension of `switchboard_actions_total`.
    public enum ActionResult: String, Sendable, CaseIterable {
        /// Executed: a Bitrix24 command queued in the outbox (its delivery is counted by the outbox metrics), an AMI
        /// action sent, a log line written, a call value set.
        case ok
        /// Not executed: an argument did not evaluate or has the wrong type, a result it needed never came, or the
        /// portal or the AMI link it needs is not configured. (An AMI action Asterisk refuses later is logged and
        /// lands as a failed result; a Bitrix24 command given up is counted as a dead letter.)
        case failed
    }

    /// The `result` dimension of `switchboard_agi_lookups_total`.
    public enum LookupResult: String, Sendable, CaseIterable {
        /// Answered from the cache.
        case cached
        /// Asked from the portal.
        case fetched
        /// The portal failed or did not answer in time.
        case failed
    }

    /// The `result` dimension of `switchboard_rule_reloads_total`.
    public enum ReloadResult: String, Sendable, CaseIterable {
        /// The new rules were loaded and are in force.
        case ok
        /// The new rules were rejected; the previous rules stay in force.
        case failed
    }

    /// The `reason` dimension of `switchboard_http_rejected_total`.
    public enum HTTPRejection: String, Sendable, CaseIterable {
        /// The request (head and body) did not arrive within the listener's request timeout.
        case requestTimeout = "request_timeout"
        /// The request body is over the listener's limit (answered 413).
        case bodyTooLarge = "body_too_large"
    }

    // MARK: Bootstrap

    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Whether ``bootstrap()`` ran: handles made from now on are recorded.
    static var isBootstrapped: Bool { bootstrapped.withLock { $0 != nil } }

    /// Bootstraps swift-metrics with a Prometheus factory, once per process, and returns its registry.
    ///
    /// The first call creates a registry and calls `MetricsSystem.bootstrap`; later calls (another test, the
    /// daemon) return the same registry. Metric handles created before the first call stay no-ops, so call
    /// this before building components that create handles in their initialisers. Never call
    /// `MetricsSystem.bootstrap` directly elsewhere: swift-metrics allows one bootstrap per process.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        bootstrapped.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            current = registry
            return registry
        }
    }
}
