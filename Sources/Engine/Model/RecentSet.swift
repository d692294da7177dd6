/// A set that remembers only the last `capacity` insertions (tombstones of ended calls).
struct RecentSet: Sendable {
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func contains(_ value: String) -> Bool { members.contains(value) }

    mutating func insert(_ value: String) {
        guard members.insert(value).inserted else { return }
        if order.count < capacity {
            order.append(value)
        } else {
            members.remove(order[head])
            order[head] = value
            head = (head + 1) % capacity
        }
    }
}
