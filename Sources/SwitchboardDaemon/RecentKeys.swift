public import Foundation

/// Keys seen within a time window (bounded): the de-duplication of events Bitrix24 delivers twice.
struct RecentKeys: Sendable {
    /// How long a key is remembered.
    let window: TimeInterval
    /// The most keys remembered (the oldest are forgotten first).
    let capacity: Int
    private var expiries: [String: Date] = [:]
    private var order: [(key: String, expiry: Date)] = []
    private var head = 0

    init(window: TimeInterval, capacity: Int = 100_000) {
        self.window = window
        self.capacity = capacity
    }

    /// Remembers `key` at `now`; false when it was seen within the window (a duplicate).
    mutating func insert(_ key: String, at now: Date) -> Bool {
        prune(now)
        if let expiry = expiries[key], expiry > now { return false }
        let expiry = now.addingTimeInterval(window)
        expiries[key] = expiry
        order.append((key, expiry))
        while expiries.count > capacity, head < order.count {
            forget(order[head])
            head += 1
        }
        return true
    }

    /// Forgets `key` (it was not handled after all).
    mutating func remove(_ key: String) {
        expiries.removeValue(forKey: key)
    }

    private mutating func prune(_ now: Date) {
        while head < order.count, order[head].expiry <= now {
            forget(order[head])
            head += 1
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    private mutating func forget(_ entry: (key: String, expiry: Date)) {
        if expiries[entry.key] == entry.expiry { expiries.removeValue(forKey: entry.key) }
    }
}
