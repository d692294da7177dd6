import OrderedCollections

/// What a method produced: `result` plus, for list methods, `total` and `next`.
struct FakeMethodOutput: Sendable {
    var result: FakeJSON
    var total: Int?
    var next: Int?

    init(_ result: FakeJSON, total: Int? = nil, next: Int? = nil) {
        self.result = result
        self.total = total
        self.next = next
    }
}
