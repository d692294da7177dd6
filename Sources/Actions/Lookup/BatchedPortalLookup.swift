public import Adapters
import Synchronization

/// CRM lookups through the scheduler's urgent lane (``PortalScheduler/urgent(_:)``), those asked at the same moment
/// sent together: a lookup asked while the portal is idle goes at once, alone; lookups asked while others are on their
/// way wait for a free place (at most ``maxInFlight`` requests at once) and then go in one `batch` of up to 50 — one
/// unit of the portal's rate limit instead of one each, one HTTP request to make and read instead of fifty. Each lookup
/// gets its own result or its own error; nothing is written to the outbox, nothing is retried.
///
/// ``run()`` sends; it must run (the daemon runs it in the lookup lane's service) for lookups to be answered. A caller
/// that stops waiting (its FastAGI deadline) leaves the queue, or ignores its answer.
public final class BatchedPortalLookup: PortalLookup {
    private struct Pending: Sendable {
        let id: Int
        let phone: String
    }

    private struct State {
        var queue: [Pending] = []
        var waiters: [Int: CheckedContinuation<Bitrix24Value, any Error>] = [:]
        var lastID = 0
        var inFlight = 0
    }

    /// Requests on their way at once.
    public let maxInFlight: Int
    private let scheduler: PortalScheduler
    private let state = Mutex(State())
    private let wake = WakeSignal()

    /// Lookups through `scheduler`'s client and bucket, at most `maxInFlight` requests at once.
    public init(scheduler: PortalScheduler, maxInFlight: Int = 4) {
        self.scheduler = scheduler
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Lookups asked and not sent yet.
    public var queued: Int { state.withLock { $0.queue.count } }

    public func searchCRM(phone: String) async throws -> Bitrix24Value {
        let id = state.withLock { state -> Int in
            state.lastID += 1
            return state.lastID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bitrix24Value, any Error>) in
                let queued = state.withLock { state -> Bool in
                    guard !Task.isCancelled else { return false }
                    state.queue.append(Pending(id: id, phone: phone))
                    state.waiters[id] = continuation
                    return true
                }
                if queued { wake.signal() } else { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.queue.removeAll { $0.id == id }
                return state.waiters.removeValue(forKey: id)
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Sends the queued lookups until cancelled: each free place takes what is queued (up to a batch).
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let batch = state.withLock { state -> [Pending] in
                    guard state.inFlight < maxInFlight, !state.queue.isEmpty else { return [] }
                    let taken = Self.takeBatch(from: &state.queue)
                    state.inFlight += 1
                    return taken
                }
                if batch.isEmpty {
                    await wake.wait()
                    continue
                }
                group.addTask {
                    await self.send(batch)
                    self.state.withLock { $0.inFlight -= 1 }
                    self.wake.signal()
                }
            }
        }
        let abandoned = state.withLock { state in
            state.queue.removeAll()
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in abandoned { waiter.resume(throwing: CancellationError()) }
    }

    /// The next request's lookups: up to a batch, in the order they were asked; a number holding `$result[` (which the
    /// portal would substitute inside a batch) goes alone.
    private static func takeBatch(from queue: inout [Pending]) -> [Pending] {
        let alone: (Pending) -> Bool = { Bitrix24BatchCommand.holdsReferenceText(.string($0.phone)) }
        if let first = queue.first, alone(first) { return [queue.removeFirst()] }
        var taken: [Pending] = []
        var index = 0
        while index < queue.count, taken.count < Bitrix24Client.batchLimit {
            if alone(queue[index]) {
                index += 1
            } else {
                taken.append(queue.remove(at: index))
            }
        }
        return taken
    }

    private func send(_ batch: [Pending]) async {
        var outcomes: [Int: Result<Bitrix24Value, any Error>] = [:]
        do {
            if batch.count == 1, let only = batch.first {
                let request = Bitrix24CrmSearchRequest(phoneNumber: only.phone)
                let result = try await scheduler.urgent { client in
                    try await client.call(request.method, request.parameters).result
                }
                outcomes[only.id] = .success(result)
            } else {
                let commands = batch.map { pending in
                    let request = Bitrix24CrmSearchRequest(phoneNumber: pending.phone)
                    return Bitrix24BatchCommand(
                        key: "s\(pending.id)",
                        method: request.method,
                        params: request.parameters
                    )
                }
                let answer = try await scheduler.urgent { client in try await client.batch(commands) }
                for (pending, command) in zip(batch, commands) {
                    if let result = answer.results[command.key] {
                        outcomes[pending.id] = .success(result)
                    } else {
                        let error =
                            answer.errors[command.key]
                            ?? Bitrix24Error(
                                method: command.method,
                                reason: .malformedResponse(status: 200, detail: "the batch has no answer for it"),
                                action: .giveUp
                            )
                        outcomes[pending.id] = .failure(error)
                    }
                }
            }
        } catch {
            for pending in batch { outcomes[pending.id] = .failure(error) }
        }
        let answered = state.withLock { state in
            batch.compactMap { pending in state.waiters.removeValue(forKey: pending.id).map { (pending.id, $0) } }
        }
        for (id, waiter) in answered {
            waiter.resume(with: outcomes[id] ?? .failure(CancellationError()))
        }
    }
}
