import Simulators

/// Reads the fake portal's journal per call: what took effect, how often, in which order.
struct JournalAudit {
    /// One command that took effect (HTTP 200 or a successful batch sub-command).
    struct Effect {
        let sequence: Int
        let method: String
        let result: FakeJSON?
        let inBatch: Bool
    }

    let journal: [FakeBitrix24JournalEntry]
    /// CALL_IDs the portal handed out per EXTERNAL_CALL_ID (call key).
    private(set) var callIDs: [String: Set<String>] = [:]
    /// Effects per call key, in journal order.
    private(set) var effects: [String: [Effect]] = [:]

    init(_ journal: [FakeBitrix24JournalEntry]) {
        self.journal = journal
        var callKeyByCallID: [String: String] = [:]
        for entry in journal where entry.status == 200 && entry.method == "telephony.externalcall.register" {
            guard let key = entry.params["EXTERNAL_CALL_ID"]?.stringValue,
                let id = entry.result?["CALL_ID"]?.stringValue
            else { continue }
            callIDs[key, default: []].insert(id)
            callKeyByCallID[id] = key
        }
        for entry in journal where entry.status == 200 && entry.method != "batch" {
            let key: String?
            switch entry.method {
            case "telephony.externalcall.register": key = entry.params["EXTERNAL_CALL_ID"]?.stringValue
            case "crm.lead.add", "crm.duplicate.findbycomm": key = nil
            default: key = entry.params["CALL_ID"]?.stringValue.flatMap { callKeyByCallID[$0] }
            }
            guard let key else { continue }
            effects[key, default: []].append(
                Effect(sequence: entry.sequence, method: entry.method, result: entry.result, inBatch: entry.inBatch)
            )
        }
    }

    /// HTTP requests the portal received (a batch once).
    var requests: [FakeBitrix24JournalEntry] { journal.filter { !$0.inBatch } }
    /// Requests refused with 503 `QUERY_LIMIT_EXCEEDED` by the portal's own bucket (not injected faults).
    var rateLimited: Int { journal.filter { !$0.inBatch && $0.status == 503 && $0.fault == nil }.count }

    func count(_ method: String, call: String) -> Int {
        effects[call, default: []].filter { $0.method == method }.count
    }

    /// Problems with the per-call order: a show/hide before the register, a show/hide that took effect
    /// (answered `true`) after the finish.
    func orderProblems(call: String) -> [String] {
        let list = effects[call, default: []]
        var problems: [String] = []
        guard let register = list.first(where: { $0.method == "telephony.externalcall.register" }) else {
            return ["\(call): no register"]
        }
        let finish = list.first { $0.method == "telephony.externalcall.finish" }
        for effect in list where effect.method.hasSuffix(".show") || effect.method.hasSuffix(".hide") {
            if effect.sequence < register.sequence { problems.append("\(call): \(effect.method) before register") }
            if let finish, effect.sequence > finish.sequence, effect.result == .bool(true) {
                problems.append("\(call): \(effect.method) after finish")
            }
        }
        let show = list.first { $0.method.hasSuffix(".show") }
        if let hide = list.first(where: { $0.method.hasSuffix(".hide") }), let show, hide.sequence < show.sequence {
            problems.append("\(call): hide before show")
        }
        return problems
    }
}
