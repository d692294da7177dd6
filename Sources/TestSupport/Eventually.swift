/// Awaits a condition (checking every 10 ms) up to `timeout`; returns whether it became true. For tests
/// that wait for an outcome instead of sleeping a fixed time. The default is generous: it only matters when the
/// outcome never comes, and a machine busy with parallel builds can take seconds to schedule a test's tasks.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
