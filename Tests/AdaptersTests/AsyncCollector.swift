/// Collects the elements of an async sequence so a test can await a condition on them (never a fixed sleep).
actor AsyncCollector<Element: Sendable> {
    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    private(set) var elements: [Element] = []
    private var waiters:
        [(id: Int, predicate: @Sendable ([Element]) -> Bool, continuation: CheckedContinuation<[Element], any Error>)] =
            []
    private var nextID = 0
    private var task: Task<Void, Never>?

    init<Source: AsyncSequence & Sendable>(_ source: Source) where Source.Element == Element, Source.Failure == Never {
        task = nil
        Task { await self.start(source) }
    }

    private func start<Source: AsyncSequence & Sendable>(_ source: Source)
    where Source.Element == Element, Source.Failure == Never {
        task = Task { [weak self] in
            for await element in source { await self?.append(element) }
        }
    }

    private func append(_ element: Element) {
        elements.append(element)
        let ready = waiters.filter { $0.predicate(elements) }
        waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
        for waiter in ready { waiter.continuation.resume(returning: elements) }
    }

    /// Waits until `predicate` holds for the elements collected so far, or throws after `timeout`.
    @discardableResult
    func wait(
        _ what: String,
        timeout: Duration = .seconds(5),
        until predicate: @escaping @Sendable ([Element]) -> Bool
    ) async throws -> [Element] {
        if predicate(elements) { return elements }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            await self?.expire(id, what)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append((id, predicate, continuation))
        }
    }

    private func expire(_ id: Int, _ what: String) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: TimedOut(what: what))
    }
}
