/// A user's event filters together (manager.c `should_send_event()`): no filters let everything through; with
/// include filters only, an event must match one; with exclude filters only, it must match none; with both, it
/// must match an include and no exclude.
public struct AMIEventFilterSet: Sendable, Hashable {
    /// The filters, in file order.
    public var filters: [AMIEventFilter]

    /// A set of filters.
    public init(_ filters: [AMIEventFilter] = []) {
        self.filters = filters
    }

    /// Whether the filters let `message` through.
    public func allows(_ message: AMIMessage) -> Bool {
        let includes = filters.filter { $0.action == .include }
        let excludes = filters.filter { $0.action == .exclude }
        if !includes.isEmpty, !includes.contains(where: { $0.matches(message) }) { return false }
        return !excludes.contains { $0.matches(message) }
    }

    /// The filter that drops `message`: the first matching exclude, or (nil, true) when no include matches it.
    public func reason(dropping message: AMIMessage) -> (filter: AMIEventFilter?, noIncludeMatched: Bool)? {
        let includes = filters.filter { $0.action == .include }
        if !includes.isEmpty, !includes.contains(where: { $0.matches(message) }) { return (nil, true) }
        guard let exclude = filters.first(where: { $0.action == .exclude && $0.matches(message) }) else { return nil }
        return (exclude, false)
    }
}
