public import Foundation
public import RuleDSL

extension Call {
    /// The call as rules read it (`call.*`, the catalog's `call` object) at `now`, plus `as:` bindings.
    /// Optional fields are left out when unknown, and so is `direction` before it is decided (a rule on an AMI
    /// event of such a call reads it as absent); `shown` lists the users whose card
    /// the rules showed and have not hidden (nor finished) since.
    public func snapshot(at now: Date) -> Value {
        var fields = bindings
        fields.reserveCapacity(bindings.count + 17)
        fields["id"] = .string(id)
        fields["direction"] = direction.map { .string($0.rawValue) }
        fields["caller"] = caller.map(Value.string)
        fields["callee"] = callee.map(Value.string)
        fields["did"] = did.map(Value.string)
        fields["queue"] = queue.map(Value.string)
        fields["answered"] = .bool(isAnswered)
        fields["answered_by"] = answeredBy.map(Value.string)
        fields["shown"] = .list(shown)
        fields["started_at"] = .string(Self.iso8601(startedAt))
        fields["talk_seconds"] = .int(talkSeconds(at: now))
        fields["recording"] = recording.map(Value.string)
        fields["dial_status"] = dialStatus.map(Value.string)
        fields["vars"] = .map(vars)
        fields["b24_call_id"] = b24CallID.map(Value.string)
        fields["b24_user"] = b24User.map(Value.int)
        return .map(fields)
    }

    /// ISO-8601 with an explicit offset in this machine's time zone (`2026-11-25T02:50:12+03:00`; UTC is written
    /// `+00:00`, not `Z`), as Bitrix24's CALL_START_DATE expects.
    static func iso8601(_ date: Date) -> String {
        let text = date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: .current))
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }
}
