import Foundation
public import Logging

/// Extension ↔ Bitrix24 user, from `user.get` (`UF_PHONE_INNER`): cached, refreshed periodically and on
/// demand. A failed (or empty) refresh keeps serving the previous map. Static overrides win over the
/// portal; unmapped extensions fall back to the default user.
public actor Bitrix24UserDirectory {
    /// Directory settings.
    public struct Configuration: Sendable {
        /// User for extensions the portal does not map (`nil` = none).
        public var defaultUserID: Int?
        /// Extension → user id, from the configuration; wins over the portal.
        public var overrides: [String: Int]
        /// Time between periodic refreshes.
        public var refreshInterval: Duration

        /// Defaults: no default user, no overrides, refresh every 5 minutes.
        public init(
            defaultUserID: Int? = nil,
            overrides: [String: Int] = [:],
            refreshInterval: Duration = .seconds(300)
        ) {
            self.defaultUserID = defaultUserID
            self.overrides = overrides
            self.refreshInterval = refreshInterval
        }
    }

    private let source: any Bitrix24UserSource
    private let configuration: Configuration
    private let logger: Logger
    private var current: Bitrix24DirectorySnapshot?
    private var lastError: String?
    private var refreshesCompleted = 0
    private var inFlight: Task<Bitrix24DirectorySnapshot, any Error>?

    /// A directory reading from `source` (normally the ``Bitrix24Client``); empty until the first refresh.
    public init(
        source: any Bitrix24UserSource,
        configuration: Configuration = .init(),
        logger: Logger = Logger(label: "switchboard.bitrix24.directory")
    ) {
        self.source = source
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: Lookups

    /// Resolves an extension: override, then the portal map, then the default user.
    public func resolve(extension ext: String) -> Bitrix24ExtensionResolution {
        let key = ext.trimmingCharacters(in: .whitespaces)
        if let id = configuration.overrides[key] { return .override(userID: id) }
        if let id = current?.userByExtension[key] { return .directory(userID: id) }
        if let id = configuration.defaultUserID { return .defaultUser(userID: id) }
        return .unmapped
    }

    /// The user id for an extension (override, portal, or default user).
    public func userID(forExtension ext: String) -> Int? {
        resolve(extension: ext).userID
    }

    /// The extension of a user (overrides first).
    public func phoneInner(forUser userID: Int) -> String? {
        if let ext = configuration.overrides.filter({ $0.value == userID }).keys.sorted().first { return ext }
        return current?.extensionByUser[userID]
    }

    /// A user from the last good listing.
    public func user(id: Int) -> Bitrix24User? { current?.users[id] }

    /// The map being served (`nil` before the first successful refresh).
    public var snapshot: Bitrix24DirectorySnapshot? { current }

    /// Number of successful refreshes so far.
    public var successfulRefreshes: Int { refreshesCompleted }

    /// Health for `/health` and logs.
    public var status: Bitrix24DirectoryStatus {
        Bitrix24DirectoryStatus(
            mappedExtensions: current?.userByExtension.count ?? 0,
            servedSince: current?.fetchedAt,
            lastRefreshError: lastError,
            duplicateExtensions: current?.duplicateExtensions ?? [:],
            inactiveWithExtension: current?.inactiveWithExtension ?? []
        )
    }

    // MARK: Refresh

    /// Fetches the whole user list now (on demand). Concurrent callers share one fetch.
    /// On failure — or an empty listing — the previous map stays in service and the error is rethrown.
    @discardableResult
    public func refresh() async throws -> Bitrix24DirectorySnapshot {
        if let inFlight { return try await inFlight.value }
        let source = self.source
        let task = Task { () throws -> Bitrix24DirectorySnapshot in
            let users = try await source.fetchAllUsers()
            guard !users.isEmpty else { throw Bitrix24DirectoryRefreshError.emptyListing }
            return Bitrix24DirectorySnapshot(users: users)
        }
        inFlight = task
        defer { inFlight = nil }
        do {
            let fresh = try await task.value
            report(changesFrom: current, to: fresh)
            current = fresh
            lastError = nil
            refreshesCompleted += 1
            return fresh
        } catch {
            let text = (error as? Bitrix24Error)?.description ?? String(describing: error)
            lastError = text
            logger.warning(
                "bitrix24 user directory refresh failed; keeping the previous map",
                metadata: [
                    "error": "\(text)", "served_extensions": "\(current?.userByExtension.count ?? 0)",
                ]
            )
            throw error
        }
    }

    /// Refreshes now and then every `refreshInterval` until the task is cancelled. Failures are logged
    /// and kept in ``status``; they never stop the loop.
    public func run() async {
        while !Task.isCancelled {
            _ = try? await refresh()
            do { try await Task.sleep(for: configuration.refreshInterval) } catch { return }
        }
    }

    private func report(changesFrom old: Bitrix24DirectorySnapshot?, to new: Bitrix24DirectorySnapshot) {
        for (ext, holders) in new.duplicateExtensions.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "bitrix24 extension held by several active users; using the lowest id",
                metadata: [
                    "extension": "\(ext)", "users": "\(holders.map(String.init).joined(separator: ","))",
                ]
            )
        }
        if !new.inactiveWithExtension.isEmpty {
            logger.notice(
                "bitrix24 inactive users still have extensions (not mapped)",
                metadata: [
                    "users": "\(new.inactiveWithExtension.map(String.init).joined(separator: ","))"
                ]
            )
        }
        guard let old else {
            logger.info("bitrix24 user directory loaded", metadata: ["extensions": "\(new.userByExtension.count)"])
            return
        }
        let changed = Set(old.userByExtension.keys).union(new.userByExtension.keys)
            .filter { old.userByExtension[$0] != new.userByExtension[$0] }
        if !changed.isEmpty {
            logger.info(
                "bitrix24 user directory changed",
                metadata: ["extensions": "\(changed.sorted().joined(separator: ","))"]
            )
        }
    }
}
