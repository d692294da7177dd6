public import Metrics

/// Typed factories for the metric handles, so every call site uses the right label and dimension names.
///
/// Each call looks the handle up in the metrics backend: create handles once (e.g. in an initialiser, after
/// `SwitchboardMetrics.bootstrap()`) and keep them. The counters asked for per event (rules fired, actions, FastAGI
/// sessions) are kept here after the first.
extension SwitchboardMetrics {
    /// `switchboard_ami_events_total`.
    public static func amiEvents() -> Counter { Counter(label: amiEventsTotal) }

    /// `switchboard_ami_decode_errors_total`.
    public static func amiDecodeErrors() -> Counter { Counter(label: amiDecodeErrorsTotal) }

    /// `switchboard_ami_link_up` (record 1 or 0).
    public static func amiLink() -> Gauge { Gauge(label: amiLinkUp) }

    /// `switchboard_ami_resyncs_total{reason=…}`.
    public static func amiResyncs(reason: String) -> Counter {
        Counter(label: amiResyncsTotal, dimensions: [(Dimension.reason, reason)])
    }

    /// `switchboard_ami_event_buffer_depth`.
    public static func amiEventBuffer() -> Gauge { Gauge(label: amiEventBufferDepth) }

    /// `switchboard_calls_active`.
    public static func activeCalls() -> Gauge { Gauge(label: callsActive) }

    /// `switchboard_rules_fired_total{rule=…}`.
    public static func rulesFired(rule: String) -> Counter {
        keptCounter(rulesFiredTotal, dimensions: [(Dimension.rule, rule)])
    }

    /// `switchboard_actions_total{action=…,result=…}`.
    public static func actions(action: String, result: ActionResult) -> Counter {
        keptCounter(actionsTotal, dimensions: [(Dimension.action, action), (Dimension.result, result.rawValue)])
    }

    /// `switchboard_actions_refused_total{reason=…}` (`call_budget`, `ami_rate`, `unsafe_ami_value`).
    public static func actionsRefused(reason: String) -> Counter {
        Counter(label: actionsRefusedTotal, dimensions: [(Dimension.reason, reason)])
    }

    /// `switchboard_rule_reloads_total{result=…}`.
    public static func ruleReloads(result: ReloadResult) -> Counter {
        Counter(label: ruleReloadsTotal, dimensions: [(Dimension.result, result.rawValue)])
    }

    /// `switchboard_rules_last_reload_successful` (record 1 or 0).
    public static func rulesLastReload() -> Gauge { Gauge(label: rulesLastReloadSuccessful) }

    /// `switchboard_rules_generation`.
    public static func rulesInForce() -> Gauge { Gauge(label: rulesGeneration) }

    /// `switchboard_outbox_depth`.
    public static func outbox() -> Gauge { Gauge(label: outboxDepth) }

    /// `switchboard_outbox_high_water`.
    public static func outboxHighWaterMark() -> Gauge { Gauge(label: outboxHighWater) }

    /// `switchboard_outbox_high_water_alerts_total`.
    public static func outboxHighWaterAlerts() -> Counter { Counter(label: outboxHighWaterAlertsTotal) }

    /// `switchboard_outbox_dead_letters_total`.
    public static func outboxDeadLetters() -> Counter { Counter(label: outboxDeadLettersTotal) }

    /// `switchboard_bitrix24_requests_total`.
    public static func bitrix24Requests() -> Counter { Counter(label: bitrix24RequestsTotal) }

    /// `switchboard_bitrix24_rate_limited_total`.
    public static func bitrix24RateLimited() -> Counter { Counter(label: bitrix24RateLimitedTotal) }

    /// `switchboard_recordings_total{result=…}`; `result` is one of a fixed set of words.
    public static func recordings(result: String) -> Counter {
        Counter(label: recordingsTotal, dimensions: [(Dimension.result, result)])
    }

    /// `switchboard_bitrix24_request_seconds` (a histogram in seconds).
    public static func bitrix24RequestDuration() -> Metrics.Timer { Metrics.Timer(label: bitrix24RequestSeconds) }

    /// `switchboard_bitrix24_events_total{event=…,result=…}`.
    public static func bitrix24Events(event: String, result: String) -> Counter {
        Counter(label: bitrix24EventsTotal, dimensions: [(Dimension.event, event), (Dimension.result, result)])
    }

    /// `switchboard_storage_errors_total`.
    public static func storageErrors() -> Counter { Counter(label: storageErrorsTotal) }

    /// `switchboard_ami_event_buffer_stalls_total`.
    public static func amiStalls() -> Counter { Counter(label: amiEventBufferStallsTotal) }

    /// `switchboard_outbox_quarantined_total`.
    public static func outboxQuarantined() -> Counter { Counter(label: outboxQuarantinedTotal) }

    /// `switchboard_outbox_expired_total`.
    public static func outboxExpired() -> Counter { Counter(label: outboxExpiredTotal) }

    /// `switchboard_outbox_oldest_seconds`.
    public static func outboxOldest() -> Gauge { Gauge(label: outboxOldestSeconds) }

    /// `switchboard_outbox_pruned_total{table=…}` (`delivered`, `dead_letters`).
    public static func outboxPruned(table: String) -> Counter {
        Counter(label: outboxPrunedTotal, dimensions: [(Dimension.table, table)])
    }

    /// `switchboard_http_rejected_total{reason=…}`.
    public static func httpRejected(_ reason: HTTPRejection) -> Counter {
        Counter(label: httpRejectedTotal, dimensions: [(Dimension.reason, reason.rawValue)])
    }

    /// `switchboard_http_public_connections`.
    public static func publicConnections() -> Gauge { Gauge(label: httpPublicConnections) }

    /// `switchboard_agi_sessions_total{outcome=…}`.
    public static func agiSessions(outcome: String) -> Counter {
        keptCounter(agiSessionsTotal, dimensions: [(Dimension.outcome, outcome)])
    }

    /// `switchboard_agi_sessions_active`.
    public static func agiActiveSessions() -> Gauge { Gauge(label: agiSessionsActive) }

    /// `switchboard_agi_answer_seconds` (a histogram in seconds).
    public static func agiAnswerDuration() -> Metrics.Timer { Metrics.Timer(label: agiAnswerSeconds) }

    /// `switchboard_queue_answers_total{action=…}`.
    public static func queueAnswers(action: String) -> Counter {
        Counter(label: queueAnswersTotal, dimensions: [(Dimension.action, action)])
    }

    /// `switchboard_queue_callers`.
    public static func queueCallerCount() -> Gauge { Gauge(label: queueCallers) }

    /// `switchboard_agi_lookups_total{result=…}`.
    public static func agiLookups(result: LookupResult) -> Counter {
        Counter(label: agiLookupsTotal, dimensions: [(Dimension.result, result.rawValue)])
    }
}
