import Adapters
import Logging
import ServiceLifecycle

/// Tells systemd (`Type=notify`) the daemon is ready once its HTTP listeners are bound — the rules are loaded, the
/// state file is open and the calls of the last run restored by then; AMI and the portal connect in the
/// background and report through `/healthz`. On shutdown it says `STOPPING=1`.
struct ReadinessService: Service {
    let admin: AdminServer
    let publicServer: PublicServer?
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        do {
            let adminPort = try await admin.listeningPort()
            let publicPort = try await publicServer?.listeningPort()
            let listening = "admin on port \(adminPort)" + (publicPort.map { ", public on port \($0)" } ?? "")
            let told = notifier.notify("READY=1\nSTATUS=listening: \(listening)")
            logger.notice("ready", metadata: ["listening": "\(listening)", "systemd": "\(told ? "told" : "no")"])
        } catch {
            // A listener that could not bind fails its own service, which stops the group.
        }
        try? await gracefulShutdown()
        notifier.notify("STOPPING=1")
    }
}
