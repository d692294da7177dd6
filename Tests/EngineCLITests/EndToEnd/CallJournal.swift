import Simulators

/// What the fake portal's journal holds about one Asterisk call (one Linkedid): its registers (found by
/// `EXTERNAL_CALL_ID` = `e2e:<Linkedid>`), the CALL_IDs they returned, and every show, hide and finish of those.
struct CallJournal {
    let externalCallID: String
    let registers: [FakeBitrix24JournalEntry]
    let callIDs: Set<String>
    let shows: [FakeBitrix24JournalEntry]
    let hides: [FakeBitrix24JournalEntry]
    let finishes: [FakeBitrix24JournalEntry]

    /// The successful commands of `journal` that belong to the call with `linkedid`.
    init(linkedid: String, journal: [FakeBitrix24JournalEntry]) {
        externalCallID = "\(EndToEndRig.pbxID):\(linkedid)"
        let succeeded = journal.filter { $0.status == 200 }
        let wanted = externalCallID
        let registered = succeeded.filter {
            $0.method == "telephony.externalcall.register" && $0.params["EXTERNAL_CALL_ID"]?.stringValue == wanted
        }
        registers = registered
        let ids = Set(registered.compactMap { $0.result?["CALL_ID"]?.stringValue })
        callIDs = ids
        let ofCall = succeeded.filter { $0.params["CALL_ID"]?.stringValue.map(ids.contains) ?? false }
        shows = ofCall.filter { $0.method == "telephony.externalcall.show" }
        hides = ofCall.filter { $0.method == "telephony.externalcall.hide" }
        finishes = ofCall.filter { $0.method == "telephony.externalcall.finish" }
    }

    /// Users a card was shown to (USER_ID may be one id or a list).
    var shownUsers: Set<Int> { Set(shows.flatMap(Self.users(of:))) }

    /// How many show commands named `user`.
    func showCount(for user: Int) -> Int { shows.filter { Self.users(of: $0).contains(user) }.count }

    static func users(of entry: FakeBitrix24JournalEntry) -> [Int] {
        (entry.params["USER_ID"]?.listValue ?? []).compactMap(\.intValue)
    }

    /// One line per command, for failure messages.
    static func describe(_ journal: [FakeBitrix24JournalEntry]) -> String {
        journal.map {
            "#\($0.sequence) \($0.method) \($0.status) \($0.params.serialized) → \($0.result?.serialized ?? "-")"
        }
        .joined(separator: "\n")
    }
}
