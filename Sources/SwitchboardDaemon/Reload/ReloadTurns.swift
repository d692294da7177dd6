/// Whose turn it is to reload, as a pure state machine: requests are numbered as they come, one reload runs at a
/// time, and a reload answers every request made before it started. A request made while a reload runs waits for the
/// next one — which the first waiter to wake starts, for all of them: N requests during a reload cost one more
/// reload.
struct ReloadTurns: Sendable {
    /// What the holder of a request does next.
    enum Next: Equatable {
        /// Run a reload; it answers every request up to `covering`.
        case run(covering: Int)
        /// Wait for the running reload to finish, then ask again.
        case wait
        /// A reload that started after the request has finished: take its report.
        case answered
    }

    private var requested = 0
    /// Every request up to this one has been answered.
    private var answered = 0
    /// The last request the running reload answers, while one runs.
    private var running: Int?

    /// A new request's number.
    mutating func request() -> Int {
        requested += 1
        return requested
    }

    /// What the holder of `ticket` does now.
    mutating func next(for ticket: Int) -> Next {
        if answered >= ticket { return .answered }
        if running != nil { return .wait }
        running = requested
        return .run(covering: requested)
    }

    /// The running reload finished.
    mutating func finished() {
        if let running { answered = running }
        running = nil
    }
}
