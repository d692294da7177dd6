public import RuleDSL

extension Value {
    /// Maps merged key by key, `other` winning (recursively); anything else is replaced by `other`.
    public func merging(_ other: Value) -> Value {
        guard case .map(var mine) = self, case .map(let theirs) = other else { return other }
        for (key, value) in theirs { mine[key] = mine[key].map { $0.merging(value) } ?? value }
        return .map(mine)
    }
}
