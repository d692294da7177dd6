extension CallModel {
    /// The model's own copy of a Uniqueid it already holds (its leg's), else `uniqueid`. Every event that names a
    /// channel brings its own copy of the text; keeping the first one everywhere (legs, rings, the call's legs) holds
    /// one call's Uniqueids and channel names once instead of once per event that named them.
    func shared(uniqueid: String) -> String {
        legs[uniqueid]?.uniqueid ?? uniqueid
    }

    /// `member` holding the strings the model already has: its leg's Uniqueid and channel name, and the pooled
    /// interface.
    mutating func shared(_ member: CallMember) -> CallMember {
        var member = member
        if let leg = legs[member.uniqueid] {
            member.uniqueid = leg.uniqueid
            if leg.channel == member.channel { member.channel = leg.channel }
        }
        member.interface = texts.intern(member.interface)
        return member
    }
}
