/// Awaits a condition (checking every 10 ms) up to `timeout`; returns whether it became true. For tests
/// that wait for an outcome instead of sleeping a fixed time.
public func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
