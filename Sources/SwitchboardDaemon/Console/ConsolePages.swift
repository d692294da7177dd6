import Actions
import Adapters
import Engine
import Foundation

/// The live console on the admin listener: `GET /` (links, live calls, delivery, recent calls, rules; the live parts
/// refresh every 2 s from `GET /live`), `GET /calls/<Linkedid>` (one call's trace as a timeline: events → rules →
/// actions → portal answers), and their JSON: `GET /api/calls`, `GET /api/calls/<Linkedid>`. Server-rendered HTML,
/// a few lines of vanilla JavaScript for the refresh, usable on a phone.
struct ConsolePages: AdminConsole {
    let pipeline: CallPipeline
    let scheduler: PortalScheduler?
    let outbox: Outbox?
    let reloader: RuleReloader
    let health: HealthRegistry

    var routes: [String] { ["/", "/live", "/calls/:id", "/api/calls", "/api/calls/:id"] }

    func page(path: String, query: [String: String]) async -> AdminPage? {
        switch path {
        case "/":
            return .html(ConsoleHTML.overview(await state()))
        case "/live":
            return .html(ConsoleHTML.liveSections(await state()))
        case "/api/calls":
            return .json(ConsoleJSON.calls(await pipeline.recentTraces, live: await pipeline.liveCalls))
        default:
            if let id = Self.callID(in: path, after: "/calls/") {
                let live = await pipeline.liveCalls.first { $0.id == id }
                guard let traced = await pipeline.traced(id) else {
                    let off = await pipeline.recentTraces == nil
                    return .html(ConsoleHTML.missing(id, tracesOff: off, live: live), status: live == nil ? 404 : 200)
                }
                return .html(ConsoleHTML.call(traced, live: live, now: Date()))
            }
            if let id = Self.callID(in: path, after: "/api/calls/") {
                guard let traced = await pipeline.traced(id) else { return nil }
                return .json(ConsoleJSON.call(traced))
            }
            return nil
        }
    }

    private func state() async -> ConsoleState {
        await ConsoleState.gather(
            pipeline: pipeline,
            scheduler: scheduler,
            outbox: outbox,
            reloader: reloader,
            health: health
        )
    }

    private static func callID(in path: String, after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let raw = String(path.dropFirst(prefix.count))
        guard !raw.isEmpty, !raw.contains("/") else { return nil }
        return raw.removingPercentEncoding ?? raw
    }
}
