import AMIProtocol
import Foundation
import RuleDSL
import Testing

@testable import Engine

/// What keeps a call small in memory (the daemon holds tens of thousands at once, `engine bench memory`): its strings
/// kept once, its saved form remembered by fingerprint, its seldom-set fields out of line.
@Suite("Call memory")
struct CallMemoryTests {
    typealias Channel = AMIEvents.Channel

    /// Uniqueids of 16 characters and more (past Swift's 15-byte inline strings), as on a PBX that has run a while.
    static func trunk(_ call: Int) -> Channel {
        Channel(
            name: "PJSIP/trunk-\(String(format: "%08x", call))",
            uniqueid: "1800000000.\(100_000 + call * 10)",
            linkedid: "1800000000.\(100_000 + call * 10)",
            context: "from-trunk",
            exten: "74951112233",
            caller: "7916123456\(call)"
        )
    }

    static func phone(_ call: Int, _ phone: Int) -> Channel {
        Channel(
            name: "Local/20\(phone)@agents-\(String(format: "%08x", call * 10 + phone));1",
            uniqueid: "1800000000.\(100_000 + call * 10 + phone)",
            linkedid: "1800000000.\(100_000 + call * 10)",
            context: "agents",
            exten: "74951112233"
        )
    }

    /// A ring group: the caller's channel appears and dials three phones at once.
    static func ringGroup(_ call: Int, _ ami: inout AMIEvents) -> [AMIMessage] {
        [ami.at(Double(call)).event("Newchannel", trunk(call))]
            + (1...3).map { phone in
                ami.at(Double(call) + 0.1).event(
                    "DialBegin",
                    trunk(call),
                    dest: Self.phone(call, phone),
                    [AMIHeader("DialString", "20\(phone)@agents")]
                )
            }
    }

    /// Where a string's bytes live (the same address: one copy shared).
    static func storage(_ text: String) -> UInt? {
        var text = text
        return text.withUTF8 { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    @Test("a call's Uniqueids and channel names are kept once, whatever number of events named them")
    func stringsKeptOnce() throws {
        var model = CallModel()
        var ami = AMIEvents()
        for call in 0..<2 {
            for message in Self.ringGroup(call, &ami) { _ = model.handle(message, arrival: Date()) }
        }
        let first = try #require(model.calls[Self.trunk(0).linkedid])
        #expect(first.rung.count == 3)
        let callID = Self.storage(first.id)
        #expect(Self.storage(first.originUniqueid) == callID)
        for leg in first.legIDs.compactMap({ model.legs[$0] }) { #expect(Self.storage(leg.callID) == callID) }
        for ring in first.rung {
            let leg = try #require(model.legs[ring.member.uniqueid])
            #expect(Self.storage(ring.member.uniqueid) == Self.storage(leg.uniqueid))
            #expect(Self.storage(ring.member.channel) == Self.storage(leg.channel))
        }
        // The same phone ringing for two calls: its interface (`Local/201@agents`, 16 bytes) is one string.
        let second = try #require(model.calls[Self.trunk(1).linkedid])
        #expect(first.rung[0].member.interface == "Local/201@agents")
        #expect(Self.storage(first.rung[0].member.interface) == Self.storage(second.rung[0].member.interface))
    }

    @Test("the string pool hands out its own copy, passes short strings through and starts over when full")
    func stringPool() {
        var pool = StringPool(capacity: 2)
        let first = pool.intern(String(repeating: "a", count: 20))
        let again = pool.intern(String(repeating: "a", count: 20))
        #expect(Self.storage(first) == Self.storage(again))
        #expect(pool.intern("short") == "short")
        _ = pool.intern(String(repeating: "b", count: 20))
        // Full at two: a third string starts the pool over, and the first is no longer shared with new copies.
        _ = pool.intern(String(repeating: "c", count: 20))
        let later = pool.intern(String(repeating: "a", count: 20))
        #expect(later == first && Self.storage(later) != Self.storage(first))
    }

    @Test("a saved call's fingerprint changes with any part of it, and only then")
    func fingerprint() throws {
        var model = CallModel()
        var ami = AMIEvents()
        for message in Self.ringGroup(0, &ami) { _ = model.handle(message, arrival: Date()) }
        let saved = try #require(model.calls[Self.trunk(0).linkedid]).saved
        #expect(saved.fingerprint == saved.fingerprint)
        #expect(try #require(model.calls[Self.trunk(0).linkedid]).saved.fingerprint == saved.fingerprint)
        var changes: [SavedCall] = []
        var shown = saved
        shown.shown = [.int(101)]
        changes.append(shown)
        var bound = saved
        bound.bindings["b24"] = .map(["call_id": .string("externalCall.1")])
        changes.append(bound)
        var stopped = saved
        stopped.rings[1].isRinging = false
        changes.append(stopped)
        var gone = saved
        gone.callerGone = true
        changes.append(gone)
        for changed in changes { #expect(changed.fingerprint != saved.fingerprint) }
        #expect(Set(changes.map(\.fingerprint)).count == changes.count)
    }

    @Test("seldom-set fields live out of line: a call stays under 370 bytes in the model's table")
    func callSize() {
        // Each byte of a call is paid once per slot of the table of calls (1.6 slots per call at 10,000 calls).
        #expect(MemoryLayout<Call>.stride <= 368)
        #expect(MemoryLayout<OutOfLine<CallMember>>.size == 8)
        var model = CallModel()
        var ami = AMIEvents()
        for message in Self.ringGroup(0, &ami) { _ = model.handle(message, arrival: Date()) }
        let answer = ami.at(2).event(
            "DialEnd",
            Self.trunk(0),
            dest: Self.phone(0, 2),
            [AMIHeader("DialStatus", "ANSWER")]
        )
        let bridged = ami.at(2).event("BridgeEnter", Self.phone(0, 2), [AMIHeader("BridgeUniqueid", "b1")])
        _ = model.handle(answer, arrival: Date())
        _ = model.handle(bridged, arrival: Date())
        #expect(model.calls[Self.trunk(0).linkedid]?.answeringMember?.channel == Self.phone(0, 2).name)
    }
}
