/// One AMI user of manager.conf (a `[name]` section other than `[general]`), as manager.c reads it at login.
public struct ManagerUser: Sendable {
    /// The section name: the `Username:` of Login.
    public var name: String
    /// `secret`, if written.
    public var secret: AMISecret?
    /// `read`: the event classes the user may receive (none when left out).
    public var read: AMIClassSet
    /// `write`: the action classes the user may send (none when left out).
    public var write: AMIClassSet
    /// Labels of `read`/`write` Asterisk ignores (unknown, or written with spaces around them).
    public var ignoredLabels: [String]
    /// `writetimeout` in milliseconds (default 100).
    public var writeTimeout: Int
    /// The `eventfilter` lines Asterisk accepts, in order.
    public var eventFilters: AMIEventFilterSet
    /// The `eventfilter` lines Asterisk refuses (and ignores).
    public var refusedFilters: [AMIEventFilterError]
    /// `permit` and `deny` lines, in order.
    public var acl: [(rule: String, network: String)]

    /// Reads a user from its entries (templates first, then its own, in file order).
    init(name: String, entries: [(key: String, value: String)]) {
        self.name = name
        func last(_ key: String) -> String? { entries.last { $0.key.lowercased() == key }?.value }
        secret = last("secret").map(AMISecret.init)
        let read = AMIClassSet.parse(last("read") ?? "")
        let write = AMIClassSet.parse(last("write") ?? "")
        self.read = read.classes
        self.write = write.classes
        ignoredLabels = read.ignored + write.ignored
        writeTimeout = last("writetimeout").flatMap { Int($0) } ?? 100
        var filters: [AMIEventFilter] = []
        var refused: [AMIEventFilterError] = []
        var acl: [(String, String)] = []
        for entry in entries {
            let key = entry.key.lowercased()
            if key == "eventfilter" || key.hasPrefix("eventfilter(") {
                do { filters.append(try AMIEventFilter(key: entry.key, value: entry.value)) } catch {
                    refused.append(error)
                }
            } else if key == "permit" || key == "deny" {
                acl.append((key, entry.value))
            }
        }
        eventFilters = AMIEventFilterSet(filters)
        refusedFilters = refused
        self.acl = acl
    }
}
