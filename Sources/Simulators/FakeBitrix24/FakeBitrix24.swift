import Foundation
import Hummingbird
import Logging
import NIOCore
import OrderedCollections
import Synchronization

/// A faithful fake Bitrix24 portal over real HTTP on 127.0.0.1.
///
/// It answers the inbound-webhook routes `/rest/{uid}/{secret}/{method}[.json|.xml][/]` with the envelopes,
/// status codes and quirks of the real portal, keeps a telephony state machine, a small CRM and a user
/// list, limits the request rate, injects faults on demand and journals every command.
///
/// ```swift
/// let portal = FakeBitrix24()
/// portal.addUser(FakeBitrix24User(id: 12, name: "Olga", phoneInner: "101"))
/// try await portal.start()
/// // … point a client at portal.webhookURL …
/// await portal.stop()
/// ```
public final class FakeBitrix24: Sendable {
    /// The clock used for rate limiting, de-duplication and `time` blocks.
    public let clock: any FakeClock
    let state: Mutex<FakePortalState>
    let settings: Mutex<FakeBitrix24Configuration>
    private let runtime = Mutex<(task: Task<Void, Never>?, port: Int)>((nil, 0))

    /// A fake portal with the given configuration; the webhook's own user (id `webhookUserID`) is created.
    public init(configuration: FakeBitrix24Configuration = .init(), clock: any FakeClock = FakeSystemClock()) {
        self.clock = clock
        self.settings = Mutex(configuration)
        var initial = FakePortalState()
        initial.users[configuration.webhookUserID] = FakeBitrix24User(
            id: configuration.webhookUserID,
            name: "Admin",
            lastName: "Webhook"
        )
        initial.rateLimiter = configuration.rateLimit.map {
            FakeRateLimiter(capacity: $0.capacity, drainPerSecond: $0.drainPerSecond)
        }
        self.state = Mutex(initial)
    }

    // MARK: Lifecycle

