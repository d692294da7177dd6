import Foundation
import OrderedCollections

/// Everything the fake portal stores. Mutated only under the portal's lock.
struct FakePortalState: Sendable {
    var users: [Int: FakeBitrix24User] = [:]
    var crm: [FakeBitrix24EntityRef: FakeBitrix24CrmEntity] = [:]
    /// The CRM entities by each of their phones, normalised (``insertEntity(_:)`` keeps it): a lookup costs the same
    /// with 10 or 100,000 entities, as on a real portal, so benchmarks time the engine, not this fake.
    var crmByPhone: [String: Set<FakeBitrix24EntityRef>] = [:]
    var nextCrmID = 100
    private(set) var liveCalls: [String: FakeBitrix24LiveCall] = [:]
    /// The live calls' ids by their number (``addLiveCall(_:)`` and ``removeLiveCall(_:)`` keep it): a register's
    /// de-duplication looks at the calls of its number, not at every call still live.
    private var liveCallsByPhone: [String: Set<String>] = [:]
    var finishedCalls: [String: FakeBitrix24FinishedCall] = [:]
    var nextStatisticID = 1
    var nextActivityID = 7000
    var nextFileID = 9000
    var lines: Set<String> = []
    var visibleCards: [Int: Set<String>] = [:]
    var cardEvents: [FakeBitrix24CardEvent] = []
    var chatMessages: [FakeBitrix24ChatMessage] = []
    var pendingUploads: [String: (callID: String, filename: String)] = [:]
    var journal: [FakeBitrix24JournalEntry] = []
    var faults: [FakeQueuedFault] = []
    /// Methods answering 429 `OPERATION_TIME_LIMIT` until the given time.
    var blockedMethods: [String: Double] = [:]
    var rateLimiter: FakeRateLimiter?
    var eventDeliveries: [FakeBitrix24EventDelivery] = []

    // MARK: Helpers shared by the method files

    /// Stores a registered call.
    mutating func addLiveCall(_ call: FakeBitrix24LiveCall) {
        liveCalls[call.callID] = call
        liveCallsByPhone[call.phone, default: []].insert(call.callID)
    }

    /// Forgets a live call (finished).
    mutating func removeLiveCall(_ callID: String) {
        guard let call = liveCalls.removeValue(forKey: callID) else { return }
        liveCallsByPhone[call.phone]?.remove(callID)
        if liveCallsByPhone[call.phone]?.isEmpty == true { liveCallsByPhone[call.phone] = nil }
    }

    /// The live calls of `phone` (normalised).
    func liveCalls(withPhone phone: String) -> [FakeBitrix24LiveCall] {
        (liveCallsByPhone[phone] ?? []).compactMap { liveCalls[$0] }
    }

    /// Digits only — how Bitrix normalises numbers for matching (`+7 (495) 123-45-67` → `74951234567`).
    static func normalizePhone(_ text: String) -> String {
        String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    }

    /// Finds a parameter under any of the names CRM methods accept (`fields`, `FIELDS`, `Fields`, `arFields`).
    static func crmParam(_ params: FakeJSONObject, _ name: String) -> FakeJSON? {
        let capitalized = name.prefix(1).uppercased() + name.dropFirst().lowercased()
        let prefixed = "ar" + capitalized
        for candidate in [name.lowercased(), name.uppercased(), capitalized, prefixed] {
            if let value = params[candidate] { return value }
        }
        return nil
    }

    func activeUser(withExtension ext: String) -> FakeBitrix24User? {
        users.values.sorted { $0.id < $1.id }.first { $0.active && $0.phoneInner == ext && !ext.isEmpty }
    }

    mutating func setCard(_ callID: String, for userID: Int, visible: Bool) {
        if visible {
            visibleCards[userID, default: []].insert(callID)
        } else {
            visibleCards[userID]?.remove(callID)
        }
        cardEvents.append(FakeBitrix24CardEvent(callID: callID, userID: userID, visible: visible))
    }

    /// CRM entities whose phone matches, in the order contacts → leads → companies.
    func entities(
        matchingPhone phone: String,
        order: [String] = ["CONTACT", "LEAD", "COMPANY"]
    ) -> [FakeBitrix24CrmEntity] {
        let wanted = Self.normalizePhone(phone)
        guard !wanted.isEmpty else { return [] }
        let matches = (crmByPhone[wanted] ?? []).compactMap { crm[$0] }
        return matches.sorted { lhs, rhs in
            let l = order.firstIndex(of: lhs.type) ?? order.count
            let r = order.firstIndex(of: rhs.type) ?? order.count
            return l == r ? lhs.id < rhs.id : l < r
        }
    }

    mutating func insertEntity(_ entity: FakeBitrix24CrmEntity) -> Int {
        var stored = entity
        if stored.id == 0 {
            stored.id = nextCrmID
            nextCrmID += 1
        } else {
            nextCrmID = max(nextCrmID, stored.id + 1)
        }
        let ref = FakeBitrix24EntityRef(type: stored.type, id: stored.id)
        for phone in crm[ref]?.phones ?? [] { crmByPhone[Self.normalizePhone(phone)]?.remove(ref) }
        crm[ref] = stored
        for phone in stored.phones { crmByPhone[Self.normalizePhone(phone), default: []].insert(ref) }
        return stored.id
    }
}
