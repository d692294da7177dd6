import Logging
import ServiceLifecycle
import UnixSignals

/// `kill -HUP`: reloads the rules (through the same ``RuleReloader`` as `POST /reload`); a folder with errors leaves
/// the rules in force untouched.
struct ReloadService: Service {
    let reloader: RuleReloader
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                logger.notice("SIGHUP: reloading the rules")
                _ = await reloader.reload(trigger: "SIGHUP")
            }
        }
    }
}