    /// Starts the HTTP server on 127.0.0.1 at a free port; returns once it accepts connections.
    public func start() async throws {
        guard runtime.withLock({ $0.task == nil }) else { return }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "FakeBitrix24")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<FakePortalRequestContext> { [self] request, context in
                await self.respond(to: request, context: context)
            },
            server: .http1(configuration: .init(additionalChannelHandlers: [FakeArrivalStamp()])),
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: 0),
                serverName: "FakeBitrix24"
            ),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task {
            do { try await app.run() } catch {}
            continuation.finish()
        }
        var bound = 0
        for await port in ports { bound = port }
        guard bound > 0 else {
            task.cancel()
            throw FakeBitrix24StartError()
        }
        runtime.withLock { $0 = (task, bound) }
    }

    /// Stops the server; hung requests are released (their connections close).
    public func stop() async {
        let task = runtime.withLock { current -> Task<Void, Never>? in
            defer { current.task = nil }
            return current.task
        }
        task?.cancel()
        await task?.value
    }

    /// The bound port (0 before `start`).
    public var port: Int { runtime.withLock { $0.port } }
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The inbound-webhook URL with the configured user and secret, ending in `/`.
    public var webhookURL: String {
        let configuration = self.configuration
        return "\(baseURL)/rest/\(configuration.webhookUserID)/\(configuration.webhookSecret)/"
    }

    // MARK: Configuration and seeding

    /// The current configuration.
    public var configuration: FakeBitrix24Configuration { settings.withLock { $0 } }

    /// Changes the configuration (scopes, secret, rate limit, …) while running; a changed rate limit starts
    /// with an empty bucket.
    public func updateConfiguration(_ change: (inout FakeBitrix24Configuration) -> Void) {
        let (before, after) = settings.withLock {
            configuration -> (FakeBitrix24Configuration.RateLimit?, FakeBitrix24Configuration.RateLimit?) in
            let before = configuration.rateLimit
            change(&configuration)
            return (before, configuration.rateLimit)
        }
        guard before != after else { return }
        // A new bucket starts empty.
        state.withLock { state in
            state.rateLimiter = after.map { FakeRateLimiter(capacity: $0.capacity, drainPerSecond: $0.drainPerSecond) }
        }
    }

    /// Adds or replaces a user.
    public func addUser(_ user: FakeBitrix24User) {
        state.withLock { $0.users[user.id] = user }
    }

    /// Changes a stored user (e.g. a new extension, deactivation).
    public func updateUser(id: Int, _ change: (inout FakeBitrix24User) -> Void) {
        state.withLock { state in
            guard var user = state.users[id] else { return }
            change(&user)
            state.users[id] = user
        }
    }

    /// Adds a CRM entity; an `id` of 0 gets the next free id. Returns the id.
    @discardableResult
    public func addCrmEntity(_ entity: FakeBitrix24CrmEntity) -> Int {
        state.withLock { $0.insertEntity(entity) }
    }

    // MARK: Faults

    /// Makes the next `times` requests (of `method`, lower-case, or of any method) fail with `fault`.
    public func injectFault(_ fault: FakeBitrix24Fault, times: Int = 1, method: String? = nil) {
        state.withLock {
            $0.faults.append(FakeQueuedFault(fault: fault, remaining: times, method: method?.lowercased()))
        }
    }

    /// Makes `method` answer 429 `OPERATION_TIME_LIMIT` until `resetAt` (clock seconds); other methods work.
    public func blockMethod(_ method: String, until resetAt: Double) {
        state.withLock { $0.blockedMethods[method.lowercased()] = resetAt }
    }

    /// Removes queued faults and method blocks.
    public func clearFaults() {
        state.withLock { state in
            state.faults.removeAll()
            state.blockedMethods.removeAll()
        }
    }

    // MARK: Inspection

    /// Every command received so far, in order (batch sub-commands included, flagged `inBatch`).
    public var journal: [FakeBitrix24JournalEntry] { state.withLock { $0.journal } }
    /// Waits until the journal satisfies `condition` (checked every 10 ms) or `timeout` passes.
    /// - Returns: whether it did.
    public func waitForJournal(
        timeout: Duration,
        _ condition: ([FakeBitrix24JournalEntry]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(journal) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Registered, unfinished calls.
    public var liveCalls: [String: FakeBitrix24LiveCall] { state.withLock { $0.liveCalls } }
    /// A finished call (statistics row) with its record.
    public func finishedCall(_ callID: String) -> FakeBitrix24FinishedCall? {
        state.withLock { $0.finishedCalls[callID] }
    }
    /// Call ids whose card is currently visible to the user.
    public func visibleCards(for userID: Int) -> Set<String> { state.withLock { $0.visibleCards[userID] ?? [] } }
    /// Every show/hide push, in order.
    public var cardEvents: [FakeBitrix24CardEvent] { state.withLock { $0.cardEvents } }
    /// Call summaries posted to chats.
    public var chatMessages: [FakeBitrix24ChatMessage] { state.withLock { $0.chatMessages } }
    /// A CRM entity by type (`LEAD`, `CONTACT`, `COMPANY`) and id.
    public func crmEntity(type: String, id: Int) -> FakeBitrix24CrmEntity? {
        state.withLock { $0.crm[FakeBitrix24EntityRef(type: type, id: id)] }
    }
    /// All entities of a type, by id.
    public func crmEntities(type: String) -> [FakeBitrix24CrmEntity] {
        state.withLock { $0.crm.values.filter { $0.type == type }.sorted { $0.id < $1.id } }
    }
    /// External lines created (explicitly or by `register` with an unknown `LINE_NUMBER`).
    public var lines: Set<String> { state.withLock { $0.lines } }
}

/// The fake portal could not bind 127.0.0.1.
public struct FakeBitrix24StartError: Error, CustomStringConvertible {
    /// What failed.
    public var description: String { "the fake Bitrix24 portal could not listen on 127.0.0.1" }
}
