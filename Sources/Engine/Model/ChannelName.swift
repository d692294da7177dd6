/// Facts read from Asterisk channel names.
public enum ChannelName {
    /// The channel name without a Local half marker: `Local/201@agents-00000001;1` → `Local/201@agents-00000001`.
    /// Both halves of a Local channel share it, which is how they are folded into one leg of the call.
    public static func base(of channel: String) -> Substring {
        if channel.hasSuffix(";1") || channel.hasSuffix(";2") { return channel.dropLast(2) }
        return Substring(channel)
    }

    /// The interface a channel was dialled on: the base without the final `-<hex>` suffix Asterisk appends
    /// (`PJSIP/201-0000002a` → `PJSIP/201`, `Local/201@agents-00000001;1` → `Local/201@agents`).
    public static func interface(of channel: String) -> String {
        let base = base(of: channel)
        guard let dash = base.lastIndex(of: "-") else { return String(base) }
        let suffix = base[base.index(after: dash)...]
        guard suffix.count >= 4, suffix.allSatisfy(\.isHexDigit) else { return String(base) }
        return String(base[..<dash])
    }
}
