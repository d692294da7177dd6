public import Actions
public import Adapters
import Foundation
public import Logging
import Metrics
public import RuleDSL

/// The one way rules are reloaded: SIGHUP, `POST /reload` and `engine reload` (which calls `POST /reload`) all come
/// here. The new rule set is built aside from a consistent reading of the folder (``RuleFolderSnapshot``: symbolic
/// links followed, files that change while read read again); any error keeps the rules in force, logs the report and
/// sets `switchboard_rules_last_reload_successful` to 0; success swaps the set into the pipeline at once, as a new
/// generation (calls in flight keep their state; an event is evaluated wholly by one generation).
///
/// Reloads are serialised and coalesced: a request that comes while a reload runs is answered by the next reload,
/// which starts once the running one is done and answers every request that came meanwhile — N requests during a
/// reload cost one more reload, never N, and none is answered by a reading older than the request.
public actor RuleReloader {
    let path: String
    let pipeline: CallPipeline
    let health: HealthRegistry
    let logger: Logger
    private var cache: RuleFileCache
    private var turns = ReloadTurns()
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let lastSuccessful = SwitchboardMetrics.rulesLastReload()
    private let generationGauge = SwitchboardMetrics.rulesInForce()

    /// The last reload (or the start's load).
    public private(set) var last: ReloadReport
    /// The last reload that put rules in force (or the start's load).
    public private(set) var inForce: ReloadReport

    /// Reads and checks the rules at start: the report (failed: do not start) and the cache for later reloads.
    public static func initialLoad(
        path: String
    ) -> (result: RuleSetLoader.Result, report: ReloadReport, cache: RuleFileCache) {
        let clock = ContinuousClock()
        let started = clock.now
        let at = Date()
        var cache = RuleFileCache()
        let snapshot = RuleFolderSnapshot.read(paths: [path])
        let result = RuleSetLoader.load(snapshot, cache: &cache)
        let report = ReloadReport(
            succeeded: result.ruleSet != nil,
            trigger: "start",
            at: at,
            duration: clock.now - started,
            generation: result.ruleSet == nil ? 0 : 1,
            ruleCount: result.ruleSet?.rules.count ?? 0,
            files: ReloadReport.files(of: snapshot),
            readings: snapshot.attempts,
            report: result.report
        )
        return (result, report, cache)
    }

    /// A reloader for the folder at `path` whose first load (generation 1, in the pipeline) `initial` reports.
    public init(
        path: String,
        pipeline: CallPipeline,
        health: HealthRegistry,
        logger: Logger,
        initial: ReloadReport,
        cache: RuleFileCache
    ) {
        self.path = path
        self.pipeline = pipeline
        self.health = health
        self.logger = logger
        self.last = initial
        self.inForce = initial
        self.cache = cache
        lastSuccessful.record(1)
        generationGauge.record(initial.generation)
    }

    /// Reloads (or joins the reload that will answer this request) and returns its report.
    public func reload(trigger: String) async -> ReloadReport {
        let ticket = turns.request()
        while true {
            switch turns.next(for: ticket) {
            case .answered:
                return last
            case .wait:
                await withCheckedContinuation { waiters.append($0) }
            case .run:
                let report = await perform(trigger: trigger)
                last = report
                if report.succeeded { inForce = report }
                turns.finished()
                let waiting = waiters
                waiters = []
                for waiter in waiting { waiter.resume() }
                return report
            }
        }
    }

    private func perform(trigger: String) async -> ReloadReport {
        let clock = ContinuousClock()
        let started = clock.now
        let at = Date()
        let snapshot = RuleFolderSnapshot.read(paths: [path])
        let loaded = RuleSetLoader.load(snapshot, cache: &cache)
        let files = ReloadReport.files(of: snapshot)
        guard let ruleSet = loaded.ruleSet else {
            let report = ReloadReport(
                succeeded: false,
                trigger: trigger,
                at: at,
                duration: clock.now - started,
                generation: inForce.generation,
                ruleCount: inForce.ruleCount,
                files: files,
                readings: snapshot.attempts,
                report: loaded.report
            )
            let first = loaded.report.diagnostics.first { $0.severity == .error }
            logger.error(
                "rules not reloaded: the rules in force stay",
                metadata: [
                    "path": "\(path)", "trigger": "\(trigger)", "errors": "\(loaded.report.errorCount)",
                    "first": "\(first.map { "\($0.range): \($0.message)" } ?? "-")",
                    "generation": "\(inForce.generation)",
                ]
            )
            logger.error("\(DiagnosticFormat.human.render(loaded.report, color: false))")
            SwitchboardMetrics.ruleReloads(result: .failed).increment()
            lastSuccessful.record(0)
            health.markHealthy(
                HealthComponent.rules,
                detail: "the last reload failed; generation \(inForce.generation) stays in force"
            )
            return report
        }
        let generation = await pipeline.load(ruleSet)
        let report = ReloadReport(
            succeeded: true,
            trigger: trigger,
            at: at,
            duration: clock.now - started,
            generation: generation,
            ruleCount: ruleSet.rules.count,
            files: files,
            readings: snapshot.attempts,
            report: loaded.report
        )
        logger.notice(
            "rules reloaded",
            metadata: [
                "path": "\(path)", "trigger": "\(trigger)", "rules": "\(ruleSet.rules.count)",
                "generation": "\(generation)", "ms": "\(ReloadReport.milliseconds(report.duration))",
                "readings": "\(snapshot.attempts)",
            ]
        )
        SwitchboardMetrics.ruleReloads(result: .ok).increment()
        lastSuccessful.record(1)
        generationGauge.record(generation)
        health.markHealthy(HealthComponent.rules, detail: "\(ruleSet.rules.count) rules, generation \(generation)")
        return report
    }
}

extension ReloadReport {
    static func files(of snapshot: RuleFolderSnapshot) -> [File] {
        snapshot.files.map { file in
            File(
                path: file.path,
                resolvedPath: file.identity.resolvedPath.hasSuffix(file.path) ? nil : file.identity.resolvedPath,
                size: max(0, file.identity.size),
                modified: Date(timeIntervalSince1970: file.identity.modified)
            )
        }
    }
}
