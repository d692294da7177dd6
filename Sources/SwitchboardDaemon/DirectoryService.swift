import Actions
import Adapters
import Logging
import ServiceLifecycle

/// Keeps `user_of` current: refreshes the portal's user directory every `interval` into the lookup the rules read;
/// while the directory has not loaded (the portal was unreachable at start, or a refresh failed), it tries again
/// every `retryInterval` instead.
struct DirectoryService: Service {
    let directory: Bitrix24UserDirectory
    let lookup: UserLookup
    let interval: Duration
    var retryInterval: Duration = .seconds(15)
    /// Whether the start-up refresh loaded the directory.
    var loaded: Bool
    let logger: Logger
    /// Waits between refreshes (a test passes one that returns at once and records the intervals).
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

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
            var loaded = self.loaded
            while !Task.isCancelled {
                do { try await sleep(loaded ? interval : retryInterval) } catch { return }
                loaded = await Self.refresh(directory, into: lookup, logger: logger)
            }
        }
    }
}
