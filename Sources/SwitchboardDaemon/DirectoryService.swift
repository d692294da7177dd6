import Actions
import Adapters
import Logging
import ServiceLifecycle

/// Keeps `user_of` current: refreshes the portal's user directory every `interval` into the lookup the rules read.
struct DirectoryService: Service {
    let directory: Bitrix24UserDirectory
    let lookup: UserLookup
    let interval: Duration
    let logger: Logger

    /// One refresh now (at start, before the first call is handled); false when it failed.
    @discardableResult
    static func refresh(_ directory: Bitrix24UserDirectory, into lookup: UserLookup, logger: Logger) async -> Bool {
        do {
            let snapshot = try await directory.refresh()
            lookup.update(snapshot)
            return true
        } catch {
            logger.warning(
                "user directory not loaded; user_of answers only the configured overrides until it is",
                metadata: ["error": "\(error)"]
            )
            return false
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await Self.refresh(directory, into: lookup, logger: logger)
            }
        }
    }
}
