import Foundation

/// Time-sensitive commands: a card shown for a call that ended ten minutes ago is wrong, so a `show` waiting longer
/// than ``DeliveryConfiguration/showCardMaxAge`` since it was written is given up (a dead letter saying so) instead
/// of sent. Register, finish, hide and CRM commands never expire.
extension DeliveryStateMachine {
    /// Notes the waiting cards past their maximum age in `unresolvable` (with a notice each); returns when the next
    /// one will be. Scans only when one is due.
    mutating func expireStaleCards(
        now: Date,
        into unresolvable: inout [Int64: (OutboxEntry, String)],
        actions: inout [DeliveryAction]
    ) -> Date? {
        guard let due = nextCardExpiry else { return nil }
        guard due <= now else { return due }
        let maximumAge = configuration.showCardMaxAge.seconds
        var next: Date?
        for queue in calls.values {
            for tracked in queue.entries where tracked.entry.command.kind == .show {
                let entry = tracked.entry
                let expiry = entry.enqueuedAt.addingTimeInterval(maximumAge)
                guard tracked.phase == .waiting else {
                    // In flight or being recorded: looked at again once it waits (a second later at the latest).
                    let again = max(expiry, now.addingTimeInterval(1))
                    next = min(next ?? again, again)
                    continue
                }
                guard expiry <= now else {
                    next = min(next ?? expiry, expiry)
                    continue
                }
                let age = now.timeIntervalSince(entry.enqueuedAt)
                unresolvable[entry.id] = (
                    entry, "expired: a card not shown within \(Int(maximumAge)) s of being asked for is no longer true"
                )
                actions.append(.notice(.cardExpired(entry, ageSeconds: age)))
            }
        }
        nextCardExpiry = next
        return next
    }

    /// Notes when a tracked card will expire.
    mutating func noteExpiry(of entry: OutboxEntry) {
        guard entry.command.kind == .show else { return }
        let expiry = entry.enqueuedAt.addingTimeInterval(configuration.showCardMaxAge.seconds)
        nextCardExpiry = min(nextCardExpiry ?? expiry, expiry)
    }
}
