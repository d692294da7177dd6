import Actions
import Adapters
import Engine
import Foundation

/// Everything the console's overview shows, gathered at one moment.
struct ConsoleState: Sendable {
    var now: Date
    var links: HealthReport
    /// Calls in progress.
    var calls: [Call]
    /// The calls traced, newest first; nil when traces are off.
    var traces: [CallTrace]?
    var outboxDepth: Int
    var portalPaused: Bool
    /// The latest dead letters, newest first.
    var deadLetters: [DeadLetter]
    var deadLetterCount: Int
    /// Why the dead letters could not be read, if they could not.
    var deadLetterProblem: String?
    /// The rules in force and the last reload.
    var inForce: ReloadReport
    var lastReload: ReloadReport

    static let deadLettersShown = 20

    static func gather(
        pipeline: CallPipeline,
        scheduler: PortalScheduler?,
        outbox: Outbox?,
        reloader: RuleReloader,
        health: HealthRegistry
    ) async -> ConsoleState {
        var letters: [DeadLetter] = []
        var problem: String?
        if let outbox {
            do { letters = try await outbox.deadLetters() } catch { problem = "\(error)" }
        }
        return ConsoleState(
            now: Date(),
            links: health.report(),
            calls: await pipeline.liveCalls,
            traces: await pipeline.recentTraces,
            outboxDepth: await scheduler?.pendingCount ?? 0,
            portalPaused: await scheduler?.isPortalPaused ?? false,
            deadLetters: Array(letters.suffix(deadLettersShown).reversed()),
            deadLetterCount: letters.count,
            deadLetterProblem: problem,
            inForce: await reloader.inForce,
            lastReload: await reloader.last
        )
    }
}
